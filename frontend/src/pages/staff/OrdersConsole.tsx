// Staff console → Orders: the order list with filters (status, channel, held for review, created
// between two days, number) and an order drawer (lines, totals, payments, timeline, parcels, and
// the review/cancel actions for staff who may take them). The open order is in the URL
// (?order=<number>), so a reload or a shared link opens it again.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { TextAreaField } from '../../components/Field'
import { CancelOrderDocument } from '../../components/OrderActions'
import { OrderTimeline } from '../../components/OrderTimeline'
import { StatusBadge } from '../../components/StatusBadge'
import { BackorderBadge } from '../../components/Stock'
import { graphql } from '../../gql'
import type { OrderChannel, OrderStatus, OrderWhereInput, RecentOrdersQuery } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { formatDate, formatDateTime, formatMoney } from '../../lib/format'
import { canCancel } from '../../lib/orderEvents'
import { Link, navigate, useSearchParams } from '../../lib/router'
import { useViewer } from '../../lib/viewer'
import { HoldReasons, ReviewDecision } from './ReviewQueue'

export const ORDERS_PAGE_SIZE = 20

export const RecentOrdersDocument = graphql(`
  query RecentOrders($first: Int!, $after: Cursor, $where: OrderWhereInput) {
    orders(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          number
          status
          channel
          contactName
          holdReasons
          total {
            amount
            currency
          }
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const StaffOrderDocument = graphql(`
  query StaffOrder($number: String!) {
    orders(first: 1, where: { number: $number }) {
      edges {
        node {
          id
          number
          status
          channel
          createdAt
          updatedAt
          contactName
          contactEmail
          contactPhone
          shipCountry
          shipProvince
          shipCity
          shipDistrict
          shipLine1
          shipLine2
          shipPostalCode
          deliveryOption
          scheduledFrom
          scheduledTo
          promisedDeliveryDate
          paymentExpiresAt
          couponCode
          pointsRedeemed
          notes
          holdReasons
          currency
          subtotalAmount
          discountAmount
          shippingAmount
          pointsDiscountAmount
          total {
            amount
            currency
          }
          lines {
            id
            sku
            name
            quantity
            unitPriceAmount
            discountAmount
            lineTotalAmount
            shippedQuantity
            backorderedQuantity
          }
          payments {
            id
            status
            amount
            currency
            cardLast4
            failureCode
            riskFlagged
            createdAt
          }
          events {
            id
            fromStatus
            toStatus
            actor
            note
            occurredAt
          }
          shipments {
            id
            trackingNumber
            status
          }
        }
      }
    }
  }
`)

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING_PAYMENT',
  'ON_HOLD',
  'CONFIRMED',
  'ALLOCATED',
  'PICKING',
  'PACKED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
  'RETURNED',
]
export const ORDER_CHANNELS: readonly OrderChannel[] = ['WEB', 'MOBILE_APP', 'MARKETPLACE', 'POS', 'API']

export interface OrderFilters {
  status: string
  channel: string
  /** only orders that were held for review (now or before) */
  held: boolean
  from: string // YYYY-MM-DD, local day
  to: string
  number: string
}

export const EMPTY_ORDER_FILTERS: OrderFilters = { status: '', channel: '', held: false, from: '', to: '', number: '' }

function dayBound(s: string, end: boolean): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const d = end
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
    : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/**
 * The API filter. "Held" means the order went through review: its timeline has an ON_HOLD step
 * (the API has no filter on holdReasons), so it combines with a status (e.g. held and CANCELLED:
 * the rejected ones).
 */
export function ordersWhere(f: OrderFilters): OrderWhereInput | undefined {
  const where: OrderWhereInput = {}
  if (f.status) where.status = f.status as OrderStatus
  if (f.channel) where.channel = f.channel as OrderChannel
  if (f.held) where.hasEventsWith = [{ toStatus: 'ON_HOLD' }]
  const gte = dayBound(f.from, false)
  const lte = dayBound(f.to, true)
  if (gte) where.createdAtGTE = gte
  if (lte) where.createdAtLTE = lte
  if (f.number.trim()) where.numberContainsFold = f.number.trim()
  return Object.keys(where).length > 0 ? where : undefined
}

export function OrdersConsole() {
  const { t, tv } = useI18n()
  const [input, setInput] = useState<OrderFilters>(EMPTY_ORDER_FILTERS)
  const [applied, setApplied] = useState<OrderFilters>(EMPTY_ORDER_FILTERS)
  const where = useMemo(() => ordersWhere(applied), [applied])
  const invalidRange = !!input.from && !!input.to && input.from > input.to
  const params = useSearchParams()
  const open = params.get('order')

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (invalidRange) return
    setApplied(input)
  }
  const reset = () => {
    setInput(EMPTY_ORDER_FILTERS)
    setApplied(EMPTY_ORDER_FILTERS)
  }
  const set = (k: keyof OrderFilters) => (e: { target: { value: string } }) => setInput((f) => ({ ...f, [k]: e.target.value }))

  return (
    <div className="console">
      <section className="card" aria-labelledby="orders-title">
        <h2 id="orders-title" className="card-title">
          {t('staff.orders')}
        </h2>
        <form className="filters filters-compact" role="search" aria-label={t('ordersConsole.filters')} onSubmit={onSubmit} data-testid="order-filters">
          <div className="field">
            <label htmlFor="of-number">{t('ordersConsole.number')}</label>
            <input id="of-number" type="search" value={input.number} placeholder="WB-…" onChange={set('number')} />
          </div>
          <div className="field">
            <label htmlFor="of-status">{t('staff.col.status')}</label>
            <select id="of-status" value={input.status} onChange={set('status')}>
              <option value="">{t('ordersConsole.any')}</option>
              {ORDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tv('orderStatus', s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="of-channel">{t('staff.col.channel')}</label>
            <select id="of-channel" value={input.channel} onChange={set('channel')}>
              <option value="">{t('ordersConsole.any')}</option>
              {ORDER_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {tv('channel', c)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="of-from">{t('audit.from')}</label>
            <input id="of-from" type="date" value={input.from} max={input.to || undefined} onChange={set('from')} />
          </div>
          <div className="field">
            <label htmlFor="of-to">{t('audit.to')}</label>
            <input
              id="of-to"
              type="date"
              value={input.to}
              min={input.from || undefined}
              onChange={set('to')}
              aria-invalid={invalidRange || undefined}
              aria-describedby={invalidRange ? 'of-range-error' : undefined}
            />
          </div>
          <label className="check-row filters-check">
            <input
              type="checkbox"
              checked={input.held}
              onChange={(e) => setInput((f) => ({ ...f, held: e.target.checked }))}
              data-testid="filter-held"
            />
            <span>{t('ordersConsole.heldOnly')}</span>
          </label>
          <div className="filters-actions">
            <button type="submit" className="btn btn-primary" disabled={invalidRange}>
              {t('audit.apply')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={reset}>
              {t('audit.reset')}
            </button>
          </div>
          {invalidRange ? (
            <p id="of-range-error" className="field-error filters-error" role="alert">
              {t('audit.badRange')}
            </p>
          ) : null}
        </form>
        <OrdersTable key={JSON.stringify(where ?? {})} where={where} filtered={!!where} />
      </section>
      {open ? <OrderDrawer key={open} number={open} onClose={closeDrawer} /> : null}
    </div>
  )
}

function openDrawer(number: string) {
  const params = new URLSearchParams(window.location.search)
  params.set('order', number)
  navigate(`${window.location.pathname}?${params.toString()}`)
}

function closeDrawer() {
  const params = new URLSearchParams(window.location.search)
  params.delete('order')
  const q = params.toString()
  navigate(`${window.location.pathname}${q ? `?${q}` : ''}`, { replace: true })
}

interface PageInfo {
  hasNextPage: boolean
  endCursor?: string | null
}

function OrdersTable({ where, filtered }: { where?: OrderWhereInput; filtered: boolean }) {
  const { t, locale } = useI18n()
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [last, setLast] = useState<PageInfo | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  return (
    <>
      {total !== null ? (
        <p className="muted table-caption" role="status" data-testid="orders-count">
          {t('ordersConsole.count', { count: total.toLocaleString(locale) })}
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="orders-title" tabIndex={0}>
        <table className="table" data-testid="orders-table">
          <thead>
            <tr>
              <th scope="col">{t('staff.col.number')}</th>
              <th scope="col">{t('staff.col.status')}</th>
              <th scope="col">{t('staff.col.customer')}</th>
              <th scope="col">{t('staff.col.channel')}</th>
              <th scope="col" className="num">
                {t('staff.col.total')}
              </th>
              <th scope="col">{t('staff.col.created')}</th>
            </tr>
          </thead>
          {cursors.map((after, i) => (
            <OrdersPage
              key={after ?? ''}
              after={after}
              where={where}
              isFirst={i === 0}
              isLast={i === cursors.length - 1}
              onPageInfo={setLast}
              onTotal={setTotal}
            />
          ))}
        </table>
      </div>
      {total === 0 ? (
        <p className="muted table-empty" data-testid="orders-empty">
          {filtered ? t('ordersConsole.noneFiltered') : t('staff.noOrders')}
        </p>
      ) : null}
      {last?.hasNextPage && last.endCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={() => setCursors((c) => [...c, last.endCursor ?? null])}>
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </>
  )
}

function OrdersPage({
  after,
  where,
  isFirst,
  isLast,
  onPageInfo,
  onTotal,
}: {
  after: string | null
  where?: OrderWhereInput
  isFirst: boolean
  isLast: boolean
  onPageInfo: (p: PageInfo | null) => void
  onTotal: (n: number | null) => void
}) {
  const { t, tv, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RecentOrdersDocument,
    variables: { first: ORDERS_PAGE_SIZE, after, where },
    requestPolicy: isFirst ? 'cache-and-network' : 'cache-first',
  })
  const conn: RecentOrdersQuery['orders'] | undefined = data?.orders
  useEffect(() => {
    if (isLast) onPageInfo(conn ? conn.pageInfo : null)
  }, [isLast, conn, onPageInfo])
  useEffect(() => {
    if (isFirst) onTotal(conn && typeof conn.totalCount === 'number' ? conn.totalCount : null)
  }, [isFirst, conn, onTotal])

  if (fetching && !data)
    return (
      <tbody>
        <tr>
          <td colSpan={6}>
            <Spinner />
          </td>
        </tr>
      </tbody>
    )
  if (error && !data)
    return (
      <tbody>
        <tr>
          <td colSpan={6} className="cell-status">
            <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
          </td>
        </tr>
      </tbody>
    )
  const orders = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  return (
    <tbody>
      {orders.map((o) => (
        <tr key={o.id} data-testid="order-row" data-number={o.number}>
          <th scope="row" className="mono">
            <button
              type="button"
              className="link-button mono"
              onClick={() => openDrawer(o.number)}
              data-testid="open-order"
              aria-haspopup="dialog"
            >
              {o.number}
            </button>
          </th>
          <td>
            <span className="status-cell">
              <StatusBadge status={o.status} kind="orderStatus" />
              {o.holdReasons && o.holdReasons.length > 0 && o.status === 'ON_HOLD' ? (
                <span className="muted small" title={o.holdReasons.map((r) => tv('holdReason', r)).join(', ')}>
                  {t('ordersConsole.reasons', { count: o.holdReasons.length })}
                </span>
              ) : null}
            </span>
          </td>
          <td>{o.contactName || t('common.notAvailable')}</td>
          <td>{tv('channel', o.channel)}</td>
          <td className="num">{formatMoney(o.total.amount, o.total.currency, locale)}</td>
          <td>
            <time dateTime={o.createdAt}>{formatDateTime(o.createdAt, locale)}</time>
          </td>
        </tr>
      ))}
    </tbody>
  )
}

/** The order drawer: a modal side panel (full screen on a phone); Escape or the close button shut it. */
function OrderDrawer({ number, onClose }: { number: string; onClose: () => void }) {
  const { t } = useI18n()
  const titleId = useId()
  const panelRef = useRef<HTMLDivElement>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const opener = useRef<Element | null>(null)

  useEffect(() => {
    opener.current = document.activeElement
    closeRef.current?.focus()
    const prev = document.body.style.overflow
    document.body.style.overflow = 'hidden'
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        onClose()
      }
      // keep Tab inside the panel
      if (e.key === 'Tab' && panelRef.current) {
        const focusable = panelRef.current.querySelectorAll<HTMLElement>(
          'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
        )
        if (focusable.length === 0) return
        const first = focusable[0]
        const last = focusable[focusable.length - 1]
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault()
          last.focus()
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault()
          first.focus()
        }
      }
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.body.style.overflow = prev
      const el = opener.current
      if (el instanceof HTMLElement && el.isConnected) el.focus()
      else
        document
          .querySelector<HTMLElement>(`[data-testid="order-row"][data-number="${CSS.escape(number)}"] button`)
          ?.focus()
    }
  }, [onClose, number])

  return (
    <div className="drawer-root">
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <div className="drawer" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={panelRef} data-testid="order-drawer">
        <div className="drawer-head">
          <h2 id={titleId} className="drawer-title">
            {t('order.title', { number })}
          </h2>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} ref={closeRef} data-testid="drawer-close">
            {t('ordersConsole.close')}
          </button>
        </div>
        <div className="drawer-body">
          <StaffOrderDetail number={number} />
        </div>
      </div>
    </div>
  )
}

function StaffOrderDetail({ number }: { number: string }) {
  const { t, tv, locale } = useI18n()
  const viewer = useViewer()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: StaffOrderDocument,
    variables: { number },
    requestPolicy: 'cache-and-network',
  })
  const order = data?.orders.edges?.[0]?.node ?? null
  if (fetching && !data) return <Spinner />
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  if (!order)
    return (
      <p className="notice notice-warning" role="alert">
        {t('ordersConsole.notFound', { number })}
      </p>
    )
  const money = (amount: number) => formatMoney(amount, order.total.currency || order.currency, locale)
  const canReview = viewer.can('REVIEW_ORDERS')
  const refresh = () => reexecute({ requestPolicy: 'network-only' })
  const address = [
    order.shipLine1,
    order.shipLine2,
    order.shipDistrict,
    order.shipCity,
    order.shipProvince,
    order.shipPostalCode,
    order.shipCountry,
  ]
    .filter(Boolean)
    .join(', ')
  const scheduled =
    order.deliveryOption === 'SCHEDULED' && order.scheduledFrom
      ? `${formatDateTime(order.scheduledFrom, locale)}${order.scheduledTo ? ` – ${new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(order.scheduledTo))}` : ''}`
      : null

  return (
    <div className="drawer-sections" data-testid="staff-order-detail" data-status={order.status}>
      <div className="drawer-status">
        <StatusBadge status={order.status} kind="orderStatus" />
        <span className="muted small">
          {tv('channel', order.channel)} · <time dateTime={order.createdAt}>{formatDateTime(order.createdAt, locale)}</time>
        </span>
      </div>
      {order.status === 'ON_HOLD' ? <HoldReasons reasons={order.holdReasons} /> : null}
      {order.status === 'ON_HOLD' && canReview ? <ReviewDecision orderId={order.id} number={order.number} onDone={refresh} /> : null}

      <section aria-labelledby="sd-customer">
        <h3 id="sd-customer" className="drawer-subtitle">
          {t('review.customer')}
        </h3>
        <dl className="profile-list">
          <div>
            <dt>{t('checkout.name')}</dt>
            <dd>{order.contactName}</dd>
          </div>
          <div>
            <dt>{t('checkout.email')}</dt>
            <dd>{order.contactEmail}</dd>
          </div>
          <div>
            <dt>{t('checkout.phone')}</dt>
            <dd>{order.contactPhone}</dd>
          </div>
          <div>
            <dt>{t('review.shipTo')}</dt>
            <dd>{address}</dd>
          </div>
          <div>
            <dt>{t('checkout.delivery')}</dt>
            <dd>
              {tv('deliveryOption', order.deliveryOption)}
              {scheduled ? ` · ${scheduled}` : ''}
              {order.promisedDeliveryDate ? (
                <span className="cell-sub">{t('ordersConsole.promised', { date: formatDate(order.promisedDeliveryDate, locale) })}</span>
              ) : null}
            </dd>
          </div>
          {order.notes ? (
            <div>
              <dt>{t('checkout.notes')}</dt>
              <dd>{order.notes}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="sd-lines">
        <h3 id="sd-lines" className="drawer-subtitle">
          {t('order.items')}
        </h3>
        <div className="table-wrap table-wrap-inner drawer-table" role="region" aria-labelledby="sd-lines" tabIndex={0}>
          <table className="table" data-testid="staff-order-lines">
            <thead>
              <tr>
                <th scope="col">{t('order.col.item')}</th>
                <th scope="col" className="num">
                  {t('order.col.quantity')}
                </th>
                <th scope="col" className="num">
                  {t('order.col.unitPrice')}
                </th>
                <th scope="col" className="num">
                  {t('order.col.lineTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {(order.lines ?? []).map((l) => (
                <tr key={l.id}>
                  <th scope="row" className="cell-wrap">
                    {l.name}
                    <span className="cell-sub mono">{l.sku}</span>
                    <BackorderBadge count={l.backorderedQuantity} />
                  </th>
                  <td className="num">
                    {l.quantity}
                    {l.shippedQuantity > 0 ? <span className="cell-sub">{t('ordersConsole.shipped', { count: l.shippedQuantity })}</span> : null}
                  </td>
                  <td className="num">{money(l.unitPriceAmount)}</td>
                  <td className="num">{money(l.lineTotalAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="totals">
          <div>
            <dt>{t('order.subtotal')}</dt>
            <dd>{money(order.subtotalAmount)}</dd>
          </div>
          {order.discountAmount > 0 ? (
            <div>
              <dt>{order.couponCode ? t('checkout.couponLine', { code: order.couponCode }) : t('order.discount')}</dt>
              <dd>−{money(order.discountAmount)}</dd>
            </div>
          ) : null}
          {order.pointsDiscountAmount > 0 ? (
            <div>
              <dt>{t('checkout.pointsLine', { count: order.pointsRedeemed.toLocaleString(locale) })}</dt>
              <dd>−{money(order.pointsDiscountAmount)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('order.shipping')}</dt>
            <dd>{order.shippingAmount > 0 ? money(order.shippingAmount) : t('order.freeShipping')}</dd>
          </div>
          <div className="totals-grand">
            <dt>{t('order.total')}</dt>
            <dd>{money(order.total.amount)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="sd-payments">
        <h3 id="sd-payments" className="drawer-subtitle">
          {t('ordersConsole.payments')}
        </h3>
        {(order.payments ?? []).length === 0 ? (
          <p className="muted">{t('ordersConsole.noPayments')}</p>
        ) : (
          <ul className="payment-list" data-testid="staff-order-payments">
            {(order.payments ?? []).map((p) => (
              <li key={p.id}>
                <StatusBadge status={p.status} kind="paymentStatus" />
                <span className="mono">•••• {p.cardLast4 || '—'}</span>
                <span>{formatMoney(p.amount, p.currency, locale)}</span>
                {p.failureCode ? <span className="field-error">{tv('paymentFailure', p.failureCode)}</span> : null}
                {p.riskFlagged ? <span className="badge badge-warning">{t('ordersConsole.riskFlagged')}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sd-parcels">
        <h3 id="sd-parcels" className="drawer-subtitle">
          {t('order.shipments')}
        </h3>
        {(order.shipments ?? []).length === 0 ? (
          <p className="muted">{t('ordersConsole.noShipments')}</p>
        ) : (
          <ul className="shipment-list">
            {(order.shipments ?? []).map((s) => (
              <li key={s.id} className="shipment-item">
                <span className="mono">{s.trackingNumber}</span>
                <StatusBadge status={s.status} kind="parcelStatus" />
                <Link to={`/track/${encodeURIComponent(s.trackingNumber)}`} className="btn btn-secondary btn-small">
                  {t('order.trackParcel')}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sd-history">
        <h3 id="sd-history" className="drawer-subtitle">
          {t('order.history')}
        </h3>
        <OrderTimeline events={order.events ?? []} showActor testId="staff-order-timeline" />
      </section>

      {canReview && canCancel(order.status) && order.status !== 'ON_HOLD' ? <StaffCancel orderId={order.id} onDone={refresh} /> : null}
    </div>
  )
}

function StaffCancel({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching }, cancel] = useMutation(CancelOrderDocument)
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    setErrors([])
    const res = await cancel({ orderId, reason: reason.trim() || null })
    const payload = res.data?.cancelOrder
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('cancel.failed')])
      return
    }
    if (payload.userErrors.length > 0) {
      setErrors(payload.userErrors.map((ue) => (ue.code === 'ILLEGAL_TRANSITION' ? t('cancel.tooLate') : te(ue.code, ue.message))))
      return
    }
    setReason('')
    onDone()
  }
  return (
    <section aria-labelledby="sd-cancel">
      <h3 id="sd-cancel" className="drawer-subtitle">
        {t('cancel.staffTitle')}
      </h3>
      <form className="form-stack" onSubmit={onSubmit} aria-busy={fetching}>
        <FormAlert messages={errors} />
        <TextAreaField id={`staff-cancel-${orderId}`} label={t('cancel.reason')} optional rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div>
          <button type="submit" className="btn btn-danger" disabled={fetching}>
            {fetching ? t('cancel.cancelling') : t('cancel.yes')}
          </button>
        </div>
      </form>
    </section>
  )
}
