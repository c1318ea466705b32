import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../components/Feedback'
import { StatusBadge } from '../components/StatusBadge'
import { graphql } from '../gql'
import type { Permission } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import type { MessageKey } from '../i18n/messages'
import { formatDateTime, formatMoney } from '../lib/format'
import { Link } from '../lib/router'
import { useViewer } from '../lib/viewer'
import { StaffAccountsSection } from './staff/Accounts'
import { AuditSection } from './staff/Audit'
import { StockSection } from './staff/Stock'

export const RecentOrdersDocument = graphql(`
  query RecentOrders($first: Int!) {
    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          id
          number
          status
          channel
          contactName
          total {
            amount
            currency
          }
          createdAt
        }
      }
    }
  }
`)

export type StaffSectionId = 'orders' | 'stock' | 'accounts' | 'audit'

export interface StaffSectionDef {
  id: StaffSectionId
  path: string
  label: MessageKey
  /** null: every staff role */
  permission: Permission | null
}

export const STAFF_SECTIONS: readonly StaffSectionDef[] = [
  { id: 'orders', path: '/staff', label: 'staff.tab.orders', permission: null },
  { id: 'stock', path: '/staff/stock', label: 'staff.tab.stock', permission: 'MANAGE_STOCK' },
  { id: 'accounts', path: '/staff/accounts', label: 'staff.tab.accounts', permission: 'MANAGE_STAFF' },
  { id: 'audit', path: '/staff/audit', label: 'staff.tab.audit', permission: 'VIEW_AUDIT' },
]

/** The console sections a viewer with these permissions may open. */
export function visibleSections(permissions: readonly string[]): StaffSectionDef[] {
  return STAFF_SECTIONS.filter((s) => s.permission === null || permissions.includes(s.permission))
}

export function staffSectionFromPath(sub: string | undefined): StaffSectionId | null {
  if (!sub || sub === 'orders') return 'orders'
  return STAFF_SECTIONS.some((s) => s.id === sub) ? (sub as StaffSectionId) : null
}

/** On a narrow screen the tab row scrolls sideways: keep the current tab in sight. */
function scrollIntoViewOnMount(el: HTMLAnchorElement | null) {
  el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
}

export function StaffPage({ section = 'orders' }: { section?: StaffSectionId }) {
  const { t, tv } = useI18n()
  const viewer = useViewer()
  const here = STAFF_SECTIONS.find((s) => s.id === section)?.path ?? '/staff'

  let body
  if (viewer.loading) body = <Spinner />
  else if (viewer.error) body = <ErrorState error={viewer.error} onRetry={viewer.refetch} />
  else if (!viewer.me)
    body = (
      <div className="notice notice-info" data-testid="staff-signin-required">
        <p>{t('staff.needSignIn')}</p>
        <p>
          <Link to={`/login?next=${encodeURIComponent(here)}`} className="btn btn-primary">
            {t('staff.goSignIn')}
          </Link>
        </p>
      </div>
    )
  else if (!viewer.isStaff)
    body = (
      <div className="notice notice-info staff-only" role="status" data-testid="staff-only">
        <p className="notice-title">{t('staff.onlyTitle')}</p>
        <p>{t('staff.onlyBody')}</p>
        <p className="button-row">
          <Link to="/account" className="btn btn-primary">
            {t('staff.toAccount')}
          </Link>
          <Link to="/" className="btn btn-secondary">
            {t('notFound.home')}
          </Link>
        </p>
      </div>
    )
  else {
    const sections = visibleSections(viewer.permissions)
    const allowed = sections.some((s) => s.id === section)
    body = (
      <>
        <nav className="tabs" aria-label={t('staff.sections')} data-testid="staff-tabs">
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <Link
                  to={s.path}
                  className="tab"
                  ref={s.id === section ? scrollIntoViewOnMount : undefined}
                  aria-current={s.id === section ? 'page' : undefined}
                  data-testid={`staff-tab-${s.id}`}
                >
                  {t(s.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {!allowed ? (
          <div className="notice notice-warning" role="alert" data-testid="section-forbidden">
            <p className="notice-title">{t('staff.sectionForbiddenTitle')}</p>
            <p>{t('staff.sectionForbiddenBody')}</p>
            <p>
              <Link to="/staff">{t('staff.backToConsole')}</Link>
            </p>
          </div>
        ) : section === 'stock' ? (
          <StockSection />
        ) : section === 'accounts' ? (
          <StaffAccountsSection viewerId={viewer.me.id} />
        ) : section === 'audit' ? (
          <AuditSection />
        ) : (
          <div className="console">
            <OrdersTable />
          </div>
        )}
      </>
    )
  }

  return (
    <section className="page" aria-labelledby="staff-title">
      <div className="page-head">
        <div>
          <h1 id="staff-title">{t('staff.title')}</h1>
          {viewer.me && viewer.isStaff ? (
            <p className="muted" data-testid="staff-account">
              {t('staff.signedInAs', { name: viewer.me.displayName || viewer.me.email, role: tv('role', viewer.me.role) })}
            </p>
          ) : null}
        </div>
      </div>
      {body}
    </section>
  )
}

function OrdersTable() {
  const { t, tv, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RecentOrdersDocument, variables: { first: 20 } })
  const orders = (data?.orders.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  return (
    <section className="card" aria-labelledby="orders-title">
      <h2 id="orders-title" className="card-title">
        {t('staff.orders')}
      </h2>
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && orders.length === 0 ? <p className="muted">{t('staff.noOrders')}</p> : null}
      {orders.length > 0 ? (
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
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <th scope="row" className="mono">
                    {o.number}
                  </th>
                  <td>
                    <StatusBadge status={o.status} kind="orderStatus" />
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
          </table>
        </div>
      ) : null}
    </section>
  )
}
