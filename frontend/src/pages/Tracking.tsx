import { useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { ErrorState } from '../components/Feedback'
import { StatusBadge } from '../components/StatusBadge'
import { graphql } from '../gql'
import type { ParcelTrackingFieldsFragment } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { formatDate, formatDateRange, formatDateTime } from '../lib/format'
import { Link, navigate } from '../lib/router'
import { useParcelLive } from './useParcelLive'

// One fragment for everything the page shows, shared by the query and the live subscription.
export const ParcelTrackingFields = graphql(`
  fragment ParcelTrackingFields on ParcelTracking {
    trackingNumber
    status
    subStatus
    carrierName
    serviceLevel
    etaFrom
    etaTo
    promisedDate
    late
    originCity
    destinationCity
    lastEventAt
    events {
      id
      status
      subStatus
      description
      locationName
      city
      occurredAt
    }
  }
`)

export const TrackParcelDocument = graphql(`
  query TrackParcel($trackingNumber: String!) {
    trackParcel(trackingNumber: $trackingNumber) {
      ...ParcelTrackingFields
    }
  }
`)

export type ParcelTracking = ParcelTrackingFieldsFragment

/** Tracking numbers are printed in groups and typed in lower case; the API wants them bare. */
export function normalizeTrackingNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase()
}

export function TrackForm({ initial = '' }: { initial?: string }) {
  const { t } = useI18n()
  const [value, setValue] = useState(initial)
  const [invalid, setInvalid] = useState(false)
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const number = normalizeTrackingNumber(value)
    if (!number) {
      setInvalid(true)
      return
    }
    setInvalid(false)
    navigate(`/track/${encodeURIComponent(number)}`)
  }
  return (
    <form className="track-form" onSubmit={onSubmit} noValidate>
      <label htmlFor="tracking-number">{t('track.numberLabel')}</label>
      <div className="track-form-row">
        <input
          id="tracking-number"
          name="trackingNumber"
          data-testid="tracking-input"
          value={value}
          placeholder={t('track.numberPlaceholder')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'tracking-number-error' : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="btn btn-primary">
          {t('track.submit')}
        </button>
      </div>
      {invalid ? (
        <p id="tracking-number-error" className="field-error" role="alert">
          {t('track.required')}
        </p>
      ) : null}
    </form>
  )
}

export function TrackPage() {
  const { t } = useI18n()
  return (
    <section className="page page-narrow" aria-labelledby="track-title">
      <h1 id="track-title">{t('track.title')}</h1>
      <p className="muted">{t('track.subtitle')}</p>
      <TrackForm />
      <p className="aside-link">
        <Link to="/orders/find" data-testid="guest-lookup-link">
          {t('track.guestLink')}
        </Link>
      </p>
    </section>
  )
}

export function TrackingResultPage({ trackingNumber }: { trackingNumber: string }) {
  const { t } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TrackParcelDocument,
    variables: { trackingNumber },
  })
  const found = data?.trackParcel ?? null
  // Live updates replace what the query returned, as soon as the first one arrives.
  const live = useParcelLive(trackingNumber, !!found)
  const parcel = live.parcel ?? found

  return (
    <section className="page page-narrow" aria-labelledby="track-title">
      <h1 id="track-title" className="visually-hidden">
        {t('track.title')}
      </h1>
      <TrackForm key={trackingNumber} initial={trackingNumber} />
      {fetching && !data ? <TrackingSkeleton /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && !parcel ? (
        <div className="notice notice-warning" role="alert" data-testid="tracking-not-found">
          <p className="notice-title">{t('track.notFoundTitle')}</p>
          <p>{t('track.notFoundBody', { number: trackingNumber })}</p>
        </div>
      ) : null}
      {parcel ? <ParcelDetails parcel={parcel} live={live.connected} /> : null}
    </section>
  )
}

function TrackingSkeleton() {
  const { t } = useI18n()
  return (
    <div className="card skeleton" role="status">
      <span className="visually-hidden">{t('common.loading')}</span>
      <span className="sk-line sk-short" />
      <span className="sk-line" />
      <span className="sk-line sk-mid" />
      <span className="sk-line" />
    </div>
  )
}

export function ParcelDetails({ parcel, live = false }: { parcel: ParcelTracking; live?: boolean }) {
  const { t, tv, locale } = useI18n()
  const na = t('common.notAvailable')
  const eta = formatDateRange(parcel.etaFrom, parcel.etaTo, locale)
  const events = [...parcel.events].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))
  const route = [parcel.originCity, parcel.destinationCity].filter(Boolean).join(' → ')

  return (
    <div className="tracking" data-testid="tracking-result">
      <div className="card tracking-summary">
        <div className="tracking-head">
          <div>
            <p className="eyebrow">{t('track.numberLabel')}</p>
            <p className="tracking-number" data-testid="tracking-number">
              {parcel.trackingNumber}
            </p>
          </div>
          <div className="tracking-status">
            {live ? (
              <span className="live-dot" title={t('track.live')}>
                {t('track.live')}
              </span>
            ) : null}
            <StatusBadge status={parcel.status} kind="parcelStatus" />
          </div>
        </div>
        {parcel.subStatus && tv('parcelSubStatus', parcel.subStatus) !== tv('parcelStatus', parcel.status) ? (
          <p className="muted">{tv('parcelSubStatus', parcel.subStatus)}</p>
        ) : null}

        {parcel.late ? (
          <div className="notice notice-danger late-banner" role="alert" data-testid="late-banner">
            <p>{t('track.lateBanner')}</p>
          </div>
        ) : null}

        <dl className="facts">
          <div className="fact-wide">
            <dt>{t('track.eta')}</dt>
            <dd className="fact-strong">{eta || t('track.etaUnknown')}</dd>
          </div>
          <div>
            <dt>{t('track.promised')}</dt>
            <dd>{formatDate(parcel.promisedDate, locale) || na}</dd>
          </div>
          <div>
            <dt>{t('track.carrier')}</dt>
            <dd>{parcel.carrierName || na}</dd>
          </div>
          <div>
            <dt>{t('track.service')}</dt>
            <dd>{parcel.serviceLevel ? tv('serviceLevel', parcel.serviceLevel) : na}</dd>
          </div>
          {route ? (
            <div>
              <dt>{t('track.route')}</dt>
              <dd>{route}</dd>
            </div>
          ) : null}
          {parcel.lastEventAt ? (
            <div>
              <dt>{t('track.lastUpdate')}</dt>
              <dd>
                <time dateTime={parcel.lastEventAt}>{formatDateTime(parcel.lastEventAt, locale)}</time>
              </dd>
            </div>
          ) : null}
        </dl>
      </div>

      <div className="card">
        <h2 className="card-title">{t('track.timeline')}</h2>
        {events.length === 0 ? (
          <p className="muted">{t('track.noEvents')}</p>
        ) : (
          <ol className="timeline" data-testid="timeline">
            {events.map((ev, i) => (
              <li
                key={ev.id}
                className={i === 0 ? 'timeline-item current' : 'timeline-item'}
                data-testid="timeline-event"
              >
                <span className="timeline-dot" aria-hidden="true" />
                <div className="timeline-body">
                  <p className="timeline-status">
                    <strong>{tv('parcelStatus', ev.status)}</strong>
                    {ev.subStatus && tv('parcelSubStatus', ev.subStatus) !== tv('parcelStatus', ev.status) ? (
                      <span className="muted"> · {tv('parcelSubStatus', ev.subStatus)}</span>
                    ) : null}
                  </p>
                  {ev.description ? <p className="timeline-desc">{ev.description}</p> : null}
                  <p className="timeline-meta">
                    <time dateTime={ev.occurredAt}>{formatDateTime(ev.occurredAt, locale)}</time>
                    {ev.locationName || ev.city ? <span> · {ev.locationName || ev.city}</span> : null}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  )
}
