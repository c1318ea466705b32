import type { CombinedError } from 'urql'
import { useI18n } from '../i18n/i18n'

/** A failed request, with a real button to try again. */
export function ErrorState({ error, onRetry }: { error?: CombinedError | Error | null; onRetry?: () => void }) {
  const { t } = useI18n()
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{t('common.errorTitle')}</p>
      <p>{t('common.errorBody')}</p>
      {error && import.meta.env.DEV ? <p className="notice-detail">{error.message}</p> : null}
      {onRetry ? (
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
