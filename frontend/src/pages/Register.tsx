import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { describeRequestError, FormAlert, useCountdown } from '../components/Feedback'
import { PasswordPolicy, TextField } from '../components/Field'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { hasErrorCode, retryAfterSeconds, splitUserErrors, type UserErrorLike } from '../lib/errors'
import { Link, navigate } from '../lib/router'
import { useSession } from '../lib/session'

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
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

const FIELDS = ['email', 'password', 'name', 'phone'] as const
type FieldName = (typeof FIELDS)[number]

/** The server may name the display name 'displayName'; it is the "name" input here. */
function normalizeField(ue: UserErrorLike): UserErrorLike {
  const f = ue.field?.[ue.field.length - 1]
  return f === 'displayName' ? { ...ue, field: ['name'] } : ue
}

export function RegisterPage() {
  const i18n = useI18n()
  const { t, te } = i18n
  const { signIn } = useSession()
  const [values, setValues] = useState<Record<FieldName, string>>({ email: '', password: '', name: '', phone: '' })
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({})
  const [general, setGeneral] = useState<string[]>([])
  const [rateLimited, setRateLimited] = useState(false)
  const wait = useCountdown()
  const [{ fetching }, register] = useMutation(RegisterDocument)

  const set = (name: FieldName) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }))
    // an edited field's old error no longer applies
    if (fieldErrors[name]) setFieldErrors((fe) => ({ ...fe, [name]: undefined }))
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (wait.seconds > 0) return
    setGeneral([])
    setFieldErrors({})
    setRateLimited(false)
    const phone = values.phone.trim()
    const res = await register({
      input: { email: values.email.trim(), password: values.password, name: values.name.trim(), phone: phone || null },
    })
    if (hasErrorCode(res.error, 'RATE_LIMITED')) {
      setRateLimited(true)
      wait.start(retryAfterSeconds(res.error) ?? 60)
      return
    }
    const payload = res.data?.register
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('register.failed')])
      return
    }
    if (payload.userErrors.length > 0) {
      const { byField, general: rest } = splitUserErrors(payload.userErrors.map(normalizeField), FIELDS)
      const next: Partial<Record<FieldName, string>> = {}
      for (const f of FIELDS) if (byField[f]) next[f] = te(byField[f]!.code, byField[f]!.message)
      setFieldErrors(next)
      setGeneral(rest.map((ue) => te(ue.code, ue.message)))
      // take the user to the first field to fix
      const first = FIELDS.find((f) => next[f])
      if (first) document.getElementById(`register-${first}`)?.focus()
      return
    }
    if (!payload.token) {
      setGeneral([t('register.failed')])
      return
    }
    signIn(payload.token)
    navigate('/account')
  }

  const messages = [...general]
  if (rateLimited) messages.unshift(wait.seconds > 0 ? t('errors.rateLimitedIn', { seconds: wait.seconds }) : t('errors.rateLimitedNow'))

  return (
    <section className="page page-narrow auth-page" aria-labelledby="register-title">
      <div className="card auth-card">
        <h1 id="register-title">{t('register.title')}</h1>
        <p className="muted">{t('register.subtitle')}</p>
        <FormAlert messages={messages} testId="register-errors" />
        <form onSubmit={onSubmit} className="form-stack" aria-busy={fetching} noValidate>
          <TextField
            id="register-email"
            label={t('register.email')}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            value={values.email}
            onChange={set('email')}
            error={fieldErrors.email}
          />
          <TextField
            id="register-password"
            label={t('register.password')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={values.password}
            onChange={set('password')}
            error={fieldErrors.password}
            hint={<PasswordPolicy password={values.password} email={values.email} />}
          />
          <TextField
            id="register-name"
            label={t('register.name')}
            name="name"
            autoComplete="name"
            required
            value={values.name}
            onChange={set('name')}
            error={fieldErrors.name}
          />
          <TextField
            id="register-phone"
            label={t('register.phone')}
            name="phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            optional
            value={values.phone}
            onChange={set('phone')}
            error={fieldErrors.phone}
            hint={t('register.phoneHint')}
          />
          <button type="submit" className="btn btn-primary btn-block" disabled={fetching || wait.seconds > 0}>
            {fetching ? t('register.submitting') : t('register.submit')}
          </button>
        </form>
        <p className="auth-switch">
          {t('register.haveAccount')} <Link to="/login">{t('register.signInInstead')}</Link>
        </p>
      </div>
    </section>
  )
}
