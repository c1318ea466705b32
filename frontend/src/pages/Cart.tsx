import { useEffect, useMemo } from 'react'
import { useQuery } from 'urql'
import { QuantityInput } from '../components/QuantityInput'
import { ShipsLaterNote } from '../components/Stock'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import {
  acceptNewPrice,
  cartSubtotal,
  markPriceChanged,
  MAX_QUANTITY_DEFAULT,
  removeFromCart,
  setCartQuantity,
  syncCartStock,
  useCart,
  type CartLine,
} from '../lib/cart'
import { formatMoney } from '../lib/format'
import { freeShippingGap, useOrderRules } from '../lib/orderRules'
import { Link } from '../lib/router'
import { productName, productPath } from './Storefront'

// The cart's products as the catalogue has them now: price, availability, still sold, and
// whether they may be ordered beyond stock (backorder policy ALLOW).
export const CartProductsDocument = graphql(`
  query CartProducts($skus: [String!]!) {
    products(first: 100, where: { skuIn: $skus }) {
      edges {
        node {
          id
          sku
          active
          available
          stockStatus
          restockEta
          backorderPolicy
          price {
            amount
            currency
          }
        }
      }
    }
  }
`)

export interface LiveProduct {
  sku: string
  active: boolean
  available: number
  stockStatus?: string
  restockEta?: string | null
  backorderPolicy?: string
  price: { amount: number; currency: string }
}

/** A line may be backordered: the catalogue says so now, or (before it answered) the line remembers it. */
export function lineAllowsBackorder(line: CartLine, live?: LiveProduct): boolean {
  if (live?.backorderPolicy) return live.backorderPolicy === 'ALLOW' || live.stockStatus === 'BACKORDER'
  return !!line.backorder
}

/**
 * The cart's products as the server has them now, re-read on every visit. A price that differs
 * from the one the shopper saw is marked on the line (they accept it, or the server will refuse
 * the order with PRICE_CHANGED).
 */
export function useLiveCartProducts(skus: string[]): { bySku: Map<string, LiveProduct>; loaded: boolean } {
  const key = skus.slice().sort().join(',')
  const variables = useMemo(() => ({ skus: key ? key.split(',') : [] }), [key])
  const [{ data }] = useQuery({
    query: CartProductsDocument,
    variables,
    requestPolicy: 'cache-and-network',
    pause: skus.length === 0,
  })
  const bySku = useMemo(() => {
    const m = new Map<string, LiveProduct>()
    for (const e of data?.products.edges ?? []) if (e?.node) m.set(e.node.sku, e.node)
    return m
  }, [data])
  useEffect(() => {
    for (const [sku, p] of bySku) {
      markPriceChanged(sku, p.price.amount)
      if (p.backorderPolicy) syncCartStock(sku, p.backorderPolicy === 'ALLOW', p.restockEta ?? null)
    }
  }, [bySku])
  return { bySku, loaded: !!data }
}

export function CartPage() {
  const { t, locale } = useI18n()
  const cart = useCart()
  const { rules } = useOrderRules()
  const { bySku, loaded } = useLiveCartProducts(cart.lines.map((l) => l.sku))
  const currency = cart.lines[0]?.currency ?? rules?.currency ?? 'CNY'
  const subtotal = cartSubtotal(cart)
  const money = (amount: number) => formatMoney(amount, currency, locale)
  const gap = rules ? freeShippingGap(rules, subtotal) : null
  const maxQuantity = rules?.maxQuantity ?? MAX_QUANTITY_DEFAULT

  return (
    <section className="page" aria-labelledby="cart-title">
      <div className="page-head">
        <h1 id="cart-title">{t('cart.title')}</h1>
      </div>
      {cart.lines.length === 0 ? (
        <div className="empty" data-testid="cart-empty">
          <p>{t('cart.empty')}</p>
          <p>
            <Link to="/" className="btn btn-primary">
              {t('account.startShopping')}
            </Link>
          </p>
        </div>
      ) : (
        <div className="cart-layout">
          <section className="card" aria-labelledby="cart-lines-title">
            <h2 id="cart-lines-title" className="visually-hidden">
              {t('cart.items')}
            </h2>
            <ul className="cart-lines" data-testid="cart-lines">
              {cart.lines.map((line) => (
                <li key={line.sku} className="cart-line" data-testid="cart-line" data-sku={line.sku}>
                  <CartLineRow line={line} live={bySku.get(line.sku)} liveLoaded={loaded} maxQuantity={maxQuantity} />
                </li>
              ))}
            </ul>
          </section>
          <aside className="card cart-summary" aria-labelledby="cart-summary-title">
            <h2 id="cart-summary-title" className="card-title">
              {t('cart.summary')}
            </h2>
            <dl className="totals totals-full">
              <div>
                <dt>{t('order.subtotal')}</dt>
                <dd data-testid="cart-subtotal">{money(subtotal)}</dd>
              </div>
            </dl>
            {gap !== null ? (
              <p className={`ship-hint ${gap === 0 ? 'ship-hint-ok' : ''}`} data-testid="free-shipping-hint">
                {gap === 0 ? t('cart.freeShippingReached') : t('cart.freeShippingGap', { amount: money(gap) })}
              </p>
            ) : null}
            <p className="muted small">{t('cart.taxNote')}</p>
            <Link to="/checkout" className="btn btn-primary btn-block" data-testid="go-checkout">
              {t('cart.checkout')}
            </Link>
            <Link to="/" className="btn btn-ghost btn-block">
              {t('cart.continue')}
            </Link>
          </aside>
        </div>
      )}
    </section>
  )
}

function CartLineRow({
  line,
  live,
  liveLoaded,
  maxQuantity,
}: {
  line: CartLine
  live?: LiveProduct
  liveLoaded: boolean
  maxQuantity: number
}) {
  const { t, locale } = useI18n()
  const money = (amount: number) => formatMoney(amount, line.currency, locale)
  const name = productName(line, locale) || line.sku
  const gone = liveLoaded && (!live || !live.active)
  const backorder = lineAllowsBackorder(line, live)
  // beyond stock: a problem for a product that can't be backordered, a note for one that can
  const beyond = !!live && live.active && live.available < line.quantity
  const short = beyond && !backorder
  const later = beyond && backorder
  const qtyId = `cart-qty-${line.sku}`
  const noteId = `cart-note-${line.sku}`
  return (
    <div className="cart-line-inner">
      <div className="cart-line-main">
        <Link to={productPath(line.sku)} className="cart-line-name">
          {name}
        </Link>
        <span className="cell-sub mono">{line.sku}</span>
        <span className="cart-line-unit">{t('cart.each', { price: money(line.unitPrice) })}</span>
      </div>
      <div className="cart-line-controls">
        <QuantityInput
          id={qtyId}
          label={t('cart.quantityFor', { name })}
          hideLabel
          value={line.quantity}
          max={maxQuantity}
          onChange={(q) => setCartQuantity(line.sku, q, maxQuantity)}
          describedBy={gone || short || later || line.newPrice != null ? noteId : undefined}
          invalid={!!short}
        />
        <span className="cart-line-total">{money(line.unitPrice * line.quantity)}</span>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => removeFromCart(line.sku)} data-testid="cart-remove">
          {t('cart.remove')}
          <span className="visually-hidden">: {name}</span>
        </button>
      </div>
      {line.newPrice != null || gone || short || later ? (
        <div id={noteId} className="cart-line-notes">
          {line.newPrice != null ? (
            <p className="notice notice-warning line-notice" data-testid="price-changed">
              <span>{t('cart.priceChanged', { from: money(line.unitPrice), to: money(line.newPrice) })}</span>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => acceptNewPrice(line.sku)}>
                {t('cart.acceptPrice')}
              </button>
            </p>
          ) : null}
          {gone ? <p className="field-error">{t('cart.noLongerSold')}</p> : null}
          {later && live ? (
            <ShipsLaterNote available={live.available} quantity={line.quantity} eta={live.restockEta ?? line.restockEta} />
          ) : null}
          {short && live ? (
            <p className="field-error">
              {live.available <= 0 ? t('cart.soldOut') : t('cart.onlyAvailable', { count: live.available })}{' '}
              {live.available > 0 ? (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setCartQuantity(line.sku, live.available, maxQuantity)}>
                  {t('checkout.reduceTo', { count: live.available })}
                </button>
              ) : null}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
