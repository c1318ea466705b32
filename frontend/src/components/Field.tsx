import { useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { useI18n } from '../i18n/i18n'

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'>

/**
 * A labelled input with an optional hint and error, wired up for screen readers
 * (aria-describedby, aria-invalid). Password fields get a show/hide toggle.
 */
export function TextField({
  id,
  label,
  hint,
  error,
  optional,
  type = 'text',
  ...input
}: InputProps & {
  id: string
  label: string
  hint?: ReactNode
  error?: string | null
  optional?: boolean
}) {
  const { t } = useI18n()
  const [reveal, setReveal] = useState(false)
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined
  const isPassword = type === 'password'
  const field = (
    <input
      id={id}
      type={isPassword && reveal ? 'text' : type}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      {...input}
    />
  )
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="label-optional">{t('form.optional')}</span> : null}
      </label>
      {isPassword ? (
        <div className="input-with-button">
          {field}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-pressed={reveal}
            aria-controls={id}
            onClick={() => setReveal((r) => !r)}
          >
            {reveal ? t('form.hidePassword') : t('form.showPassword')}
          </button>
        </div>
      ) : (
        field
      )}
      {error ? (
        <p id={errorId} className="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  )
}

/** The password rules, ticked off as the user types (a hint: the server has the last word). */
export function passwordChecks(password: string, email = '') {
  const n = [...password].length
  const letters = /\p{L}/u.test(password)
  const digits = /\p{Nd}/u.test(password)
  const others = /[^\p{L}\p{Nd}]/u.test(password)
  return {
    length: n >= 10 && n <= 128,
    mix: Number(letters) + Number(digits) + Number(others) >= 2,
    notEmail: password === '' || email.trim() === '' || password.toLowerCase() !== email.trim().toLowerCase(),
  }
}

export function PasswordPolicy({ password, email }: { password: string; email?: string }) {
  const { t } = useI18n()
  const checks = passwordChecks(password, email)
  const typed = password.length > 0
  const item = (ok: boolean, text: string) => (
    <li className={typed ? (ok ? 'rule-ok' : 'rule-todo') : undefined}>
      <span className="rule-mark" aria-hidden="true">
        {typed && ok ? '✓' : '•'}
      </span>
      {text}
      {typed ? <span className="visually-hidden"> ({ok ? t('password.ruleMet') : t('password.ruleNotMet')})</span> : null}
    </li>
  )
  return (
    <ul className="password-rules">
      {item(checks.length, t('password.ruleLength'))}
      {item(checks.mix, t('password.ruleMix'))}
      {item(checks.notEmail, t('password.ruleNotEmail'))}
    </ul>
  )
}

/** A labelled select with the same hint/error wiring as TextField. */
export function SelectField({
  id,
  label,
  hint,
  error,
  optional,
  children,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  id: string
  label: string
  hint?: ReactNode
  error?: string | null
  optional?: boolean
}) {
  const { t } = useI18n()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="label-optional">{t('form.optional')}</span> : null}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        {...select}
      >
        {children}
      </select>
      {error ? (
        <p id={errorId} className="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  )
}

/** A labelled multi-line text input with the same hint/error wiring as TextField. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  optional,
  ...area
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'children'> & {
  id: string
  label: string
  hint?: ReactNode
  error?: string | null
  optional?: boolean
}) {
  const { t } = useI18n()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="label-optional">{t('form.optional')}</span> : null}
      </label>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        {...area}
      />
      {error ? (
        <p id={errorId} className="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  )
}
