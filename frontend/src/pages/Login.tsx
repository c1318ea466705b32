import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { graphql } from '../gql'
import { hasValueLabel, useI18n } from '../i18n/i18n'
import { navigate } from '../lib/router'
import { useSession } from '../lib/session'

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

/** Every role but CUSTOMER works in the staff console. */
export function isStaffRole(role: string | null | undefined): boolean {
  return !!role && role.toUpperCase() !== 'CUSTOMER'
}

export function LoginPage() {
  const { t, tv, locale } = useI18n()
  const { signIn } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching }, login] = useMutation(LoginDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setErrors([])
    const res = await login({ email: email.trim(), password })
    const payload = res.data?.login
    if (res.error || !payload) {
      setErrors([t('login.failed')])
      return
    }
    if (payload.userErrors.length > 0) {
      // known codes get our own wording; anything else shows the server's message
      setErrors(
        payload.userErrors.map((ue) =>
          hasValueLabel(locale, 'error', ue.code) ? tv('error', ue.code) : ue.message || tv('error', ue.code),
        ),
      )
      return
    }
    if (!payload.token) {
      setErrors([t('login.failed')])
      return
    }
    signIn(payload.token)
    navigate(isStaffRole(payload.account?.role) ? '/staff' : '/')
  }

  return (
    <section className="page page-narrow auth-page" aria-labelledby="login-title">
      <div className="card auth-card">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {errors.length > 0 ? (
          <div className="notice notice-error" role="alert" data-testid="login-errors">
            {errors.map((msg, i) => (
              <p key={i}>{msg}</p>
            ))}
          </div>
        ) : null}
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
          <button type="submit" className="btn btn-primary btn-block" disabled={fetching}>
            {fetching ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </section>
  )
}
