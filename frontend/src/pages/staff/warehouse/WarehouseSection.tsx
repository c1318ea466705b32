// The staff console's warehouse section (/staff/warehouse/<view>): pick & pack, stock, cycle
// counts and allocation, each shown by permission (FULFIL, MANAGE_STOCK). The warehouse being
// worked in is chosen once at the top and remembered on this device.
import { useEffect, useMemo, useState } from 'react'
import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../../../components/Feedback'
import type { Permission } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import type { MessageKey } from '../../../i18n/messages'
import { Link, navigate, usePathname } from '../../../lib/router'
import { useViewer } from '../../../lib/viewer'
import { AllocationScreen } from './Allocation'
import { CountsScreen } from './Counts'
import { WhWarehousesDocument } from './operations'
import { PickScreen } from './Pick'
import { readStoredWarehouse, storeWarehouse, WarehouseProvider, warehouseLabel, type WarehouseContextValue } from './shared'
import { StockScreen } from './StockScreen'
import './warehouse.css'

export type WarehouseView = 'pick' | 'stock' | 'counts' | 'allocation'

export const WAREHOUSE_VIEWS: readonly { id: WarehouseView; label: MessageKey; permission: Permission; perWarehouse: boolean }[] = [
  { id: 'pick', label: 'wh.view.pick', permission: 'FULFIL', perWarehouse: true },
  { id: 'stock', label: 'wh.view.stock', permission: 'MANAGE_STOCK', perWarehouse: true },
  { id: 'counts', label: 'wh.view.counts', permission: 'MANAGE_STOCK', perWarehouse: true },
  { id: 'allocation', label: 'wh.view.allocation', permission: 'FULFIL', perWarehouse: false },
]

export const WAREHOUSE_BASE = '/staff/warehouse'

/** The view named by a path under /staff/warehouse ('' for the section itself, null for an unknown one). */
export function warehouseViewFromPath(pathname: string): WarehouseView | '' | null {
  const rest = pathname.replace(/\/+$/, '').slice(WAREHOUSE_BASE.length).replace(/^\//, '')
  if (rest === '') return ''
  return WAREHOUSE_VIEWS.some((v) => v.id === rest) ? (rest as WarehouseView) : null
}

export function WarehouseSection() {
  const { t, locale } = useI18n()
  const viewer = useViewer()
  const pathname = usePathname()
  const views = WAREHOUSE_VIEWS.filter((v) => viewer.permissions.includes(v.permission))
  const named = warehouseViewFromPath(pathname)
  const view = named === '' ? views[0]?.id : named
  const allowed = views.find((v) => v.id === view)

  const [{ data, fetching, error }, reexecute] = useQuery({ query: WhWarehousesDocument })
  const warehouses = useMemo(() => (data?.warehouses.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])), [data])
  const [chosen, setChosen] = useState<string | null>(readStoredWarehouse)
  const warehouse = warehouses.find((w) => w.id === chosen) ?? warehouses.find((w) => w.active) ?? warehouses[0] ?? null
  useEffect(() => {
    if (warehouse && warehouse.id !== chosen) setChosen(warehouse.id)
  }, [warehouse, chosen])

  const ctx: WarehouseContextValue = {
    warehouses,
    warehouse,
    setWarehouseId: (id) => {
      storeWarehouse(id)
      setChosen(id)
    },
    can: viewer.can,
    viewerId: viewer.me?.id ?? null,
    isAdmin: viewer.me?.role === 'ADMIN',
  }

  return (
    <WarehouseProvider value={ctx}>
      <div className="wh" data-testid="warehouse-section" data-view={view ?? ''}>
        <div className="wh-top">
          <nav className="wh-views" aria-label={t('wh.views')}>
            <ul>
              {views.map((v) => (
                <li key={v.id}>
                  <Link
                    to={`${WAREHOUSE_BASE}/${v.id}`}
                    className="wh-view"
                    aria-current={v.id === view ? 'page' : undefined}
                    data-testid={`wh-view-${v.id}`}
                  >
                    {t(v.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {allowed?.perWarehouse && warehouses.length > 0 && warehouse ? (
            <div className="wh-picker">
              <label htmlFor="wh-warehouse">{t('wh.warehouse')}</label>
              <select
                id="wh-warehouse"
                value={warehouse.id}
                onChange={(e) => {
                  ctx.setWarehouseId(e.target.value)
                  // an open pick list or count belongs to the warehouse it was made for
                  if (window.location.search) navigate(`${WAREHOUSE_BASE}/${view}`)
                }}
                data-testid="warehouse-select"
              >
                {warehouses.map((w) => (
                  <option key={w.id} value={w.id}>
                    {warehouseLabel(w, locale)}
                    {w.active ? '' : ` (${t('wh.inactive')})`}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>

        {!view || !allowed ? (
          <div className="notice notice-warning" role="alert" data-testid="wh-view-forbidden">
            <p className="notice-title">{named === null ? t('wh.viewUnknown') : t('staff.sectionForbiddenTitle')}</p>
            {views[0] ? (
              <p>
                <Link to={`${WAREHOUSE_BASE}/${views[0].id}`}>{t(views[0].label)}</Link>
              </p>
            ) : null}
          </div>
        ) : allowed.perWarehouse && fetching && !data ? (
          <Spinner />
        ) : allowed.perWarehouse && error && !data ? (
          <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
        ) : allowed.perWarehouse && !warehouse ? (
          <p className="notice notice-info">{t('wh.noWarehouses')}</p>
        ) : view === 'pick' ? (
          <PickScreen />
        ) : view === 'stock' ? (
          <StockScreen />
        ) : view === 'counts' ? (
          <CountsScreen />
        ) : (
          <AllocationScreen />
        )}
      </div>
    </WarehouseProvider>
  )
}
