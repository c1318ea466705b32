import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { ErrorState } from '../components/Feedback'
import { RestockEta, shipsLaterText, stockLabel, SubstitutesToggle } from '../components/Stock'
import { graphql } from '../gql'
import type { ProductOrder, ProductWhereInput, StorefrontProductsQuery } from '../gql/graphql'
import { useI18n, type Locale } from '../i18n/i18n'
import { addToCart } from '../lib/cart'
import { formatMoney } from '../lib/format'
import { Link } from '../lib/router'

export const PAGE_SIZE = 24
/** LOW_STOCK means this many or fewer (the server decides: stockStatus). */
export const LOW_STOCK = 5

export const StorefrontProductsDocument = graphql(`
  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {
    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {
      edges {
        cursor
        node {
          id
          sku
          nameZh
          nameEn
          category
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
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const ProductCategoriesDocument = graphql(`
  query ProductCategories {
    productCategories
  }
`)

type ProductEdges = NonNullable<StorefrontProductsQuery['products']['edges']>
export type StorefrontProduct = NonNullable<NonNullable<ProductEdges[number]>['node']>

/** The filter sent to the API: the search text matches either name or the SKU. */
export function buildProductWhere(search: string, category: string | null): ProductWhereInput | undefined {
  const q = search.trim()
  const where: ProductWhereInput = {}
  if (q) where.or = [{ nameZhContainsFold: q }, { nameEnContainsFold: q }, { skuContainsFold: q }]
  if (category) where.category = category
  return Object.keys(where).length > 0 ? where : undefined
}

export function productName(p: Pick<StorefrontProduct, 'nameZh' | 'nameEn'>, locale: Locale): string {
  return (locale === 'zh-CN' ? p.nameZh || p.nameEn : p.nameEn || p.nameZh) ?? ''
}

export type SortKey = 'sku' | 'priceAsc' | 'priceDesc' | 'name'
export const SORT_KEYS: readonly SortKey[] = ['sku', 'priceAsc', 'priceDesc', 'name']

/** The API ordering for a sort choice; names sort in the language being shown. */
export function productOrder(sort: SortKey, locale: Locale): ProductOrder {
  switch (sort) {
    case 'priceAsc':
      return { field: 'PRICE', direction: 'ASC' }
    case 'priceDesc':
      return { field: 'PRICE', direction: 'DESC' }
    case 'name':
      return { field: locale === 'zh-CN' ? 'NAME_ZH' : 'NAME_EN', direction: 'ASC' }
    default:
      return { field: 'SKU', direction: 'ASC' }
  }
}

function isSortKey(v: string): v is SortKey {
  return (SORT_KEYS as readonly string[]).includes(v)
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), ms)
    return () => window.clearTimeout(id)
  }, [value, ms])
  return debounced
}

export function Storefront() {
  const { t, locale } = useI18n()
  const [input, setInput] = useState('')
  const [sort, setSort] = useState<SortKey>('sku')
  const [search, setSearch] = useState('')
  const [category, setCategory] = useState<string | null>(null)
  const debounced = useDebounced(input, 300)
  useEffect(() => setSearch(debounced), [debounced])

  const where = useMemo(() => buildProductWhere(search, category), [search, category])
  const orderBy = useMemo(() => productOrder(sort, locale), [sort, locale])

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSearch(input)
  }

  return (
    <section className="page" aria-labelledby="shop-title">
      <div className="page-head">
        <div>
          <h1 id="shop-title">{t('shop.title')}</h1>
          <p className="muted">{t('shop.subtitle')}</p>
        </div>
      </div>

      <form className="search-bar" role="search" onSubmit={onSubmit}>
        <label htmlFor="product-search" className="visually-hidden">
          {t('shop.searchLabel')}
        </label>
        <input
          id="product-search"
          type="search"
          data-testid="product-search"
          value={input}
          placeholder={t('shop.searchPlaceholder')}
          autoComplete="off"
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit" className="btn btn-primary">
          {t('shop.searchButton')}
        </button>
      </form>

      <div className="filter-row">
        <CategoryChips selected={category} onSelect={setCategory} />
        <div className="sort">
          <label htmlFor="product-sort">{t('shop.sortLabel')}</label>
          <select
            id="product-sort"
            value={sort}
            onChange={(e) => {
              if (isSortKey(e.target.value)) setSort(e.target.value)
            }}
          >
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {t(`shop.sort.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {/* a new filter or order starts a fresh list */}
      <ProductList key={JSON.stringify([where ?? {}, orderBy])} where={where} orderBy={orderBy} />
    </section>
  )
}

function CategoryChips({ selected, onSelect }: { selected: string | null; onSelect: (c: string | null) => void }) {
  const { t, tv } = useI18n()
  const [{ data }] = useQuery({ query: ProductCategoriesDocument })
  const categories = data?.productCategories ?? []
  if (categories.length === 0) return null
  return (
    <div className="chips" role="group" aria-label={t('shop.categories')}>
      <button type="button" className="chip" aria-pressed={selected === null} onClick={() => onSelect(null)}>
        {t('shop.allCategories')}
      </button>
      {categories.map((c) => (
        <button
          key={c}
          type="button"
          className="chip"
          aria-pressed={selected === c}
          onClick={() => onSelect(selected === c ? null : c)}
        >
          {tv('category', c)}
        </button>
      ))}
    </div>
  )
}

export function ProductList({ where, orderBy }: { where?: ProductWhereInput; orderBy?: ProductOrder | ProductOrder[] }) {
  const { t } = useI18n()
  const [after, setAfter] = useState<string | null>(null)
  const [loaded, setLoaded] = useState<StorefrontProduct[]>([])
  const [{ data, fetching, error, operation }, reexecute] = useQuery({
    query: StorefrontProductsDocument,
    variables: { first: PAGE_SIZE, after, where, orderBy },
  })

  // The page for the current cursor, once it has arrived for exactly these variables.
  const current = operation?.variables.after === after ? data?.products : undefined
  const pageItems = useMemo(
    () => (current?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])),
    [current],
  )
  // Earlier pages plus the current one, without duplicates.
  const items = useMemo(() => {
    const seen = new Set(loaded.map((p) => p.id))
    return loaded.concat(pageItems.filter((p) => !seen.has(p.id)))
  }, [loaded, pageItems])

  const loadMore = () => {
    if (!current?.pageInfo.endCursor) return
    setLoaded(items)
    setAfter(current.pageInfo.endCursor)
  }
  const retry = () => reexecute({ requestPolicy: 'network-only' })

  const firstLoad = items.length === 0 && (fetching || !current) && !error
  const busyMore = after !== null && !current && fetching

  return (
    <div className="product-results">
      {firstLoad ? <ProductSkeleton /> : null}
      {error && !current ? <ErrorState error={error} onRetry={retry} /> : null}
      {!firstLoad && current && items.length === 0 ? (
        <p className="empty" role="status">
          {t('shop.empty')}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="product-grid" aria-busy={fetching} data-testid="product-grid">
          {items.map((p) => (
            <li key={p.id}>
              <ProductCard product={p} />
            </li>
          ))}
        </ul>
      ) : null}
      {items.length > 0 && (current?.pageInfo.hasNextPage || busyMore) ? (
        <div className="load-more">
          <button
            type="button"
            className="btn btn-secondary"
            onClick={loadMore}
            disabled={busyMore}
            aria-busy={busyMore}
            data-testid="load-more"
          >
            {busyMore ? t('common.loading') : t('shop.loadMore')}
          </button>
        </div>
      ) : null}
    </div>
  )
}

function ProductSkeleton() {
  const { t } = useI18n()
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">{t('common.loading')}</span>
      <ul className="product-grid" aria-hidden="true" data-testid="product-skeleton">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i}>
            <div className="product-card skeleton">
              <div className="product-thumb" />
              <div className="product-body">
                <span className="sk-line sk-short" />
                <span className="sk-line" />
                <span className="sk-line sk-mid" />
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  )
}

const THUMB_HUES = [208, 162, 24, 280, 340, 190, 44, 120]

export function hueFor(text: string): number {
  let h = 0
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return THUMB_HUES[h % THUMB_HUES.length]
}

/** The product page of a SKU. */
export function productPath(sku: string): string {
  return `/p/${encodeURIComponent(sku)}`
}

/** One tap to put a product in the cart from the grid, with a short confirmation. */
function QuickAdd({ product }: { product: StorefrontProduct }) {
  const { t, locale } = useI18n()
  const [added, setAdded] = useState(false)
  useEffect(() => {
    if (!added) return
    const id = window.setTimeout(() => setAdded(false), 2500)
    return () => window.clearTimeout(id)
  }, [added])
  // a product on backorder can be ordered too (it ships when restocked)
  if (product.available <= 0 && product.stockStatus !== 'BACKORDER' && product.backorderPolicy !== 'ALLOW') return null
  const name = productName(product, locale)
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-small quick-add"
        data-testid="quick-add"
        onClick={() => {
          addToCart(product, 1)
          setAdded(true)
        }}
      >
        {added ? `✓ ${t('shop.added')}` : t('shop.add')}
        <span className="visually-hidden">: {name}</span>
      </button>
      <span role="status" className="visually-hidden">
        {added ? t('shop.addedNamed', { name }) : ''}
      </span>
    </>
  )
}

export function ProductCard({ product }: { product: StorefrontProduct }) {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const name = productName(product, locale)
  const stock = stockLabel(i18n, product.stockStatus, product.available)
  const hue = hueFor(product.category || product.sku)
  const nameId = useId()
  return (
    <article className="product-card" data-testid="product-card" data-sku={product.sku} aria-labelledby={nameId}>
      <div className="product-thumb" style={{ ['--hue' as string]: hue }} aria-hidden="true">
        <span>{(Array.from(name || product.sku)[0] ?? '').toUpperCase()}</span>
      </div>
      <div className="product-body">
        <p className="product-category">{tv('category', product.category)}</p>
        <h3 className="product-name" id={nameId}>
          <Link to={productPath(product.sku)} className="product-link" data-testid="product-link">
            {name}
          </Link>
        </h3>
        <p className="product-sku">{t('shop.sku', { sku: product.sku })}</p>
        <div className="product-foot">
          <span className="product-price" data-testid="product-price">
            {formatMoney(product.price.amount, product.price.currency, locale)}
          </span>
          <span className={`stock stock-${stock.tone}`} data-testid="product-stock">
            {stock.label}
          </span>
        </div>
        {product.stockStatus === 'BACKORDER' ? (
          <p className="stock-eta" data-testid="restock-eta">
            {shipsLaterText(i18n, { available: 0, quantity: 1, eta: product.restockEta })}
          </p>
        ) : (
          <RestockEta status={product.stockStatus} eta={product.restockEta} />
        )}
        <QuickAdd product={product} />
        {product.stockStatus === 'OUT_OF_STOCK' ? <SubstitutesToggle productId={product.id} name={name} /> : null}
      </div>
    </article>
  )
}
