// "Track by order": the order number and the email it was placed with give the public view of
// each of its parcels (trackOrder). A wrong email and an unknown number look the same.
import { useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../components/Feedback'
import { TextField } from '../components/Field'
import { StatusBadge } from '../components/StatusBadge'
import { graphql } from '../gql'
import type { TrackOrderQuery } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { useDraft } from '../lib/draft'
import { formatDate, formatDateRange } from '../lib/format'
import { Link } from '../lib/router'
import { carrierLabel, pickLanguage } from './TrackingData'

export const TrackOrderDocument = graphql(`
  query TrackOrder($orderNumber: String!, $email: String!) {
    trackOrder(orderNumber: $orderNumber, email: $email) {
      orderNumber
      status
      parcels {
        trackingNumber
        status
        carrierName
        carrierNameZh
        etaFrom
        etaTo
        deliveredAt
        late
        lateReason
        destinationCity
        isReturn
      }
    }
  }
`)

/** Order numbers are printed as WB-20261120-000146 and typed in any case. */
function normalizeOrder(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase()
}

export function TrackOrderLookup() {
  const { t } = useI18n()
  const draft = useDraft('track-order', { number: '', email: '' })
  const [query, setQuery] = useState<{ orderNumber: string; email: string } | null>(null)
  const [missing, setMissing] = useState<{ number?: boolean; email?: boolean }>({})
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TrackOrderDocument,
    variables: query ?? { orderNumber: '', email: '' },
    pause: !query,
    requestPolicy: 'network-only',
  })

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const orderNumber = normalizeOrder(draft.values.number)
    const email = draft.values.email.trim()
    const miss = { number: !orderNumber, email: !email }
    setMissing(miss)
    if (miss.number || miss.email) {
      document.getElementById(miss.number ? 'trk-order-number' : 'trk-order-email')?.focus()
      return
    }
    setQuery({ orderNumber, email })
  }

  const result = query && data && !fetching ? data.trackOrder : undefined
  return (
    <div className="trk-lookup-order">
      <form className="form-stack" onSubmit={onSubmit} noValidate data-testid="track-order-form">
        <div className="trk-two">
          <TextField
            id="trk-order-number"
            label={t('trk.order.number')}
            placeholder="WB-20261120-000146"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={draft.values.number}
            onChange={(e) => draft.set({ number: e.target.value })}
            error={missing.number ? t('trk.order.numberRequired') : null}
          />
          <TextField
            id="trk-order-email"
            label={t('trk.order.email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            value={draft.values.email}
            onChange={(e) => draft.set({ email: e.target.value })}
            error={missing.email ? t('trk.order.emailRequired') : null}
          />
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={fetching}>
            {t('trk.order.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {fetching ? <Spinner /> : null}
        {error && !fetching ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
        {result === null ? (
          <div className="notice notice-warning" role="alert" data-testid="track-order-not-found">
            <p className="notice-title">{t('trk.order.notFoundTitle')}</p>
            <p>{t('trk.order.notFoundBody')}</p>
          </div>
        ) : null}
        {result ? <OrderParcels order={result} /> : null}
      </div>
    </div>
  )
}

type OrderTracking = NonNullable<TrackOrderQuery['trackOrder']>

function OrderParcels({ order }: { order: OrderTracking }) {
  const { t, locale } = useI18n()
  return (
    <div className="trk-order-result" data-testid="track-order-result">
      <p className="trk-order-head">
        <span>
          {t('trk.order.heading', { number: order.orderNumber })}{' '}
        </span>
        <StatusBadge status={order.status} kind="orderStatus" />
      </p>
      {order.parcels.length === 0 ? (
        <p className="muted" data-testid="track-order-empty">
          {t('trk.order.noParcels')}
        </p>
      ) : (
        <ul className="trk-parcel-list">
          {order.parcels.map((p) => {
            const eta = p.deliveredAt
              ? t('trk.deliveredOn', { date: formatDate(p.deliveredAt, locale) })
              : formatDateRange(p.etaFrom, p.etaTo, locale)
            return (
              <li key={p.trackingNumber} className="trk-parcel-item" data-testid="track-order-parcel">
                <div className="trk-parcel-main">
                  <span className="mono trk-parcel-number">{p.trackingNumber}</span>
                  <StatusBadge status={p.status} kind="parcelStatus" />
                  {p.isReturn ? <span className="badge">{t('trk.return')}</span> : null}
                </div>
                <p className="muted trk-parcel-meta">
                  {[carrierLabel(p, locale), eta ? (p.deliveredAt ? eta : t('trk.etaShort', { eta })) : null].filter(Boolean).join(' · ')}
                </p>
                {p.late && p.lateReason ? <p className="trk-parcel-late">{pickLanguage(p.lateReason, locale)}</p> : null}
                <Link to={`/track/${encodeURIComponent(p.trackingNumber)}`} className="btn btn-secondary btn-small">
                  {t('trk.order.open')}
                </Link>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
