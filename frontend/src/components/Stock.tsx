// Stock as the shop shows it: the status label (from the server's stockStatus, never worked out
// here from a count), the expected restock date, the "ships when restocked" note for backorders,
// the backordered badge of an order line, and in-stock substitutes for a product that is out.
import { useId, useState } from 'react'
import { useQuery } from 'urql'
import { graphql } from '../gql'
import type { StockStatus } from '../gql/graphql'
import { useI18n, type I18n } from '../i18n/i18n'
import { formatDate, formatMoney } from '../lib/format'
import { Link } from '../lib/router'
import { ErrorState, Spinner } from './Feedback'
import './Stock.css'

export type StockTone = 'success' | 'warning' | 'danger' | 'info'

/**
 * The label and colour for a product's stock status. `long` is the product page's wording
 * (the count when in stock, "can still be ordered" for a backorder).
 */
export function stockLabel(
  i18n: Pick<I18n, 't' | 'locale'>,
  status: StockStatus,
  available: number,
  { long = false }: { long?: boolean } = {},
): { tone: StockTone; label: string } {
  const { t, locale } = i18n
  switch (status) {
    case 'IN_STOCK':
      return { tone: 'success', label: long ? t('product.inStockCount', { count: available.toLocaleString(locale) }) : t('shop.inStock') }
    case 'LOW_STOCK':
      return { tone: 'warning', label: t('shop.lowStock', { count: Math.max(available, 0) }) }
    case 'BACKORDER':
      return { tone: 'info', label: long ? t('avail.backorderLong') : t('avail.backorder') }
    default:
      return { tone: 'danger', label: t('shop.outOfStock') }
  }
}

/** Whether a status is one where the restock date matters to the shopper. */
export function isOut(status: StockStatus): boolean {
  return status === 'OUT_OF_STOCK' || status === 'BACKORDER'
}

/** "Expected back around <date>" for a product that is out (or on backorder) with a restock planned. */
export function RestockEta({ status, eta, className = '' }: { status: StockStatus; eta?: string | null; className?: string }) {
  const { t, locale } = useI18n()
  if (!isOut(status) || !eta) return null
  return (
    <p className={`stock-eta ${className}`} data-testid="restock-eta">
      {t('avail.eta', { date: formatDate(eta, locale) })}
    </p>
  )
}

/**
 * How `quantity` units of a product that may be backordered will ship, given `available` now:
 * null when all of them ship now.
 */
export function shipsLaterText(
  i18n: Pick<I18n, 't' | 'locale'>,
  { available, quantity, eta }: { available: number; quantity: number; eta?: string | null },
): string | null {
  const now = Math.max(0, Math.min(available, quantity))
  const later = quantity - now
  if (later <= 0) return null
  const date = eta ? formatDate(eta, i18n.locale) : ''
  if (now === 0) return date ? i18n.t('avail.shipsLater', { date }) : i18n.t('avail.shipsLaterNoDate')
  return date ? i18n.t('avail.split', { now, later, date }) : i18n.t('avail.splitNoDate', { now, later })
}

/** The "ships when restocked" note of a cart or checkout line (nothing when it all ships now). */
export function ShipsLaterNote({
  available,
  quantity,
  eta,
  id,
  className = '',
}: {
  available: number
  quantity: number
  eta?: string | null
  id?: string
  className?: string
}) {
  const i18n = useI18n()
  const text = shipsLaterText(i18n, { available, quantity, eta })
  if (!text) return null
  return (
    <p id={id} className={`ships-later ${className}`} data-testid="ships-later">
      {text}
    </p>
  )
}

/** "N backordered — ships when restocked" on an order line still waiting for stock. */
export function BackorderBadge({ count }: { count: number | null | undefined }) {
  const { t } = useI18n()
  if (!count || count <= 0) return null
  return (
    <span className="badge badge-info backorder-badge" data-testid="backordered-badge">
      {t('backorder.badge', { count })}
    </span>
  )
}

export const ProductSubstitutesDocument = graphql(`
  query ProductSubstitutes($id: ID!, $first: Int!) {
    products(first: 1, where: { id: $id }) {
      edges {
        node {
          id
          substitutes(first: $first) {
            id
            sku
            nameZh
            nameEn
            available
            stockStatus
            price {
              amount
              currency
            }
          }
        }
      }
    }
  }
`)

function displayName(p: { nameZh: string; nameEn: string; sku: string }, locale: string): string {
  return (locale === 'zh-CN' ? p.nameZh || p.nameEn : p.nameEn || p.nameZh) || p.sku
}

/** In-stock products like this one (same category, closest in price), each a link to its page. */
export function SubstituteList({ productId, first = 4, compact = false }: { productId: string; first?: number; compact?: boolean }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ProductSubstitutesDocument,
    variables: { id: productId, first },
    requestPolicy: 'cache-and-network',
  })
  const items = data?.products.edges?.[0]?.node?.substitutes ?? []
  if (!data && fetching) return <Spinner />
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  if (!data) return null
  if (items.length === 0)
    return (
      <p className="muted small" data-testid="substitutes-none">
        {t('avail.substitutesNone')}
      </p>
    )
  return (
    <ul className={`substitutes ${compact ? 'substitutes-compact' : ''}`} data-testid="substitutes">
      {items.map((p) => {
        const stock = stockLabel(i18n, p.stockStatus, p.available)
        return (
          <li key={p.id} className="substitute" data-testid="substitute" data-sku={p.sku}>
            <Link to={`/p/${encodeURIComponent(p.sku)}`} className="substitute-name">
              {displayName(p, locale)}
            </Link>
            <span className="substitute-meta">
              <span className="substitute-price">{formatMoney(p.price.amount, p.price.currency, locale)}</span>
              <span className={`stock stock-${stock.tone}`}>{stock.label}</span>
            </span>
          </li>
        )
      })}
    </ul>
  )
}

/** A button on a product card that opens the substitutes of a product that is out of stock. */
export function SubstitutesToggle({ productId, name }: { productId: string; name: string }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const id = useId()
  return (
    <div className="substitutes-toggle">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        data-testid="show-substitutes"
      >
        {open ? t('avail.substitutesHide') : t('avail.substitutesShow')}
        <span className="visually-hidden">: {name}</span>
      </button>
      <div id={id} role="region" aria-label={t('avail.substitutesFor', { name })} hidden={!open}>
        {open ? <SubstituteList productId={productId} first={3} compact /> : null}
      </div>
    </div>
  )
}
