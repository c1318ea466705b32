import { graphql } from '../gql'
import type { OrderDetailFieldsFragment } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { formatDateTime, formatMoney } from '../lib/format'
import { Link } from '../lib/router'
import { OrderTimeline } from './OrderTimeline'
import { BackorderBadge } from './Stock'
import { StatusBadge } from './StatusBadge'

// What a customer (or a guest holding the number and email) sees of one order.
export const OrderDetailFields = graphql(`
  fragment OrderDetailFields on Order {
    id
    number
    status
    channel
    createdAt
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
      lineTotalAmount
      backorderedQuantity
    }
    events {
      id
      fromStatus
      toStatus
      note
      occurredAt
    }
    shipments {
      id
      trackingNumber
      status
    }
  }
`)

export type OrderDetail = OrderDetailFieldsFragment

/** `showNumber` is off where the page heading already names the order. */
export function OrderDetails({
  order,
  showNumber = true,
  showSummary = true,
}: {
  order: OrderDetail
  showNumber?: boolean
  /** off where the page already shows the number, status and total */
  showSummary?: boolean
}) {
  const { t, tv, locale } = useI18n()
  const money = (amount: number) => formatMoney(amount, order.total.currency || order.currency, locale)
  const lines = order.lines ?? []
  const events = order.events ?? []
  const shipments = order.shipments ?? []
  const discounts = order.discountAmount + order.pointsDiscountAmount

  return (
    <div className="order-details" data-testid="order-details">
      {showSummary ? (
        <div className="card order-summary">
          <div className="tracking-head">
            {showNumber ? (
              <div>
                <p className="eyebrow">{t('order.number')}</p>
                <p className="order-number" data-testid="order-number">
                  {order.number}
                </p>
              </div>
            ) : (
              <p className="eyebrow">{t('order.status')}</p>
            )}
            <StatusBadge status={order.status} kind="orderStatus" />
          </div>
          <dl className="facts">
            <div>
              <dt>{t('order.placed')}</dt>
              <dd>
                <time dateTime={order.createdAt}>{formatDateTime(order.createdAt, locale)}</time>
              </dd>
            </div>
            <div>
              <dt>{t('order.channel')}</dt>
              <dd>{tv('channel', order.channel)}</dd>
            </div>
            <div>
              <dt>{t('order.total')}</dt>
              <dd className="fact-strong">{money(order.total.amount)}</dd>
            </div>
          </dl>
        </div>
      ) : null}

      <section className="card" aria-labelledby={`lines-${order.id}`}>
        <h2 id={`lines-${order.id}`} className="card-title">
          {t('order.items')}
        </h2>
        {lines.length === 0 ? (
          <p className="muted">{t('order.noItems')}</p>
        ) : (
          <div className="table-wrap table-wrap-inner" role="region" aria-labelledby={`lines-${order.id}`} tabIndex={0}>
            <table className="table" data-testid="order-lines">
              <thead>
                <tr>
                  <th scope="col">{t('order.col.item')}</th>
                  <th scope="col" className="num">
                    {t('order.col.quantity')}
                  </th>
                  <th scope="col" className="num col-optional">
                    {t('order.col.unitPrice')}
                  </th>
                  <th scope="col" className="num">
                    {t('order.col.lineTotal')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id}>
                    <th scope="row" className="cell-wrap">
                      {l.name}
                      <span className="cell-sub mono">{l.sku}</span>
                      <BackorderBadge count={l.backorderedQuantity} />
                    </th>
                    <td className="num">{l.quantity}</td>
                    <td className="num col-optional">{money(l.unitPriceAmount)}</td>
                    <td className="num">{money(l.lineTotalAmount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <dl className="totals">
          <div>
            <dt>{t('order.subtotal')}</dt>
            <dd>{money(order.subtotalAmount)}</dd>
          </div>
          {discounts > 0 ? (
            <div>
              <dt>{t('order.discount')}</dt>
              <dd>−{money(discounts)}</dd>
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

      <section className="card" aria-labelledby={`shipments-${order.id}`}>
        <h2 id={`shipments-${order.id}`} className="card-title">
          {t('order.shipments')}
        </h2>
        {shipments.length === 0 ? (
          <p className="muted">{t('order.noShipments')}</p>
        ) : (
          <ul className="shipment-list" data-testid="order-shipments">
            {shipments.map((s) => (
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

      <section className="card" aria-labelledby={`history-${order.id}`}>
        <h2 id={`history-${order.id}`} className="card-title">
          {t('order.history')}
        </h2>
        <OrderTimeline events={events} />
      </section>
    </div>
  )
}
