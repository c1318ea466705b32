// The staff console's carriers section (admins): each carrier's API tokens — list, create (the
// secret is shown once, with a copy button) and revoke (with a confirmation). A token lets the
// carrier's own systems call recordScan and reportPosition for that carrier's parcels only.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { SelectField, TextField } from '../../components/Field'
import { graphql } from '../../gql'
import type { CarrierApiTokensQuery } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { splitUserErrors } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'

export const StaffCarriersDocument = graphql(`
  query StaffCarriers($first: Int!) {
    carriers(first: $first, orderBy: { field: CODE, direction: ASC }) {
      edges {
        node {
          id
          code
          name
          nameZh
          active
        }
      }
    }
  }
`)

export const CarrierApiTokensDocument = graphql(`
  query CarrierApiTokens($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Carrier {
        code
        apiTokens {
          id
          name
          tokenPrefix
          createdAt
          lastUsedAt
          expiresAt
          revokedAt
        }
      }
    }
  }
`)

export const CreateCarrierTokenDocument = graphql(`
  mutation CreateCarrierToken($input: CreateCarrierTokenInput!) {
    createCarrierToken(input: $input) {
      token
      carrierToken {
        id
        name
        tokenPrefix
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const RevokeCarrierTokenDocument = graphql(`
  mutation RevokeCarrierToken($id: ID!) {
    revokeCarrierToken(id: $id) {
      carrierToken {
        id
        revokedAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

type CarrierNode = Extract<NonNullable<CarrierApiTokensQuery['node']>, { __typename: 'Carrier' }>
export type CarrierTokenRow = NonNullable<CarrierNode['apiTokens']>[number]

/** Expiry choices in days; null is "never". */
export const EXPIRY_CHOICES: readonly (number | null)[] = [30, 90, 180, 365, 730, null]

export type TokenStatus = 'active' | 'revoked' | 'expired'

export function tokenStatus(tok: Pick<CarrierTokenRow, 'revokedAt' | 'expiresAt'>, now: number = Date.now()): TokenStatus {
  if (tok.revokedAt) return 'revoked'
  if (tok.expiresAt && Date.parse(tok.expiresAt) <= now) return 'expired'
  return 'active'
}

export function CarriersSection() {
  const { t, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: StaffCarriersDocument, variables: { first: 100 } })
  const carriers = useMemo(() => (data?.carriers.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])), [data])
  const [chosen, setChosen] = useState<string | null>(null)
  const selected = carriers.find((c) => c.id === chosen) ?? carriers[0] ?? null
  const label = (c: (typeof carriers)[number]) => {
    const name = `${c.code} · ${locale === 'zh-CN' ? c.nameZh || c.name : c.name}`
    return c.active ? name : t('ctk.carrierInactive', { name })
  }

  return (
    <div className="console">
      <section className="card" aria-labelledby="carrier-tokens-title">
        <h2 id="carrier-tokens-title" className="card-title">
          {t('ctk.title')}
        </h2>
        <p className="muted">{t('ctk.intro')}</p>
        {fetching && !data ? <Spinner /> : null}
        {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
        {data && carriers.length === 0 ? <p className="muted">{t('ctk.noCarriers')}</p> : null}
        {selected ? (
          <div className="filters">
            <div className="field">
              <label htmlFor="carrier-tokens-carrier">{t('ctk.carrier')}</label>
              <select
                id="carrier-tokens-carrier"
                value={selected.id}
                onChange={(e) => setChosen(e.target.value)}
                data-testid="carrier-select"
              >
                {carriers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {label(c)}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
      </section>
      {selected ? <CarrierTokens key={selected.id} carrierId={selected.id} carrierLabel={label(selected)} /> : null}
    </div>
  )
}

/** One carrier's tokens and the form for a new one. */
export function CarrierTokens({ carrierId, carrierLabel }: { carrierId: string; carrierLabel: string }) {
  const { t } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CarrierApiTokensDocument, variables: { id: carrierId } })
  const tokens = data?.node?.__typename === 'Carrier' ? data.node.apiTokens : null
  const refresh = () => reexecute({ requestPolicy: 'network-only' })
  const [notice, setNotice] = useState<string | null>(null)

  return (
    <>
      <CreateCarrierTokenForm carrierId={carrierId} carrierLabel={carrierLabel} onCreated={refresh} />
      <section className="card" aria-labelledby="carrier-token-list-title">
        <h2 id="carrier-token-list-title" className="card-title">
          {t('ctk.title')} · {carrierLabel}
        </h2>
        {notice ? (
          <p className="notice notice-success" role="status" data-testid="carrier-token-notice">
            {notice}
          </p>
        ) : null}
        {fetching && !data ? <Spinner /> : null}
        {error && !data ? <ErrorState error={error} onRetry={refresh} /> : null}
        {tokens && tokens.length === 0 ? (
          <p className="muted" data-testid="carrier-tokens-empty">
            {t('ctk.none')}
          </p>
        ) : null}
        {tokens && tokens.length > 0 ? (
          <div className="table-wrap" role="region" aria-labelledby="carrier-token-list-title" tabIndex={0}>
            <table className="table" data-testid="carrier-tokens-table">
              <thead>
                <tr>
                  <th scope="col">{t('ctk.col.name')}</th>
                  <th scope="col">{t('ctk.col.prefix')}</th>
                  <th scope="col">{t('ctk.col.created')}</th>
                  <th scope="col">{t('ctk.col.lastUsed')}</th>
                  <th scope="col">{t('ctk.col.expires')}</th>
                  <th scope="col">{t('ctk.col.status')}</th>
                  <th scope="col">{t('ctk.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tok) => (
                  <TokenRow
                    key={tok.id}
                    token={tok}
                    onRevoked={() => {
                      setNotice(t('ctk.revoked', { name: tok.name }))
                      refresh()
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  )
}

function TokenRow({ token, onRevoked }: { token: CarrierTokenRow; onRevoked: () => void }) {
  const i18n = useI18n()
  const { t, te, locale } = i18n
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [{ fetching }, revoke] = useMutation(RevokeCarrierTokenDocument)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const questionId = useId()
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  const status = tokenStatus(token)
  const badge = status === 'active' ? 'badge-success' : status === 'revoked' ? 'badge-danger' : 'badge-warning'

  const run = async () => {
    setMessage(null)
    const res = await revoke({ id: token.id })
    const payload = res.data?.revokeCarrierToken
    if (res.error || !payload) {
      setMessage(res.error ? describeRequestError(res.error, i18n) : t('ctk.revokeFailed'))
    } else if (payload.userErrors.length > 0) {
      setMessage(payload.userErrors.map((ue) => te(ue.code, ue.message)).join(' '))
    } else {
      setConfirming(false)
      onRevoked()
      return
    }
    setConfirming(false)
  }

  return (
    <>
      <tr data-testid="carrier-token-row" data-status={status} className={status === 'active' ? undefined : 'row-muted'}>
        <th scope="row" className="cell-wrap">
          {token.name}
          {message ? (
            <span className="cell-error" role="alert">
              {message}
            </span>
          ) : null}
        </th>
        <td className="mono" style={{ whiteSpace: 'nowrap' }}>
          {token.tokenPrefix}…
        </td>
        <td>
          <time dateTime={token.createdAt}>{formatDateTime(token.createdAt, locale)}</time>
        </td>
        <td>
          {token.lastUsedAt ? (
            <time dateTime={token.lastUsedAt}>{formatDateTime(token.lastUsedAt, locale)}</time>
          ) : (
            <span className="muted">{t('ctk.never')}</span>
          )}
        </td>
        <td>
          {token.expiresAt ? (
            <time dateTime={token.expiresAt}>{formatDateTime(token.expiresAt, locale)}</time>
          ) : (
            <span className="muted">{t('ctk.noExpiry')}</span>
          )}
        </td>
        <td>
          <span className={`badge ${badge}`}>{t(`ctk.status.${status}`)}</span>
          {token.revokedAt ? <span className="cell-sub">{t('ctk.revokedOn', { date: formatDateTime(token.revokedAt, locale) })}</span> : null}
        </td>
        <td>
          {status === 'active' ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              aria-label={t('ctk.revokeFor', { name: token.name })}
              aria-expanded={confirming}
              disabled={confirming}
              onClick={() => setConfirming(true)}
              data-testid="carrier-token-revoke"
            >
              {t('ctk.revoke')}
            </button>
          ) : null}
        </td>
      </tr>
      {confirming ? (
        // The question gets a row of its own, under the token, so it is never squeezed into a cell.
        <tr>
          <td colSpan={7}>
            <div className="notice notice-warning" role="alertdialog" aria-labelledby={questionId} data-testid="carrier-token-confirm">
              <p id={questionId}>{t('ctk.revokeQuestion', { name: token.name, prefix: token.tokenPrefix })}</p>
              <div className="button-row">
                <button type="button" className="btn btn-danger btn-small" ref={confirmRef} disabled={fetching} onClick={() => void run()}>
                  {fetching ? t('ctk.revoking') : t('ctk.revokeConfirm')}
                </button>
                <button type="button" className="btn btn-secondary btn-small" disabled={fetching} onClick={() => setConfirming(false)}>
                  {t('ctk.cancel')}
                </button>
              </div>
            </div>
          </td>
        </tr>
      ) : null}
    </>
  )
}

const CREATE_FIELDS = ['name', 'expiresInDays'] as const
type CreateField = (typeof CREATE_FIELDS)[number]

function CreateCarrierTokenForm({ carrierId, carrierLabel, onCreated }: { carrierId: string; carrierLabel: string; onCreated: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [name, setName] = useState('')
  const [expiry, setExpiry] = useState('365')
  const [errors, setErrors] = useState<Partial<Record<CreateField, string>>>({})
  const [general, setGeneral] = useState<string[]>([])
  const [secret, setSecret] = useState<{ token: string; name: string } | null>(null)
  const [{ fetching }, create] = useMutation(CreateCarrierTokenDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setErrors({})
    setGeneral([])
    setSecret(null)
    const res = await create({
      input: { carrierId, name: name.trim(), expiresInDays: expiry === 'never' ? null : Number(expiry) },
    })
    const payload = res.data?.createCarrierToken
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('ctk.createFailed')])
      return
    }
    if (payload.userErrors.length > 0) {
      const { byField, general: rest } = splitUserErrors(payload.userErrors, CREATE_FIELDS)
      const next: Partial<Record<CreateField, string>> = {}
      for (const f of CREATE_FIELDS) if (byField[f]) next[f] = te(byField[f]!.code, byField[f]!.message)
      setErrors(next)
      setGeneral(rest.map((ue) => te(ue.code, ue.message)))
      if (next.name) document.getElementById('carrier-token-name')?.focus()
      return
    }
    if (!payload.token) {
      setGeneral([t('ctk.createFailed')])
      return
    }
    setSecret({ token: payload.token, name: payload.carrierToken?.name ?? name.trim() })
    setName('')
    onCreated()
  }

  return (
    <section className="card" aria-labelledby="carrier-token-create-title">
      <h2 id="carrier-token-create-title" className="card-title">
        {t('ctk.createTitle', { carrier: carrierLabel })}
      </h2>
      {secret ? <SecretOnce token={secret.token} name={secret.name} onDone={() => setSecret(null)} /> : null}
      <FormAlert messages={general} testId="carrier-token-errors" />
      <form className="form-grid" onSubmit={onSubmit} aria-busy={fetching} noValidate data-testid="carrier-token-form">
        <TextField
          id="carrier-token-name"
          label={t('ctk.name')}
          autoComplete="off"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          hint={t('ctk.nameHint')}
        />
        <SelectField
          id="carrier-token-expiry"
          label={t('ctk.expiry')}
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          error={errors.expiresInDays}
        >
          {EXPIRY_CHOICES.map((d) => (
            <option key={d ?? 'never'} value={d ?? 'never'}>
              {d === null
                ? t('ctk.expiryNever')
                : d === 365
                  ? t('ctk.expiryYear')
                  : d === 730
                    ? t('ctk.expiryTwoYears')
                    : t('ctk.expiryDays', { days: d })}
            </option>
          ))}
        </SelectField>
        <div className="form-grid-actions">
          <button type="submit" className="btn btn-primary" disabled={fetching}>
            {fetching ? t('ctk.creating') : t('ctk.create')}
          </button>
        </div>
      </form>
    </section>
  )
}

/** The new token's secret, shown this once, with a copy button and a warning. */
function SecretOnce({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  const { t } = useI18n()
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  const inputRef = useRef<HTMLInputElement>(null)
  const titleId = useId()
  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [token])
  const onCopy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(token)
      setCopy('copied')
    } catch {
      setCopy('failed')
      inputRef.current?.select()
    }
  }
  return (
    <div className="notice notice-warning" role="region" aria-labelledby={titleId} data-testid="carrier-token-secret">
      <p id={titleId} className="notice-title">
        {t('ctk.secretTitle')}
      </p>
      <p>{t('ctk.secretWarning')}</p>
      {/* A notice lines its children up at their own width: this one takes the row, so the whole secret shows. */}
      <div className="field" style={{ alignSelf: 'stretch', maxWidth: '42rem' }}>
        <label htmlFor="carrier-token-secret-value">{t('ctk.secretLabel', { name })}</label>
        <div className="input-with-button">
          <input
            id="carrier-token-secret-value"
            ref={inputRef}
            className="mono"
            style={{ width: '100%' }}
            readOnly
            value={token}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="carrier-token-secret-value"
          />
          <button type="button" className="btn btn-secondary btn-small" onClick={() => void onCopy()} data-testid="carrier-token-copy">
            {copy === 'copied' ? t('ctk.copied') : t('ctk.copy')}
          </button>
        </div>
        <p className="field-hint">{t('ctk.secretUsage')}</p>
        {copy === 'failed' ? (
          <p className="field-error" role="alert">
            {t('ctk.copyFailed')}
          </p>
        ) : null}
        {copy === 'copied' ? (
          <p className="visually-hidden" role="status">
            {t('ctk.copied')}
          </p>
        ) : null}
      </div>
      <p className="button-row">
        <button type="button" className="btn btn-primary" onClick={onDone} data-testid="carrier-token-secret-done">
          {t('ctk.secretDone')}
        </button>
      </p>
    </div>
  )
}
