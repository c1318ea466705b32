import { useMutation, useQuery } from 'urql'
import { ErrorState, Spinner } from '../components/Feedback'
import { StatusBadge } from '../components/StatusBadge'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { formatDateTime, formatMoney, formatNumber } from '../lib/format'
import { Link, navigate } from '../lib/router'
import { useSession } from '../lib/session'
import { isStaffRole } from './Login'

export const MeDocument = graphql(`
  query Me {
    me {
      id
      email
      role
      displayName
    }
  }
`)

export const LogoutDocument = graphql(`
  mutation Logout {
    logout {
      ok
    }
  }
`)

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

export function StaffPage() {
  const { t, tv } = useI18n()
  const { signOut } = useSession()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MeDocument, requestPolicy: 'cache-and-network' })
  const [, logout] = useMutation(LogoutDocument)

  const onSignOut = async () => {
    try {
      await logout({})
    } finally {
      signOut()
      navigate('/login')
    }
  }

  let body
  if (fetching && !data) body = <Spinner />
  else if (error && !data) body = <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  else if (!data?.me)
    body = (
      <div className="notice notice-info" data-testid="staff-signin-required">
        <p>{t('staff.needSignIn')}</p>
        <p>
          <Link to="/login" className="btn btn-primary">
            {t('staff.goSignIn')}
          </Link>
        </p>
      </div>
    )
  else if (!isStaffRole(data.me.role))
    body = (
      <div className="notice notice-warning" role="alert">
        <p>{t('staff.notStaff')}</p>
      </div>
    )
  else
    body = (
      <div className="console">
        <OrdersTable />
        <WarehousesTable />
      </div>
    )

  return (
    <section className="page" aria-labelledby="staff-title">
      <div className="page-head">
        <div>
          <h1 id="staff-title">{t('staff.title')}</h1>
          {data?.me ? (
            <p className="muted" data-testid="staff-account">
              {t('staff.signedInAs', { name: data.me.displayName || data.me.email, role: tv('role', data.me.role) })}
            </p>
          ) : null}
        </div>
        {data?.me ? (
          <button type="button" className="btn btn-secondary" onClick={onSignOut} data-testid="sign-out">
            {t('staff.signOut')}
          </button>
        ) : null}
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
