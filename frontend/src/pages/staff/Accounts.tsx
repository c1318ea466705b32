import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { PasswordPolicy, TextField } from '../../components/Field'
import { graphql } from '../../gql'
import type { AccountRole, AccountWhereInput, StaffAccountsQuery } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { useDraft } from '../../lib/draft'
import { splitUserErrors } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'

export const ACCOUNTS_PAGE_SIZE = 25
export const STAFF_ROLES: readonly AccountRole[] = ['AGENT', 'WAREHOUSE', 'ADMIN']

export const StaffAccountsDocument = graphql(`
  query StaffAccounts($first: Int!, $after: Cursor, $where: AccountWhereInput) {
    accounts(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          email
          role
          displayName
          disabled
          lastLoginAt
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const CreateStaffAccountDocument = graphql(`
  mutation CreateStaffAccount($input: CreateStaffAccountInput!) {
    createStaffAccount(input: $input) {
      account {
        id
        email
        role
        displayName
        disabled
        lastLoginAt
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const UpdateAccountDocument = graphql(`
  mutation UpdateAccount($input: UpdateAccountInput!) {
    updateAccount(input: $input) {
      account {
        id
        role
        disabled
        displayName
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

type AccountRow = NonNullable<NonNullable<NonNullable<StaffAccountsQuery['accounts']['edges']>[number]>['node']>

type RoleFilter = 'ALL' | 'STAFF' | AccountRole

export function accountsWhere(filter: RoleFilter, search: string): AccountWhereInput | undefined {
  const where: AccountWhereInput = {}
  if (filter === 'STAFF') where.roleNEQ = 'CUSTOMER'
  else if (filter !== 'ALL') where.role = filter
  const q = search.trim()
  if (q) where.or = [{ emailContainsFold: q }, { displayNameContainsFold: q }]
  return Object.keys(where).length > 0 ? where : undefined
}

export function StaffAccountsSection({ viewerId }: { viewerId: string }) {
  const { t, tv } = useI18n()
  const [filter, setFilter] = useState<RoleFilter>('STAFF')
  const [searchInput, setSearchInput] = useState('')
  const [search, setSearch] = useState('')
  const where = useMemo(() => accountsWhere(filter, search), [filter, search])

  return (
    <div className="console">
      <CreateStaffForm />
      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title" className="card-title">
          {t('accounts.title')}
        </h2>
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault()
            setSearch(searchInput)
          }}
        >
          <div className="field">
            <label htmlFor="accounts-search">{t('accounts.search')}</label>
            <input
              id="accounts-search"
              type="search"
              value={searchInput}
              placeholder={t('accounts.searchPlaceholder')}
              onChange={(e) => setSearchInput(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="accounts-role">{t('accounts.roleFilter')}</label>
            <select id="accounts-role" value={filter} onChange={(e) => setFilter(e.target.value as RoleFilter)}>
              <option value="STAFF">{t('accounts.filterStaff')}</option>
              <option value="ALL">{t('accounts.filterAll')}</option>
              {(['ADMIN', 'AGENT', 'WAREHOUSE', 'CUSTOMER'] as const).map((r) => (
                <option key={r} value={r}>
                  {tv('role', r)}
                </option>
              ))}
            </select>
          </div>
          <div className="filters-actions">
            <button type="submit" className="btn btn-secondary">
              {t('accounts.searchButton')}
            </button>
          </div>
        </form>
        <AccountsList key={JSON.stringify(where ?? {})} where={where} viewerId={viewerId} />
      </section>
    </div>
  )
}

interface PageInfo {
  hasNextPage: boolean
  endCursor?: string | null
}

function AccountsList({ where, viewerId }: { where?: AccountWhereInput; viewerId: string }) {
  const { t } = useI18n()
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [last, setLast] = useState<PageInfo | null>(null)
  const [empty, setEmpty] = useState(false)
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby="accounts-title" tabIndex={0}>
        <table className="table" data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">{t('accounts.col.email')}</th>
              <th scope="col">{t('accounts.col.name')}</th>
              <th scope="col">{t('accounts.col.role')}</th>
              <th scope="col">{t('accounts.col.status')}</th>
              <th scope="col">{t('accounts.col.lastLogin')}</th>
              <th scope="col">{t('accounts.col.created')}</th>
            </tr>
          </thead>
          {cursors.map((after, i) => (
            <AccountsPage
              key={after ?? ''}
              after={after}
              where={where}
              viewerId={viewerId}
              isFirst={i === 0}
              isLast={i === cursors.length - 1}
              onPageInfo={setLast}
              onEmpty={setEmpty}
            />
          ))}
        </table>
      </div>
      {empty ? <p className="muted table-empty">{t('accounts.none')}</p> : null}
      {last?.hasNextPage && last.endCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={() => setCursors((c) => [...c, last.endCursor ?? null])}>
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </>
  )
}

function AccountsPage({
  after,
  where,
  viewerId,
  isFirst,
  isLast,
  onPageInfo,
  onEmpty,
}: {
  after: string | null
  where?: AccountWhereInput
  viewerId: string
  isFirst: boolean
  isLast: boolean
  onPageInfo: (p: PageInfo | null) => void
  onEmpty: (empty: boolean) => void
}) {
  const { t } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: StaffAccountsDocument,
    variables: { first: ACCOUNTS_PAGE_SIZE, after, where },
  })
  const conn = data?.accounts
  const rows = useMemo(() => (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])), [conn])
  useEffect(() => {
    if (isLast) onPageInfo(conn ? conn.pageInfo : null)
  }, [isLast, conn, onPageInfo])
  useEffect(() => {
    if (isFirst) onEmpty(!!conn && rows.length === 0)
  }, [isFirst, conn, rows, onEmpty])

  if ((fetching && !data) || (error && !data))
    return (
      <tbody>
        <tr>
          <td colSpan={6} className="cell-status">
            {error ? (
              <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
            ) : (
              <Spinner label={t('common.loading')} />
            )}
          </td>
        </tr>
      </tbody>
    )
  return (
    <tbody>
      {rows.map((a) => (
        <AccountRowView key={a.id} account={a} isSelf={a.id === viewerId} />
      ))}
    </tbody>
  )
}

function AccountRowView({ account, isSelf }: { account: AccountRow; isSelf: boolean }) {
  const i18n = useI18n()
  const { t, tv, te, locale } = i18n
  const [{ fetching }, update] = useMutation(UpdateAccountDocument)
  const [message, setMessage] = useState<string | null>(null)
  const isCustomer = account.role === 'CUSTOMER'
  const label = account.displayName || account.email

  const run = async (input: { role?: AccountRole; disabled?: boolean }) => {
    setMessage(null)
    const res = await update({ input: { id: account.id, ...input } })
    const payload = res.data?.updateAccount
    if (res.error || !payload) setMessage(res.error ? describeRequestError(res.error, i18n) : t('accounts.updateFailed'))
    else if (payload.userErrors.length > 0) setMessage(payload.userErrors.map((ue) => te(ue.code, ue.message)).join(' '))
  }

  const msgId = `account-msg-${account.id}`
  return (
    <tr data-testid="account-row" data-email={account.email} className={account.disabled ? 'row-muted' : undefined}>
      <th scope="row" className="cell-wrap">
        {account.email}
        {isSelf ? <span className="cell-sub">{t('accounts.you')}</span> : null}
        {message ? (
          <span id={msgId} className="cell-error" role="alert">
            {message}
          </span>
        ) : null}
      </th>
      <td>{account.displayName || t('common.notAvailable')}</td>
      <td>
        {isCustomer ? (
          tv('role', account.role)
        ) : (
          <>
            <label htmlFor={`role-${account.id}`} className="visually-hidden">
              {t('accounts.roleFor', { name: label })}
            </label>
            <select
              id={`role-${account.id}`}
              className="select-compact"
              value={account.role}
              disabled={fetching}
              aria-describedby={message ? msgId : undefined}
              onChange={(e) => void run({ role: e.target.value as AccountRole })}
            >
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {tv('role', r)}
                </option>
              ))}
            </select>
          </>
        )}
      </td>
      <td>
        <span className="status-cell">
          <span className={`badge ${account.disabled ? 'badge-danger' : 'badge-success'}`}>
            {account.disabled ? t('accounts.disabled') : t('accounts.active')}
          </span>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={fetching}
            aria-describedby={message ? msgId : undefined}
            aria-label={account.disabled ? t('accounts.enableFor', { name: label }) : t('accounts.disableFor', { name: label })}
            onClick={() => void run({ disabled: !account.disabled })}
            data-testid="toggle-disabled"
          >
            {account.disabled ? t('accounts.enable') : t('accounts.disable')}
          </button>
        </span>
      </td>
      <td>
        {account.lastLoginAt ? (
          <time dateTime={account.lastLoginAt}>{formatDateTime(account.lastLoginAt, locale)}</time>
        ) : (
          <span className="muted">{t('accounts.never')}</span>
        )}
      </td>
      <td>
        <time dateTime={account.createdAt}>{formatDateTime(account.createdAt, locale)}</time>
      </td>
    </tr>
  )
}

const CREATE_FIELDS = ['email', 'password', 'role', 'displayName'] as const
type CreateField = (typeof CREATE_FIELDS)[number]

/** New staff accounts. What was typed (but not the password) survives an expired session. */
export function CreateStaffForm() {
  const i18n = useI18n()
  const { t, tv, te } = i18n
  const draft = useDraft('create-staff', { email: '', displayName: '', role: 'AGENT' as string })
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<Partial<Record<CreateField, string>>>({})
  const [general, setGeneral] = useState<string[]>([])
  const [created, setCreated] = useState<string | null>(null)
  const [{ fetching }, create] = useMutation(CreateStaffAccountDocument)
  const role = (STAFF_ROLES as readonly string[]).includes(draft.values.role) ? (draft.values.role as AccountRole) : 'AGENT'

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setGeneral([])
    setErrors({})
    setCreated(null)
    const res = await create({
      input: {
        email: draft.values.email.trim(),
        password,
        role,
        displayName: draft.values.displayName.trim() || null,
      },
    })
    const payload = res.data?.createStaffAccount
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('accounts.createFailed')])
      return
    }
    if (payload.userErrors.length > 0) {
      const { byField, general: rest } = splitUserErrors(payload.userErrors, CREATE_FIELDS)
      const next: Partial<Record<CreateField, string>> = {}
      for (const f of CREATE_FIELDS) if (byField[f]) next[f] = te(byField[f]!.code, byField[f]!.message)
      setErrors(next)
      setGeneral(rest.map((ue) => te(ue.code, ue.message)))
      const first = CREATE_FIELDS.find((f) => next[f])
      if (first) document.getElementById(`staff-${first}`)?.focus()
      return
    }
    setCreated(payload.account?.email ?? draft.values.email.trim())
    draft.clear()
    setPassword('')
  }

  return (
    <section className="card" aria-labelledby="create-staff-title">
      <h2 id="create-staff-title" className="card-title">
        {t('accounts.createTitle')}
      </h2>
      {draft.restored ? (
        <p className="notice notice-info draft-note" role="status" data-testid="draft-restored">
          {t('draft.restored')}
        </p>
      ) : null}
      {created ? (
        <div className="notice notice-success" role="status" data-testid="staff-created">
          <p>{t('accounts.created', { email: created })}</p>
        </div>
      ) : null}
      <FormAlert messages={general} testId="create-staff-errors" />
      <form className="form-grid" onSubmit={onSubmit} aria-busy={fetching} noValidate data-testid="create-staff-form">
        <TextField
          id="staff-email"
          label={t('accounts.email')}
          type="email"
          inputMode="email"
          autoComplete="off"
          required
          value={draft.values.email}
          onChange={(e) => draft.set({ email: e.target.value })}
          error={errors.email}
        />
        <TextField
          id="staff-displayName"
          label={t('accounts.displayName')}
          autoComplete="off"
          optional
          value={draft.values.displayName}
          onChange={(e) => draft.set({ displayName: e.target.value })}
          error={errors.displayName}
        />
        <div className="field">
          <label htmlFor="staff-role">{t('accounts.role')}</label>
          <select
            id="staff-role"
            value={role}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={errors.role ? 'staff-role-error' : undefined}
            onChange={(e) => draft.set({ role: e.target.value })}
          >
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {tv('role', r)}
              </option>
            ))}
          </select>
          {errors.role ? (
            <p id="staff-role-error" className="field-error">
              {errors.role}
            </p>
          ) : null}
        </div>
        <TextField
          id="staff-password"
          label={t('accounts.initialPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          hint={<PasswordPolicy password={password} email={draft.values.email} />}
        />
        <div className="form-grid-actions">
          <button type="submit" className="btn btn-primary" disabled={fetching}>
            {fetching ? t('accounts.creating') : t('accounts.create')}
          </button>
        </div>
      </form>
    </section>
  )
}
