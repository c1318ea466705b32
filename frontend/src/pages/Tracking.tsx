// The public tracking page: /track (look a parcel up by number, by order + email, or by scanning
// the label's QR code) and /track/<number> (status, milestones, the live timeline, the ETA,
// the route map, a delay banner, contact support and the delivery survey).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { ErrorState } from '../components/Feedback'
import { RouteMap } from '../components/RouteMap'
import { StatusBadge } from '../components/StatusBadge'
import { Timeline } from '../components/Timeline'
import { TimelineProgress } from '../components/TimelineProgress'
import { useI18n } from '../i18n/i18n'
import { formatDate, formatDateRange, formatDateTime } from '../lib/format'
import { Link, navigate } from '../lib/router'
import {
  carrierLabel,
  cityNames,
  isValidS10,
  localCity,
  normalizeTrackingNumber,
  pickLanguage,
  TrackParcelDocument,
  type Parcel,
} from './TrackingData'
import { TrackOrderLookup } from './TrackingOrderLookup'
import { canScan, QrScanner } from './TrackingScanner'
import { ContactSupport, DeliverySurvey } from './TrackingSupport'
import { useParcelLive, type LiveParcel, type LiveState } from './useParcelLive'
import './Tracking.css'

export { normalizeTrackingNumber, isValidS10, TrackParcelDocument } from './TrackingData'
export type { Parcel } from './TrackingData'

export function TrackForm({ initial = '' }: { initial?: string }) {
  const { t } = useI18n()
  const [value, setValue] = useState(initial)
  const [invalid, setInvalid] = useState(false)
  // the format hint shows once the visitor is done typing (blur or submit), or for a number in the URL
  const [checked, setChecked] = useState(!!initial)
  const [scanning, setScanning] = useState(false)
  const [scanAvailable] = useState(canScan)
  const number = normalizeTrackingNumber(value)
  const hint = checked && number !== '' && !isValidS10(number)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setChecked(true)
    if (!number) {
      setInvalid(true)
      return
    }
    setInvalid(false)
    navigate(`/track/${encodeURIComponent(number)}`)
  }
  const describedBy = [invalid ? 'tracking-number-error' : '', hint ? 'tracking-number-hint' : ''].filter(Boolean).join(' ')
  return (
    <div className="trk-form-wrap">
      <form className="track-form" onSubmit={onSubmit} noValidate role="search">
        <label htmlFor="tracking-number">{t('track.numberLabel')}</label>
        <div className="track-form-row">
          <input
            id="tracking-number"
            name="trackingNumber"
            data-testid="tracking-input"
            value={value}
            placeholder={t('trk.numberPlaceholder')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="search"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy || undefined}
            onChange={(e) => setValue(e.target.value)}
            onBlur={() => setChecked(true)}
          />
          <button type="submit" className="btn btn-primary">
            {t('track.submit')}
          </button>
          {scanAvailable ? (
            <button
              type="button"
              className="btn btn-secondary trk-scan-button"
              onClick={() => setScanning(true)}
              aria-expanded={scanning}
              data-testid="scan-button"
            >
              <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                <path
                  fill="currentColor"
                  d="M3 3h7v7H3V3Zm2 2v3h3V5H5Zm9-2h7v7h-7V3Zm2 2v3h3V5h-3ZM3 14h7v7H3v-7Zm2 2v3h3v-3H5Zm9-2h2v2h-2v-2Zm2 2h2v2h-2v-2Zm2-2h3v2h-3v-2Zm-4 4h2v3h-2v-3Zm4 0h3v3h-2v-1h-1v-2Z"
                />
              </svg>
              <span className="trk-scan-text">{t('trk.scan.button')}</span>
            </button>
          ) : null}
        </div>
        {invalid ? (
          <p id="tracking-number-error" className="field-error" role="alert">
            {t('track.required')}
          </p>
        ) : null}
        {hint ? (
          <p id="tracking-number-hint" className="field-hint trk-format-hint" data-testid="tracking-format-hint">
            {t('trk.formatHint')}
          </p>
        ) : null}
      </form>
      {scanning ? (
        <QrScanner
          onClose={() => setScanning(false)}
          onNumber={(n) => {
            setScanning(false)
            navigate(`/track/${encodeURIComponent(n)}`)
          }}
        />
      ) : null}
    </div>
  )
}

type LookupMode = 'number' | 'order'

export function TrackPage() {
  const { t } = useI18n()
  const [mode, setMode] = useState<LookupMode>('number')
  const tabs: { id: LookupMode; label: string }[] = [
    { id: 'number', label: t('trk.lookup.byNumber') },
    { id: 'order', label: t('trk.lookup.byOrder') },
  ]
  return (
    <section className="page page-narrow" aria-labelledby="track-title">
      <div>
        <h1 id="track-title">{t('track.title')}</h1>
        <p className="muted">{t('trk.subtitle')}</p>
      </div>
      <div className="card trk-lookup">
        <div className="chips trk-lookup-tabs" role="group" aria-label={t('trk.lookup.how')}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              className="chip"
              aria-pressed={mode === tab.id}
              onClick={() => setMode(tab.id)}
              data-testid={`lookup-${tab.id}`}
            >
              {tab.label}
            </button>
          ))}
        </div>
        {mode === 'number' ? <TrackForm /> : <TrackOrderLookup />}
      </div>
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
    requestPolicy: 'cache-and-network',
  })
  const found: Parcel | null = data?.trackParcel ?? null
  const live = useParcelLive(trackingNumber, found)

  return (
    <section className="page trk-page" aria-labelledby="track-title">
      <h1 id="track-title" className="visually-hidden">
        {t('track.parcel', { number: trackingNumber })}
      </h1>
      <TrackForm key={trackingNumber} initial={trackingNumber} />
      {fetching && !data ? <TrackingSkeleton /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && !found ? (
        <div className="notice notice-warning" role="alert" data-testid="tracking-not-found">
          <p className="notice-title">{t('track.notFoundTitle')}</p>
          <p>{t('track.notFoundBody', { number: trackingNumber })}</p>
          <p>
            <Link to="/track">{t('trk.lookup.byOrder')}</Link>
          </p>
        </div>
      ) : null}
      {live.parcel ? <ParcelDetails parcel={live.parcel} liveState={live.state} onReconnect={live.retry} /> : null}
    </section>
  )
}

function TrackingSkeleton() {
  const { t } = useI18n()
  return (
    <div className="card skeleton" role="status" data-testid="tracking-loading">
      <span className="visually-hidden">{t('common.loading')}</span>
      <span className="sk-line sk-short" />
      <span className="sk-line" />
      <span className="sk-line sk-mid" />
      <span className="sk-line" />
    </div>
  )
}

const LIVE_LABELS = {
  connecting: 'trk.live.connecting',
  live: 'track.live',
  reconnecting: 'trk.live.reconnecting',
  offline: 'trk.live.offline',
} as const

export function LiveIndicator({ state, onReconnect }: { state: LiveState; onReconnect?: () => void }) {
  const { t } = useI18n()
  return (
    <span className="trk-live-wrap">
      <span className={`trk-live trk-live-${state}`} role="status" data-testid="live-indicator" data-state={state} title={t(`trk.live.title.${state}`)}>
        {t(LIVE_LABELS[state])}
      </span>
      {state === 'offline' && onReconnect ? (
        <button type="button" className="btn btn-ghost btn-small" onClick={onReconnect} data-testid="live-reconnect">
          {t('trk.live.reconnect')}
        </button>
      ) : null}
    </span>
  )
}

/** Tells screen readers about events that arrive live (the timeline itself is not a live region). */
function NewEventAnnouncer({ parcel }: { parcel: LiveParcel }) {
  const { t, tv, locale } = useI18n()
  const [text, setText] = useState('')
  const last = useRef<readonly string[]>([])
  useEffect(() => {
    if (parcel.added.length === 0 || parcel.added === last.current) return
    last.current = parcel.added
    const newest = parcel.events.find((e) => parcel.added.includes(e.id))
    if (newest) {
      const what = newest.description ? pickLanguage(newest.description, locale) : tv('parcelStatus', newest.status)
      setText(t('trk.announce', { what }))
    }
  }, [parcel, t, tv, locale])
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="live-announcer">
      {text}
    </p>
  )
}

export function ParcelDetails({
  parcel,
  liveState = 'connecting',
  onReconnect,
}: {
  parcel: LiveParcel
  liveState?: LiveState
  onReconnect?: () => void
}) {
  const { t, tv, locale } = useI18n()
  const na = t('common.notAvailable')
  const english = cityNames([...parcel.route, ...(parcel.destination ? [parcel.destination] : [])])
  const city = (c: string) => localCity(c, locale, english)
  const delivered = parcel.status === 'DELIVERED'
  const eta = formatDateRange(parcel.etaFrom, parcel.etaTo, locale)
  const route = [parcel.originCity, parcel.destinationCity].filter(Boolean).map(city).join(' → ')
  const timelineId = useId()
  const lateReason = parcel.lateReason ? pickLanguage(parcel.lateReason, locale) : ''

  return (
    <div className="tracking trk-result" data-testid="tracking-result" data-status={parcel.status}>
      <NewEventAnnouncer parcel={parcel} />
      <div className="card tracking-summary">
        <div className="tracking-head">
          <div>
            <p className="eyebrow">
              {parcel.isReturn ? t('trk.returnParcel') : t('track.numberLabel')}
            </p>
            <p className="tracking-number" data-testid="tracking-number">
              {parcel.trackingNumber}
            </p>
          </div>
          <div className="tracking-status">
            <LiveIndicator state={liveState} onReconnect={onReconnect} />
            <span data-testid="parcel-status">
              <StatusBadge status={parcel.status} kind="parcelStatus" />
            </span>
          </div>
        </div>
        {parcel.subStatus && tv('parcelSubStatus', parcel.subStatus) !== tv('parcelStatus', parcel.status) ? (
          <p className="muted trk-substatus">{tv('parcelSubStatus', parcel.subStatus)}</p>
        ) : null}

        <TimelineProgress status={parcel.status} events={parcel.events} />

        {parcel.late ? (
          <div className="notice notice-danger late-banner" role="alert" data-testid="late-banner">
            <p className="notice-title">{delivered ? t('trk.lateDeliveredTitle') : t('trk.lateTitle')}</p>
            <p>{lateReason || t('track.lateBanner')}</p>
          </div>
        ) : null}

        <dl className="facts">
          <div className="fact-wide">
            <dt>{delivered ? t('trk.deliveredAt') : t('track.eta')}</dt>
            <dd className="fact-strong" data-testid="eta">
              {delivered
                ? formatDateTime(parcel.deliveredAt ?? parcel.lastEventAt, locale) || na
                : eta || t('track.etaUnknown')}
            </dd>
          </div>
          <div>
            <dt>{t('track.promised')}</dt>
            <dd>{formatDate(parcel.promisedDate, locale) || na}</dd>
          </div>
          <div>
            <dt>{t('track.carrier')}</dt>
            <dd data-testid="carrier">{carrierLabel(parcel, locale) || na}</dd>
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
          {parcel.shippedAt ? (
            <div>
              <dt>{t('trk.shippedAt')}</dt>
              <dd>
                <time dateTime={parcel.shippedAt}>{formatDateTime(parcel.shippedAt, locale)}</time>
              </dd>
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
        <ContactSupport parcel={parcel} />
      </div>

      {delivered ? <DeliverySurvey trackingNumber={parcel.trackingNumber} /> : null}

      <div className="trk-columns">
        <section className="card trk-timeline-card" aria-labelledby={timelineId}>
          <div className="card-head">
            <h2 id={timelineId} className="card-title">
              {t('track.timeline')}
            </h2>
            <span className="muted trk-count">{t('trk.eventCount', { count: parcel.events.length })}</span>
          </div>
          <Timeline events={parcel.events} cityEnglish={english} added={parcel.added} />
        </section>
        <section className="card trk-map-card" aria-label={t('trk.map.title')}>
          <h2 className="card-title">{t('trk.map.title')}</h2>
          <RouteMap route={parcel.route} destination={parcel.destination} position={parcel.position} delivered={delivered} />
        </section>
      </div>
    </div>
  )
}
