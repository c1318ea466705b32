import { useState } from 'react'
import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../components/Feedback'
import { OrderDetails } from '../components/OrderDetails'
import { RetryPaymentForm } from '../components/Payment'
import { BackorderBadge } from '../components/Stock'
import { StatusBadge } from '../components/StatusBadge'
import { useI18n } from '../i18n/i18n'
import { draftKey } from '../lib/draft'
import { formatDateTime, formatMoney } from '../lib/format'
import { Link, navigate } from '../lib/router'
import { useSession } from '../lib/session'
import { useViewer } from '../lib/viewer'
import { MyOrderDocument } from './Account'
import { productName } from './Storefront'

/** What the checkout knows about the order it just placed (a guest can't read the order later). */
export interface Confirmation {
  id: string
  number: string
  status: string
  holdReasons: string[]
  total: { amount: number; currency: string }
  paymentExpiresAt: string | null
  email: string
  guest: boolean
  /** what was in the cart: a guest can't read the order's lines back */
  lines?: {
    sku: string
    nameZh: string
    nameEn: string
    quantity: number
    unitPrice: number
    /** units placeOrder recorded as waiting for stock (backorder) */
    backordered?: number
  }[]
}

export const CONFIRMATION_STORAGE_KEY = 'waybill.lastOrder'

export function saveConfirmation(c: Confirmation): void {
  try {
    window.sessionStorage.setItem(CONFIRMATION_STORAGE_KEY, JSON.stringify(c))
  } catch {
    // no storage: the page then shows what a guest lookup can find
  }
}

export function readConfirmation(number: string): Confirmation | null {
  try {
    const raw = window.sessionStorage.getItem(CONFIRMATION_STORAGE_KEY)
    if (!raw) return null
    const c = JSON.parse(raw) as Confirmation
    return c && c.number === number ? c : null
  } catch {
    return null
  }
}

/** Opens the guest order lookup with the number and email already filled in. */
function openGuestLookup(number: string, email: string) {
  try {
    window.sessionStorage.setItem(draftKey('/orders/find', 'guest-order'), JSON.stringify({ number, email }))
  } catch {
    // the visitor types them
  }
  navigate('/orders/find')
}

export function OrderConfirmationPage({ number }: { number: string }) {
  const { t, locale } = useI18n()
  const { token } = useSession()
  const viewer = useViewer()
  const [saved, setSaved] = useState(() => readConfirmation(number))
  const signedIn = !!token && !!viewer.me
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MyOrderDocument,
    variables: { number },
    pause: !signedIn,
    requestPolicy: 'cache-and-network',
  })
  const live = data?.orders.edges?.[0]?.node ?? null
  const status = live?.status ?? saved?.status ?? null
  const total = live?.total ?? saved?.total ?? null
  const guest = !signedIn
  const expires = live?.paymentExpiresAt ?? saved?.paymentExpiresAt ?? null

  if (viewer.loading || (signedIn && fetching && !data && !saved)) return <Spinner />

  const title =
    status === 'CONFIRMED'
      ? t('confirm.titleConfirmed')
      : status === 'ON_HOLD'
        ? t('confirm.titleReview')
        : status === 'PENDING_PAYMENT'
          ? t('confirm.titleDeclined')
          : t('order.title', { number })

  return (
    <section className="page page-narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title" data-testid="confirmation-title">
        {title}
      </h1>

      {!status ? (
        <div className="notice notice-info" data-testid="confirmation-unknown">
          <p>{t('confirm.unknown', { number })}</p>
          <p>
            <Link to={signedIn ? `/account/orders/${encodeURIComponent(number)}` : '/orders/find'}>{t('confirm.findOrder')}</Link>
          </p>
        </div>
      ) : (
        <div className="card confirm-card" data-testid="confirmation">
          <div className="tracking-head">
            <div>
              <p className="eyebrow">{t('order.number')}</p>
              <p className="order-number" data-testid="confirmation-number">
                {number}
              </p>
            </div>
            <span data-testid="confirmation-status">
              <StatusBadge status={status} kind="orderStatus" />
            </span>
          </div>
          {total ? (
            <p className="confirm-total">
              {t('order.total')}: <strong>{formatMoney(total.amount, total.currency, locale)}</strong>
            </p>
          ) : null}
          {!live && saved?.lines?.length ? (
            <ul className="confirm-lines" aria-label={t('order.items')} data-testid="confirmation-lines">
              {saved.lines.map((l) => (
                <li key={l.sku} data-sku={l.sku}>
                  <span>
                    {l.quantity} × {productName(l, locale) || l.sku}
                    {l.backordered ? (
                      <>
                        <br />
                        <BackorderBadge count={l.backordered} />
                      </>
                    ) : null}
                  </span>
                  <span>{formatMoney(l.unitPrice * l.quantity, total?.currency ?? 'CNY', locale)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <StatusExplainer status={status} expires={expires} />
          {status === 'PENDING_PAYMENT' ? (
            guest ? (
              <div className="notice notice-warning" data-testid="guest-declined">
                <p>{t('confirm.guestRetry')}</p>
                <p>
                  <Link to="/checkout" className="btn btn-primary">
                    {t('confirm.backToCheckout')}
                  </Link>
                </p>
              </div>
            ) : (
              <RetryPaymentForm
                orderId={live?.id ?? saved?.id ?? ''}
                onResult={(o) => {
                  if (saved) setSaved({ ...saved, status: o.status, paymentExpiresAt: o.paymentExpiresAt ?? null })
                  reexecute({ requestPolicy: 'network-only' })
                }}
              />
            )
          ) : null}
          <div className="button-row">
            {signedIn ? (
              <Link to={`/account/orders/${encodeURIComponent(number)}`} className="btn btn-primary" data-testid="track-order-link">
                {t('confirm.trackOrder')}
              </Link>
            ) : (
              <a
                href="/orders/find"
                className="btn btn-primary"
                data-testid="track-order-link"
                onClick={(e) => {
                  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
                  e.preventDefault()
                  openGuestLookup(number, saved?.email ?? '')
                }}
              >
                {t('confirm.trackOrder')}
              </a>
            )}
            <Link to="/" className="btn btn-secondary">
              {t('confirm.continue')}
            </Link>
          </div>
          {guest ? <p className="muted small">{t('confirm.guestNote')}</p> : null}
        </div>
      )}

      {signedIn && error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {live ? <OrderDetails order={live} showNumber={false} showSummary={false} /> : null}
    </section>
  )
}

function StatusExplainer({ status, expires }: { status: string; expires: string | null }) {
  const { t, locale } = useI18n()
  switch (status) {
    case 'CONFIRMED':
      return (
        <p className="notice notice-success" data-testid="confirm-explain">
          {t('confirm.confirmedBody')}
        </p>
      )
    case 'ON_HOLD':
      return (
        <div className="notice notice-info" data-testid="confirm-explain">
          <p className="notice-title">{t('confirm.reviewTitle')}</p>
          <p>{t('confirm.reviewBody')}</p>
        </div>
      )
    case 'PENDING_PAYMENT':
      return (
        <div className="notice notice-error" role="alert" data-testid="confirm-explain">
          <p className="notice-title">{t('confirm.declinedTitle')}</p>
          <p>
            {expires
              ? t('confirm.declinedBodyUntil', { time: formatDateTime(expires, locale) })
              : t('confirm.declinedBody')}
          </p>
        </div>
      )
    case 'CANCELLED':
      return (
        <p className="notice notice-warning" data-testid="confirm-explain">
          {t('confirm.cancelledBody')}
        </p>
      )
    default:
      return null
  }
}
