import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../../components/Feedback'
import { graphql } from '../../gql'
import { useI18n } from '../../i18n/i18n'
import { formatNumber } from '../../lib/format'
import { productName } from '../Storefront'
import { BackorderLookupCard } from './BackorderPolicy'

export const WarehousesDocument = graphql(`
  query Warehouses($first: Int!) {
    warehouses(first: $first) {
      edges {
        node {
          id
          code
          name
          city
          dailyCapacity
        }
      }
    }
  }
`)

export const LowStockDocument = graphql(`
  query LowStock($first: Int!) {
    stockLevels(first: $first, orderBy: [{ field: ON_HAND, direction: ASC }]) {
      edges {
        node {
          id
          onHand
          reserved
          reorderPoint
          binLocation
          product {
            id
            sku
            nameZh
            nameEn
          }
          warehouse {
            id
            code
          }
        }
      }
    }
  }
`)

export function StockSection() {
  return (
    <div className="console">
      <BackorderLookupCard />
      <LowStockTable />
      <WarehousesTable />
    </div>
  )
}

function LowStockTable() {
  const { t, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: LowStockDocument, variables: { first: 15 } })
  const levels = (data?.stockLevels.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  return (
    <section className="card" aria-labelledby="low-stock-title">
      <h2 id="low-stock-title" className="card-title">
        {t('stock.lowest')}
      </h2>
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && levels.length === 0 ? <p className="muted">{t('stock.none')}</p> : null}
      {levels.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="low-stock-title" tabIndex={0}>
          <table className="table" data-testid="stock-table">
            <thead>
              <tr>
                <th scope="col">{t('stock.col.product')}</th>
                <th scope="col">{t('stock.col.warehouse')}</th>
                <th scope="col" className="num">
                  {t('stock.col.onHand')}
                </th>
                <th scope="col" className="num">
                  {t('stock.col.available')}
                </th>
                <th scope="col" className="num">
                  {t('stock.col.reorderPoint')}
                </th>
                <th scope="col">{t('stock.col.bin')}</th>
              </tr>
            </thead>
            <tbody>
              {levels.map((l) => {
                const available = l.onHand - l.reserved
                const low = available <= l.reorderPoint
                return (
                  <tr key={l.id}>
                    <th scope="row" className="cell-wrap">
                      {productName(l.product, locale)}
                      <span className="cell-sub mono">{l.product.sku}</span>
                    </th>
                    <td className="mono">{l.warehouse.code}</td>
                    <td className="num">{formatNumber(l.onHand, locale)}</td>
                    <td className="num">
                      {low ? <span className="badge badge-warning">{formatNumber(available, locale)}</span> : formatNumber(available, locale)}
                    </td>
                    <td className="num">{formatNumber(l.reorderPoint, locale)}</td>
                    <td className="mono">{l.binLocation || t('common.notAvailable')}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}

function WarehousesTable() {
  const { t, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WarehousesDocument, variables: { first: 50 } })
  const warehouses = (data?.warehouses.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  return (
    <section className="card" aria-labelledby="warehouses-title">
      <h2 id="warehouses-title" className="card-title">
        {t('staff.warehouses')}
      </h2>
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && warehouses.length === 0 ? <p className="muted">{t('staff.noWarehouses')}</p> : null}
      {warehouses.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="warehouses-title" tabIndex={0}>
          <table className="table" data-testid="warehouses-table">
            <thead>
              <tr>
                <th scope="col">{t('staff.col.code')}</th>
                <th scope="col">{t('staff.col.name')}</th>
                <th scope="col">{t('staff.col.city')}</th>
                <th scope="col" className="num">
                  {t('staff.col.capacity')}
                </th>
              </tr>
            </thead>
            <tbody>
              {warehouses.map((w) => (
                <tr key={w.id}>
                  <th scope="row" className="mono">
                    {w.code}
                  </th>
                  <td>{w.name}</td>
                  <td>{w.city}</td>
                  <td className="num">{t('staff.capacityValue', { count: formatNumber(w.dailyCapacity, locale) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
