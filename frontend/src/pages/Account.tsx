import { useEffect, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../components/Feedback'
import { PasswordPolicy, TextField } from '../components/Field'
import { OrderActions } from '../components/OrderActions'
import { OrderDetails } from '../components/OrderDetails'
import { StatusBadge } from '../components/StatusBadge'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { splitUserErrors } from '../lib/errors'
import { formatDate, formatMoney } from '../lib/format'
import { Link } from '../lib/router'
import { useViewer, type ViewerAccount } from '../lib/viewer'
import { VerifyEmailBanner } from './VerifyEmail'
import { AccountSupport } from './support/AccountSupport'
import { OrderSupport } from './support/OrderSupport'

export const ORDERS_PAGE_SIZE = 10

export const MyOrdersDocument = graphql(`
  query MyOrders($first: Int!, $after: Cursor) {
    orders(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          number
          status
          createdAt
          total {
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

export const MyOrderDocument = graphql(`
  query MyOrder($number: String!) {
    orders(first: 1, where: { number: $number }) {
      edges {
        node {
          ...OrderDetailFields
          paymentExpiresAt
          payments {
            id
            status
            cardLast4
            failureCode
          }
        }
      }
    }
  }
`)

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      ok
      userErrors {
        field
        message
        code
      }
    }
  }
`)

/** For pages that need an account: a friendly way in for visitors who are not signed in. */
export function SignInPrompt({ message, returnTo }: { message: string; returnTo?: string }) {
  const { t } = useI18n()
  const login = returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : '/login'
  return (
    <div className="notice notice-info" data-testid="signin-required">
      <p>{message}</p>
      <p className="button-row">
        <Link to={login} className="btn btn-primary">
          {t('nav.signIn')}
        </Link>
        <Link to="/register" className="btn btn-secondary">
          {t('nav.register')}
        </Link>
      </p>
    </div>
  )
}

function GuestLookupCard() {
  const { t } = useI18n()
  return (
    <div className="card guest-card">
      <h2 className="card-title">{t('guest.cardTitle')}</h2>
      <p className="muted">{t('guest.cardBody')}</p>
      <p>
        <Link to="/orders/find" className="btn btn-secondary" data-testid="guest-lookup-link">
          {t('guest.cardAction')}
        </Link>
      </p>
    </div>
  )
}

export function AccountPage() {
  const { t } = useI18n()
  const viewer = useViewer()

  let body
  if (viewer.loading) body = <Spinner />
  else if (viewer.error) body = <ErrorState error={viewer.error} onRetry={viewer.refetch} />
  else if (!viewer.me)
    body = (
      <>
        <SignInPrompt message={t('account.needSignIn')} returnTo="/account" />
        <GuestLookupCard />
      </>
    )
  else
    body = (
      <div className="account-grid">
        <div className="account-main">
          {!viewer.isStaff ? <VerifyEmailBanner me={viewer.me} /> : null}
          {viewer.isStaff ? (
            <div className="card">
              <h2 className="card-title">{t('account.staffTitle')}</h2>
              <p className="muted">{t('account.staffBody')}</p>
              <p>
                <Link to="/staff" className="btn btn-primary">
                  {t('account.openConsole')}
                </Link>
              </p>
            </div>
          ) : (
            <>
              <MyOrders />
              <AccountSupport />
            </>
          )}
        </div>
        <div className="account-side">
          <ProfileCard me={viewer.me} />
          <ChangePasswordCard email={viewer.me.email} />
        </div>
      </div>
    )

  return (
    <section className="page" aria-labelledby="account-title">
      <div className="page-head">
        <h1 id="account-title">{t('account.title')}</h1>
      </div>
      {body}
    </section>
  )
}

function ProfileCard({ me }: { me: ViewerAccount }) {
  const { t, tv } = useI18n()
  return (
    <section className="card" aria-labelledby="profile-title" data-testid="profile">
      <h2 id="profile-title" className="card-title">
        {t('account.profile')}
      </h2>
      <dl className="profile-list">
        <div>
          <dt>{t('account.email')}</dt>
          <dd data-testid="profile-email">{me.email}</dd>
        </div>
        <div>
          <dt>{t('account.name')}</dt>
          <dd>{me.displayName || t('common.notAvailable')}</dd>
        </div>
        <div>
          <dt>{t('account.role')}</dt>
          <dd>{tv('role', me.role)}</dd>
        </div>
      </dl>
    </section>
  )
}

interface PageInfo {
  hasNextPage: boolean
  endCursor?: string | null
}

function MyOrders() {
  const { t, locale } = useI18n()
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [last, setLast] = useState<PageInfo | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  return (
    <section className="card" aria-labelledby="my-orders-title">
      <div className="card-head">
        <h2 id="my-orders-title" className="card-title">
          {t('account.orders')}
        </h2>
        {total !== null && total > 0 ? (
          <span className="muted" data-testid="my-orders-count">
            {t('account.orderCount', { count: total.toLocaleString(locale) })}
          </span>
        ) : null}
      </div>
      <ul className="order-list" data-testid="my-orders">
        {cursors.map((after, i) => (
          <MyOrdersPage
            key={after ?? ''}
            after={after}
            isFirst={i === 0}
            isLast={i === cursors.length - 1}
            onPageInfo={setLast}
            onTotal={setTotal}
          />
        ))}
      </ul>
      {last?.hasNextPage && last.endCursor ? (
        <div className="load-more">
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => setCursors((c) => [...c, last.endCursor ?? null])}
          >
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  )
}

function MyOrdersPage({
  after,
  isFirst,
  isLast,
  onPageInfo,
  onTotal,
}: {
  after: string | null
  isFirst: boolean
  isLast: boolean
  onPageInfo: (p: PageInfo | null) => void
  onTotal: (n: number) => void
}) {
  const { t, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MyOrdersDocument,
    variables: { first: ORDERS_PAGE_SIZE, after },
    requestPolicy: isFirst ? 'cache-and-network' : 'cache-first',
  })
  const conn = data?.orders
  useEffect(() => {
    if (isLast) onPageInfo(conn ? conn.pageInfo : null)
  }, [isLast, conn, onPageInfo])
  useEffect(() => {
    if (isFirst && conn) onTotal(conn.totalCount)
  }, [isFirst, conn, onTotal])

  if (fetching && !data)
    return (
      <li className="order-list-status">
        <Spinner />
      </li>
    )
  if (error && !data)
    return (
      <li className="order-list-status">
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      </li>
    )
  const orders = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  if (isFirst && orders.length === 0)
    return (
      <li className="order-list-status">
        <p className="muted" data-testid="my-orders-empty">
          {t('account.noOrders')}
        </p>
        <p>
          <Link to="/">{t('account.startShopping')}</Link>
        </p>
      </li>
    )
  return (
    <>
      {orders.map((o) => (
        <li key={o.id}>
          <Link
            to={`/account/orders/${encodeURIComponent(o.number)}`}
            className="order-row"
            data-testid="my-order"
            data-number={o.number}
          >
            <span className="order-row-main">
              <span className="mono order-row-number">{o.number}</span>
              <StatusBadge status={o.status} kind="orderStatus" />
            </span>
            <span className="order-row-meta">
              <time dateTime={o.createdAt}>{formatDate(o.createdAt, locale)}</time>
              <span className="order-row-total">{formatMoney(o.total.amount, o.total.currency, locale)}</span>
            </span>
          </Link>
        </li>
      ))}
    </>
  )
}

function ChangePasswordCard({ email }: { email: string }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<{ current?: string; next?: string; repeat?: string }>({})
  const [general, setGeneral] = useState<string[]>([])
  const [done, setDone] = useState(false)
  const [{ fetching }, change] = useMutation(ChangePasswordDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setDone(false)
    setGeneral([])
    const missing = { current: !current ? te('REQUIRED') : undefined, next: !next ? te('REQUIRED') : undefined }
    if (missing.current || missing.next) {
      setErrors(missing)
      document.getElementById(missing.current ? 'password-current' : 'password-new')?.focus()
      return
    }
    if (repeat !== next) {
      setErrors({ repeat: t('password.mismatch') })
      document.getElementById('password-repeat')?.focus()
      return
    }
    setErrors({})
    const res = await change({ currentPassword: current, newPassword: next })
    const payload = res.data?.changePassword
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('password.changeFailed')])
      return
    }
    if (!payload.ok || payload.userErrors.length > 0) {
      const { byField, general: rest } = splitUserErrors(payload.userErrors, ['currentPassword', 'newPassword'])
      setErrors({
        current: byField.currentPassword
          ? byField.currentPassword.code === 'INVALID_CREDENTIALS'
            ? t('password.currentWrong')
            : te(byField.currentPassword.code, byField.currentPassword.message)
          : undefined,
        next: byField.newPassword ? te(byField.newPassword.code, byField.newPassword.message) : undefined,
      })
      setGeneral(payload.userErrors.length > 0 ? rest.map((ue) => te(ue.code, ue.message)) : [t('password.changeFailed')])
      return
    }
    setCurrent('')
    setNext('')
    setRepeat('')
    setDone(true)
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title" className="card-title">
        {t('password.title')}
      </h2>
      {done ? (
        <div className="notice notice-success" role="status" data-testid="password-changed">
          <p>{t('password.changed')}</p>
        </div>
      ) : null}
      <FormAlert messages={general} testId="password-errors" />
      <form className="form-stack" onSubmit={onSubmit} aria-busy={fetching} noValidate>
        {/* lets password managers file the new password under the right account */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          id="password-current"
          label={t('password.current')}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.current}
        />
        <TextField
          id="password-new"
          label={t('password.new')}
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.next}
          hint={<PasswordPolicy password={next} email={email} />}
        />
        <TextField
          id="password-repeat"
          label={t('password.repeat')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={errors.repeat}
        />
        <p className="muted small">{t('password.othersSignedOut')}</p>
        <button type="submit" className="btn btn-primary" disabled={fetching}>
          {fetching ? t('password.submitting') : t('password.submit')}
        </button>
      </form>
    </section>
  )
}

export function AccountOrderPage({ number }: { number: string }) {
  const { t } = useI18n()
  const viewer = useViewer()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MyOrderDocument,
    variables: { number },
    pause: !viewer.me,
  })
  const order = data?.orders.edges?.[0]?.node ?? null
  const here = `/account/orders/${encodeURIComponent(number)}`

  let body
  if (viewer.loading) body = <Spinner />
  else if (viewer.error) body = <ErrorState error={viewer.error} onRetry={viewer.refetch} />
  else if (!viewer.me) body = <SignInPrompt message={t('account.needSignIn')} returnTo={here} />
  else if (fetching && !data) body = <Spinner />
  else if (error && !data) body = <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  else if (!order)
    body = (
      <div className="notice notice-warning" role="alert" data-testid="order-not-found">
        <p className="notice-title">{t('order.notFoundTitle')}</p>
        <p>{t('order.notFoundBody', { number })}</p>
      </div>
    )
  else
    body = (
      <>
        <OrderActions order={order} onChanged={() => reexecute({ requestPolicy: 'network-only' })} />
        <OrderDetails order={order} showNumber={false} />
        <OrderSupport order={order} />
      </>
    )

  return (
    <section className="page page-narrow" aria-labelledby="order-title">
      <p>
        <Link to="/account" className="back-link">
          ← {t('account.backToOrders')}
        </Link>
      </p>
      <h1 id="order-title">{t('order.title', { number })}</h1>
      {body}
    </section>
  )
}
