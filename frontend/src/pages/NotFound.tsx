import { useI18n } from '../i18n/i18n'
import { Link } from '../lib/router'

export function NotFoundPage() {
  const { t } = useI18n()
  return (
    <section className="page page-narrow" aria-labelledby="nf-title">
      <h1 id="nf-title">{t('notFound.title')}</h1>
      <p className="muted">{t('notFound.body')}</p>
      <p>
        <Link to="/" className="btn btn-primary">
          {t('notFound.home')}
        </Link>
      </p>
    </section>
  )
}
