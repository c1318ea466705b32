import { useCallback, useEffect, useState } from 'react'
import type { CombinedError } from 'urql'
import { useI18n, type I18n } from '../i18n/i18n'
import { primaryErrorCode, requestIdOf } from '../lib/errors'

/** A failed request, with a real button to try again. */
export function ErrorState({ error, onRetry }: { error?: CombinedError | Error | null; onRetry?: () => void }) {
  const i18n = useI18n()
  const { t } = i18n
  const combined = error && 'graphQLErrors' in error ? (error as CombinedError) : null
  const code = primaryErrorCode(combined)
  // a refusal or a limit says what it is; a fault or a network problem gets the generic text
  const body = combined && code && code !== 'INTERNAL' ? describeRequestError(combined, i18n) : null
  const requestId = requestIdOf(combined)
  return (
    <div className="notice notice-error" role="alert" data-testid="error-state" data-code={code ?? undefined}>
      <p className="notice-title">{t('common.errorTitle')}</p>
      <p>{body ?? (combined?.networkError || !combined ? t('common.errorBody') : t('errors.internalBody'))}</p>
      {requestId ? (
        <p className="notice-detail">
          {t('errors.requestId')} {requestId}
        </p>
      ) : null}
      {error && import.meta.env.DEV ? <p className="notice-detail">{error.message}</p> : null}
      {onRetry && code !== 'FORBIDDEN' ? (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  )
}

export function Spinner({ label }: { label?: string }) {
  const { t } = useI18n()
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  )
}

/** Seconds left of a wait (rate limit), ticking down once a second; start(n) begins a new one. */
export function useCountdown(): { seconds: number; start: (seconds: number) => void } {
  const [until, setUntil] = useState(0)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until <= now) return
    // wake up when the shown number of seconds changes
    const id = setTimeout(() => setNow(Date.now()), (until - now) % 1000 || 1000)
    return () => clearTimeout(id)
  }, [until, now])
  const start = useCallback((seconds: number) => {
    const t = Date.now()
    setNow(t)
    setUntil(t + seconds * 1000)
  }, [])
  return { seconds: Math.max(0, Math.ceil((until - now) / 1000)), start }
}

/** Messages about a whole form (not one field), e.g. a refused request or a rate limit. */
export function FormAlert({ messages, testId }: { messages: string[]; testId?: string }) {
  if (messages.length === 0) return null
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      {messages.map((msg, i) => (
        <p key={i}>{msg}</p>
      ))}
    </div>
  )
}

/**
 * One sentence for a failed request, by its top-level `extensions.code` (the rate limit is shown
 * separately, with its countdown).
 */
export function describeRequestError(error: CombinedError, i18n: Pick<I18n, 't' | 'te'>): string {
  const code = primaryErrorCode(error)
  if (!code) return error.networkError ? i18n.t('common.errorBody') : i18n.te('INTERNAL')
  if (code === 'INTERNAL') {
    const id = requestIdOf(error)
    return id ? i18n.t('errors.internalWithId', { id }) : i18n.te('INTERNAL')
  }
  return i18n.te(code, error.graphQLErrors[0]?.message)
}
