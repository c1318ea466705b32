import { useEffect, useId, useRef, useState } from 'react'
import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../components/Feedback'
import { QuantityInput } from '../components/QuantityInput'
import { RestockEta, shipsLaterText, stockLabel, SubstituteList } from '../components/Stock'
import { graphql } from '../gql'
import type { ProductPageQuery } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { addToCart, MAX_QUANTITY_DEFAULT, useCart } from '../lib/cart'
import { DELIVERY_OPTIONS, type DeliveryOption } from '../lib/checkout'
import { formatMoney } from '../lib/format'
import { feeFor, useOrderRules, type OrderRules } from '../lib/orderRules'
import { Link } from '../lib/router'
import { useStockLive } from '../lib/stockLive'
import { useLiveRefetch } from '../lib/useLiveRefetch'
import { hueFor, productName } from './Storefront'

export const ProductPageDocument = graphql(`
  query ProductPage($sku: String!) {
    products(first: 1, where: { sku: $sku }) {
      edges {
        node {
          id
          sku
          nameZh
          nameEn
          descriptionZh
          descriptionEn
          category
          active
          available
          stockStatus
          restockEta
          backorderPolicy
          weightGrams
          price {
            amount
            currency
          }
        }
      }
    }
  }
`)

type PageProduct = NonNullable<NonNullable<NonNullable<ProductPageQuery['products']['edges']>[number]>['node']>

/** How often availability is read again while the page is open and the live feed is down. */
export const AVAILABILITY_POLL_MS = 15000
/**
 * How often the page is read again while stockChanged is live: the feed carries availability and
 * status, not the restock date, so that is refreshed now and then (and on coming back to the tab).
 */
export const LIVE_REFRESH_MS = 300000

export function ProductPage({ sku }: { sku: string }) {
  const { t } = useI18n()
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ProductPageDocument,
    variables: { sku },
    requestPolicy: 'cache-and-network',
  })
  const queried = data?.products.edges?.[0]?.node ?? null
  // availability pushed by stockChanged for this product: while the feed is live it is what the
  // page shows (it starts with the current state, again after every reconnect); while it is down
  // the page is polled instead
  const { byId, live } = useStockLive(queried ? [queried.id] : [])
  const change = queried ? byId[queried.id] : undefined
  const [checkedAt, setCheckedAt] = useState(() => new Date())
  useEffect(() => {
    if (data || change) setCheckedAt(new Date())
  }, [data, change])
  // a new status may come with a new restock date, which the feed does not carry: read the page
  // again (once per change: never again when the page read comes back)
  const statusNow = useRef(queried?.stockStatus)
  statusNow.current = queried?.stockStatus
  useEffect(() => {
    if (change && statusNow.current && change.stockStatus !== statusNow.current) reexecute({ requestPolicy: 'network-only' })
  }, [change, reexecute])
  useLiveRefetch(() => reexecute({ requestPolicy: 'network-only' }), live ? LIVE_REFRESH_MS : AVAILABILITY_POLL_MS)
  // the feed dropped: what the page read last may be old, read it again now
  const wasLive = useRef(false)
  useEffect(() => {
    if (wasLive.current && !live) reexecute({ requestPolicy: 'network-only' })
    wasLive.current = live
  }, [live, reexecute])
  const product = queried && change && live ? { ...queried, available: change.available, stockStatus: change.stockStatus } : queried

  let body
  if (!data && fetching) body = <Spinner />
  else if (!data && error) body = <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  else if (!product)
    body = (
      <div className="notice notice-warning" role="alert" data-testid="product-not-found">
        <p className="notice-title">{t('product.notFoundTitle')}</p>
        <p>{t('product.notFoundBody', { sku })}</p>
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </div>
    )
  else body = <ProductView product={product} checkedAt={checkedAt} refreshing={fetching} live={live} />

  return (
    <section className="page" aria-labelledby="product-title">
      <p>
        <Link to="/" className="back-link">
          ← {t('product.backToShop')}
        </Link>
      </p>
      {product ? null : (
        <h1 id="product-title" className="visually-hidden">
          {t('product.title', { sku })}
        </h1>
      )}
      {body}
    </section>
  )
}

function ProductView({
  product,
  checkedAt,
  refreshing,
  live,
}: {
  product: PageProduct
  checkedAt: Date
  refreshing: boolean
  live: boolean
}) {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const { rules } = useOrderRules()
  const cart = useCart()
  const [quantity, setQuantity] = useState(1)
  const [added, setAdded] = useState<number | null>(null)
  const name = productName(product, locale)
  const description = (locale === 'zh-CN' ? product.descriptionZh || product.descriptionEn : product.descriptionEn || product.descriptionZh) ?? ''
  const inCart = cart.lines.find((l) => l.sku === product.sku)?.quantity ?? 0
  const maxQuantity = rules?.maxQuantity ?? MAX_QUANTITY_DEFAULT
  // a product that may be backordered is limited only by the max-per-line rule
  const backorder = product.backorderPolicy === 'ALLOW' || product.stockStatus === 'BACKORDER'
  const canBuy = product.active && (product.available > 0 || backorder)
  const cap = backorder ? maxQuantity : Math.min(maxQuantity, product.available)
  const max = Math.max(1, cap - inCart)
  const full = canBuy && cap - inCart <= 0
  const qty = Math.min(quantity, max)
  const qtyId = useId()
  const laterId = useId()
  const money = (amount: number) => formatMoney(amount, product.price.currency, locale)

  const stock = !product.active
    ? { tone: 'danger', label: t('product.inactive') }
    : stockLabel(i18n, product.stockStatus, product.available, { long: true })
  // what of this quantity waits for stock (what is in the cart already takes what is there first)
  const later =
    canBuy && backorder && !full
      ? shipsLaterText(i18n, { available: Math.max(0, product.available - inCart), quantity: qty, eta: product.restockEta })
      : null

  const onAdd = () => {
    addToCart(product, qty, maxQuantity)
    setAdded(qty)
    setQuantity(1)
  }

  return (
    <div className="product-page" data-testid="product-page" data-sku={product.sku}>
      <div className="product-hero product-thumb" style={{ ['--hue' as string]: hueFor(product.category || product.sku) }} aria-hidden="true">
        <span>{(Array.from(name || product.sku)[0] ?? '').toUpperCase()}</span>
      </div>
      <div className="product-info">
        <p className="product-category">{tv('category', product.category)}</p>
        <h1 id="product-title">{name}</h1>
        <p className="product-sku">{t('shop.sku', { sku: product.sku })}</p>
        <p className="product-page-price" data-testid="product-page-price">
          {money(product.price.amount)}
        </p>

        <div className="availability" aria-busy={refreshing}>
          <p className={`stock stock-${stock.tone}`} data-testid="product-availability" role="status" aria-live="polite">
            {stock.label}
          </p>
          {product.active ? <RestockEta status={product.stockStatus} eta={product.restockEta} /> : null}
          <p className="muted small" data-testid="availability-freshness" data-live={live || undefined}>
            {live
              ? t('avail.live')
              : t('product.checkedAt', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(checkedAt) })}
          </p>
        </div>

        {rules ? <DeliveryAvailability rules={rules} price={product.price.amount} canBuy={canBuy} /> : null}

        {canBuy ? (
          <div className="buy-box">
            {full ? (
              <p className="muted" data-testid="product-max-in-cart">
                {t('product.allInCart')}
              </p>
            ) : (
              <div className="buy-row">
                <QuantityInput
                  id={qtyId}
                  label={t('product.quantity')}
                  value={qty}
                  max={max}
                  onChange={setQuantity}
                  describedBy={later ? laterId : undefined}
                />
                <button type="button" className="btn btn-primary" onClick={onAdd} data-testid="add-to-cart">
                  {t('product.addToCart')}
                </button>
              </div>
            )}
            <div aria-live="polite">
              {later ? (
                <p id={laterId} className="ships-later" data-testid="ships-later">
                  {later}
                </p>
              ) : null}
            </div>
            <div role="status" aria-live="polite" className="added-status">
              {added !== null ? (
                <p className="notice notice-success" data-testid="added-to-cart">
                  <span>{t('product.added', { count: added })}</span>
                  <span className="button-row">
                    <Link to="/cart" className="btn btn-secondary btn-small" data-testid="view-cart">
                      {t('product.viewCart')}
                    </Link>
                    <Link to="/checkout" className="btn btn-primary btn-small">
                      {t('cart.checkout')}
                    </Link>
                  </span>
                </p>
              ) : inCart > 0 ? (
                <p className="muted small">
                  {t('product.inCart', { count: inCart })} <Link to="/cart">{t('product.viewCart')}</Link>
                </p>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>

      {product.active && product.stockStatus === 'OUT_OF_STOCK' ? (
        <section className="card product-substitutes" aria-labelledby="product-subs-title" data-testid="product-substitutes">
          <h2 id="product-subs-title" className="card-title">
            {t('avail.substitutes')}
          </h2>
          <SubstituteList productId={product.id} />
        </section>
      ) : null}

      <section className="card product-description" aria-labelledby="product-desc-title">
        <h2 id="product-desc-title" className="card-title">
          {t('product.description')}
        </h2>
        <p>{description || t('product.noDescription')}</p>
        <dl className="facts">
          <div>
            <dt>{t('product.weight')}</dt>
            <dd>{t('shop.weight', { grams: product.weightGrams.toLocaleString(locale) })}</dd>
          </div>
          <div>
            <dt>{t('product.skuLabel')}</dt>
            <dd className="mono">{product.sku}</dd>
          </div>
        </dl>
      </section>
    </div>
  )
}

/** Each delivery option with what it costs for this product, or why it can't be had now. */
function DeliveryAvailability({ rules, price, canBuy }: { rules: OrderRules; price: number; canBuy: boolean }) {
  const { t, tv, locale } = useI18n()
  const money = (amount: number) => formatMoney(amount, rules.currency, locale)
  const note = (option: DeliveryOption): string => {
    switch (option) {
      case 'STANDARD':
        if (rules.freeShippingFrom <= 0) return ''
        return price >= rules.freeShippingFrom
          ? t('product.delivery.freeNow')
          : t('product.delivery.freeFrom', { amount: money(rules.freeShippingFrom) })
      case 'NEXT_DAY':
        return t('product.delivery.nextDayNote')
      case 'SCHEDULED':
        return t('product.delivery.scheduledNote', { days: rules.scheduledMaxDays })
      default:
        return ''
    }
  }
  return (
    <section className="delivery-box" aria-labelledby="delivery-avail-title">
      <h2 id="delivery-avail-title" className="delivery-box-title">
        {t('product.deliveryTitle')}
      </h2>
      <ul className="delivery-avail" data-testid="delivery-availability">
        {DELIVERY_OPTIONS.map((option) => {
          const fee = feeFor(rules, option)
          if (fee == null) return null
          const free = option === 'STANDARD' && rules.freeShippingFrom > 0 && price >= rules.freeShippingFrom
          return (
            <li key={option} data-option={option} className={canBuy ? undefined : 'unavailable'}>
              <span className="delivery-avail-name">
                <span className={`avail-dot ${canBuy ? 'on' : 'off'}`} aria-hidden="true" />
                {tv('deliveryOption', option)}
                <span className="visually-hidden">
                  {' '}
                  ({canBuy ? t('product.delivery.available') : t('product.delivery.unavailable')})
                </span>
              </span>
              <span className="delivery-avail-fee">{free ? t('order.freeShipping') : money(fee)}</span>
              {canBuy && note(option) ? <span className="delivery-avail-note">{note(option)}</span> : null}
            </li>
          )
        })}
      </ul>
      {!canBuy ? <p className="muted small">{t('product.delivery.noneWhileOut')}</p> : null}
    </section>
  )
}
