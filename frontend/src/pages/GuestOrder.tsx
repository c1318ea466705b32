import { useEffect, useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { ErrorState, FormAlert, useCountdown } from '../components/Feedback'
import { TextField } from '../components/Field'
import { OrderDetails } from '../components/OrderDetails'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { useDraft } from '../lib/draft'
import { hasErrorCode, retryAfterSeconds } from '../lib/errors'
import { Link } from '../lib/router'

// contactEmail is selected on purpose: the server compares the typed email with the order's,
// and (as of this writing) only sees it when the query asks for it. It is the email the visitor
// just typed, so nothing is revealed.
export const GuestOrderDocument = graphql(`
  query GuestOrder($number: String!, $email: String!) {
    guestOrder(number: $number, email: $email) {
      contactEmail
      ...OrderDetailFields
    }
  }
`)

/** Order numbers are printed as WB-20261120-000146 and typed in any case. */
export function normalizeOrderNumber(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase()
}

export function GuestOrderPage() {
  const { t } = useI18n()
  const draft = useDraft('guest-order', { number: '', email: '' })
  const [query, setQuery] = useState<{ number: string; email: string } | null>(null)
  const [missing, setMissing] = useState<{ number?: boolean; email?: boolean }>({})

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const number = normalizeOrderNumber(draft.values.number)
    const email = draft.values.email.trim()
    const miss = { number: !number, email: !email }
    setMissing(miss)
    if (miss.number || miss.email) {
      document.getElementById(miss.number ? 'guest-number' : 'guest-email')?.focus()
      return
    }
    setQuery({ number, email })
  }

  return (
    <section className="page page-narrow" aria-labelledby="guest-title">
      <div>
        <h1 id="guest-title">{t('guest.title')}</h1>
        <p className="muted">{t('guest.subtitle')}</p>
      </div>
      <form className="card form-stack guest-form" onSubmit={onSubmit} noValidate data-testid="guest-form">
        <div className="form-row">
          <TextField
            id="guest-number"
            label={t('guest.number')}
            name="orderNumber"
            placeholder={t('guest.numberPlaceholder')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={draft.values.number}
            onChange={(e) => draft.set({ number: e.target.value })}
            error={missing.number ? t('guest.numberRequired') : null}
          />
          <TextField
            id="guest-email"
            label={t('guest.email')}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            value={draft.values.email}
            onChange={(e) => draft.set({ email: e.target.value })}
            error={missing.email ? t('guest.emailRequired') : null}
          />
        </div>
        <div>
          <button type="submit" className="btn btn-primary">
            {t('guest.submit')}
          </button>
        </div>
      </form>
      {query ? <GuestOrderResult key={`${query.number}|${query.email}`} {...query} /> : null}
      <p className="muted">
        {t('guest.haveAccount')} <Link to="/login?next=%2Faccount">{t('nav.signIn')}</Link>
      </p>
    </section>
  )
}

function GuestOrderResult({ number, email }: { number: string; email: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const wait = useCountdown()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: GuestOrderDocument,
    variables: { number, email },
    requestPolicy: 'network-only',
  })
  const limited = hasErrorCode(error, 'RATE_LIMITED')
  const { start } = wait
  useEffect(() => {
    if (error && hasErrorCode(error, 'RATE_LIMITED')) start(retryAfterSeconds(error) ?? 60)
  }, [error, start])

  if (fetching && !data)
    return (
      <div className="card skeleton" role="status">
        <span className="visually-hidden">{t('common.loading')}</span>
        <span className="sk-line sk-short" />
        <span className="sk-line" />
        <span className="sk-line sk-mid" />
      </div>
    )
  if (limited)
    return (
      <FormAlert
        messages={[wait.seconds > 0 ? t('errors.rateLimitedIn', { seconds: wait.seconds }) : t('errors.rateLimitedNow')]}
        testId="guest-rate-limited"
      />
    )
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  const order = data?.guestOrder
  if (!order)
    return (
      <div className="notice notice-warning" role="alert" data-testid="guest-not-found">
        <p className="notice-title">{t('guest.notFoundTitle')}</p>
        <p>{t('guest.notFoundBody')}</p>
      </div>
    )
  return <OrderDetails order={order} />
}
