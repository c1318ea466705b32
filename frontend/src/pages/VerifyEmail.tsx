import { useEffect, useState } from 'react'
import { useMutation, type CombinedError } from 'urql'
import { describeRequestError, Spinner, useCountdown } from '../components/Feedback'
import { graphql } from '../gql'
import type { VerifyEmailMutation } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { hasErrorCode, retryAfterSeconds } from '../lib/errors'
import { Link, useSearchParams } from '../lib/router'
import { useSession } from '../lib/session'
import type { ViewerAccount } from '../lib/viewer'

export const VerifyEmailDocument = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      account {
        id
        email
        emailVerifiedAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const RequestEmailVerificationDocument = graphql(`
  mutation RequestEmailVerification {
    requestEmailVerification {
      ok
      userErrors {
        field
        message
        code
      }
    }
  }
`)

type Outcome =
  | { kind: 'ok'; email: string }
  | { kind: 'invalid' }
  | { kind: 'already' }
  | { kind: 'failed'; error: CombinedError | null; message?: string }

// A link is used once: remember the answer per token, so a second render (React's strict mode,
// a remount) shows the same outcome instead of calling again and being told the link was used.
const outcomes = new Map<string, Promise<{ data?: VerifyEmailMutation; error?: CombinedError }>>()

/** /verify-email?token=… — the link from the verification email. */
export function VerifyEmailPage() {
  const i18n = useI18n()
  const { t, te } = i18n
  const token = useSearchParams().get('token') ?? ''
  const [, verify] = useMutation(VerifyEmailDocument)
  const { token: session } = useSession()
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  useEffect(() => {
    if (!token) return
    let live = true
    let pending = outcomes.get(token)
    if (!pending) {
      pending = verify({ token }).then((r) => ({ data: r.data, error: r.error }))
      outcomes.set(token, pending)
    }
    pending.then((r) => {
      if (!live) return
      const payload = r.data?.verifyEmail
      if (r.error || !payload) {
        outcomes.delete(token) // a network problem: trying again is fine
        setOutcome({ kind: 'failed', error: r.error ?? null })
        return
      }
      const code = payload.userErrors[0]?.code
      if (code === 'INVALID_TOKEN') setOutcome({ kind: 'invalid' })
      else if (code === 'ALREADY_VERIFIED') setOutcome({ kind: 'already' })
      else if (code) setOutcome({ kind: 'failed', error: null, message: te(code, payload.userErrors[0].message) })
      // (the answer is an Account: urql refetches the viewer, so the account page shows it verified)
      else setOutcome({ kind: 'ok', email: payload.account?.email ?? '' })
    })
    return () => {
      live = false
    }
  }, [token, verify, te])

  let body
  if (!token)
    body = (
      <div className="notice notice-warning" role="alert" data-testid="verify-invalid">
        <p className="notice-title">{t('verify.invalidTitle')}</p>
        <p>{t('verify.noToken')}</p>
      </div>
    )
  else if (!outcome) body = <Spinner label={t('verify.checking')} />
  else if (outcome.kind === 'ok')
    body = (
      <div className="notice notice-success" role="status" data-testid="verify-ok">
        <p className="notice-title">{t('verify.okTitle')}</p>
        <p>{t('verify.okBody', { email: outcome.email })}</p>
        <p className="button-row">
          <Link to={session ? '/account' : '/login?next=%2Faccount'} className="btn btn-primary">
            {session ? t('verify.toAccount') : t('nav.signIn')}
          </Link>
        </p>
      </div>
    )
  else if (outcome.kind === 'already')
    body = (
      <div className="notice notice-info" role="status" data-testid="verify-already">
        <p>{te('ALREADY_VERIFIED')}</p>
        <p>
          <Link to="/account">{t('verify.toAccount')}</Link>
        </p>
      </div>
    )
  else if (outcome.kind === 'invalid')
    body = (
      <div className="notice notice-warning" role="alert" data-testid="verify-invalid">
        <p className="notice-title">{t('verify.invalidTitle')}</p>
        <p>{te('INVALID_TOKEN')}</p>
        <p>
          <Link to={session ? '/account' : '/login?next=%2Faccount'}>{t('verify.askAgain')}</Link>
        </p>
      </div>
    )
  else
    body = (
      <div className="notice notice-error" role="alert" data-testid="verify-failed">
        <p>{outcome.message ?? (outcome.error ? describeRequestError(outcome.error, i18n) : t('common.errorBody'))}</p>
        <button type="button" className="btn btn-secondary" onClick={() => window.location.reload()}>
          {t('common.retry')}
        </button>
      </div>
    )

  return (
    <section className="page page-narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      {body}
    </section>
  )
}

/** On /account: a reminder to verify the email, with a button that sends the link again. */
export function VerifyEmailBanner({ me }: { me: ViewerAccount }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [{ fetching }, request] = useMutation(RequestEmailVerificationDocument)
  const [sent, setSent] = useState(false)
  const [hidden, setHidden] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const countdown = useCountdown()
  // only a known "not verified" (null) shows the banner; an older server without the field says nothing
  if (me.emailVerifiedAt !== null || hidden) return null

  const onResend = async () => {
    if (fetching || countdown.seconds > 0) return
    setError(null)
    const res = await request({})
    const payload = res.data?.requestEmailVerification
    if (res.error || !payload) {
      if (hasErrorCode(res.error, 'RATE_LIMITED')) countdown.start(retryAfterSeconds(res.error) ?? 60)
      setError(res.error ? describeRequestError(res.error, i18n) : t('common.errorBody'))
      return
    }
    const code = payload.userErrors[0]?.code
    if (code === 'ALREADY_VERIFIED') {
      setHidden(true)
      return
    }
    if (code || !payload.ok) {
      setError(code ? te(code, payload.userErrors[0].message) : t('common.errorBody'))
      return
    }
    setSent(true)
  }

  return (
    <div className="notice notice-warning verify-banner" data-testid="verify-banner">
      <p className="notice-title">{t('verify.bannerTitle')}</p>
      <p>{t('verify.bannerBody', { email: me.email })}</p>
      <div role="status" aria-live="polite">
        {sent ? (
          <p className="verify-sent" data-testid="verify-sent">
            {t('verify.sent', { email: me.email })}
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="verify-error">
          {error}
          {countdown.seconds > 0 ? ` ${t('errors.rateLimitedIn', { seconds: countdown.seconds })}` : ''}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={onResend}
        disabled={fetching || countdown.seconds > 0}
        data-testid="verify-resend"
      >
        {fetching ? t('verify.sending') : sent ? t('verify.resendAgain') : t('verify.resend')}
      </button>
    </div>
  )
}
