import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { describeRequestError, FormAlert, useCountdown } from '../components/Feedback'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { hasErrorCode, retryAfterSeconds } from '../lib/errors'
import { Link, navigate, safeReturnPath, useSearchParams } from '../lib/router'
import { useSession } from '../lib/session'
import { isStaffRole } from '../lib/viewer'

export { isStaffRole }

export const LoginDocument = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      account {
        id
        email
        role
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

export function LoginPage() {
  const i18n = useI18n()
  const { t, te } = i18n
  const { signIn, sessionEnded } = useSession()
  const params = useSearchParams()
  const next = safeReturnPath(params.get('next'))
  const expired = params.get('reason') === 'expired' || sessionEnded
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [rateLimited, setRateLimited] = useState(false)
  const wait = useCountdown()
  const [{ fetching }, login] = useMutation(LoginDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (wait.seconds > 0) return
    setErrors([])
    setRateLimited(false)
    const res = await login({ email: email.trim(), password })
    if (hasErrorCode(res.error, 'RATE_LIMITED')) {
      setRateLimited(true)
      wait.start(retryAfterSeconds(res.error) ?? 60)
      return
    }
    const payload = res.data?.login
    if (res.error || !payload) {
      setErrors([res.error && !res.error.networkError ? describeRequestError(res.error, i18n) : t('login.failed')])
      return
    }
    if (payload.userErrors.length > 0) {
      // known codes get our own wording; anything else shows the server's message
      setErrors(payload.userErrors.map((ue) => te(ue.code, ue.message)))
      return
    }
    if (!payload.token) {
      setErrors([t('login.failed')])
      return
    }
    signIn(payload.token)
    // back to where the session ended (drafts restore there), else the account's home
    navigate(next ?? (isStaffRole(payload.account?.role) ? '/staff' : '/account'), { replace: !!next })
  }

  const messages = [...errors]
  if (rateLimited) messages.unshift(wait.seconds > 0 ? t('errors.rateLimitedIn', { seconds: wait.seconds }) : t('errors.rateLimitedNow'))

  return (
    <section className="page page-narrow auth-page" aria-labelledby="login-title">
      <div className="card auth-card">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {expired ? (
          <div className="notice notice-warning" role="status" data-testid="session-ended">
            <p className="notice-title">{t('session.endedTitle')}</p>
            <p>{next ? t('session.endedBodyReturn') : t('session.endedBody')}</p>
          </div>
        ) : null}
        <FormAlert messages={messages} testId="login-errors" />
        <form onSubmit={onSubmit} className="form-stack" aria-busy={fetching}>
          <div className="field">
            <label htmlFor="login-email">{t('login.email')}</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={fetching || wait.seconds > 0}>
            {fetching ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="auth-switch">
          {t('login.noAccount')} <Link to="/register">{t('login.register')}</Link>
        </p>
        <p className="auth-switch">
          <Link to="/orders/find">{t('guest.linkFromLogin')}</Link>
        </p>
      </div>
    </section>
  )
}
