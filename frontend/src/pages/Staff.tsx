import { ErrorState, Spinner } from '../components/Feedback'
import { useI18n } from '../i18n/i18n'
import { Link } from '../lib/router'
import { useViewer } from '../lib/viewer'
import { StaffAccountsSection } from './staff/Accounts'
import { CarriersSection } from './staff/CarrierTokens'
import { OrdersConsole } from './staff/OrdersConsole'
import { ReviewQueueSection } from './staff/ReviewQueue'
import { ShipmentsBoard } from './staff/ShipmentsBoard'
import { AuditSection } from './staff/Audit'
import { StockSection } from './staff/Stock'
import { SupportDashboardSection } from './staff/support/SupportDashboard'
import { SupportSection } from './staff/support/SupportInbox'
import { WarehouseSection } from './staff/warehouse/WarehouseSection'
import { STAFF_SECTIONS, visibleSections, type StaffSectionId } from './staffSections'

// The section table lives in staffSections.ts (the app shell reads it without loading the console).
export { STAFF_SECTIONS, staffSectionFromPath, visibleSections } from './staffSections'
export type { StaffSectionDef, StaffSectionId } from './staffSections'

/** On a narrow screen the tab row scrolls sideways: keep the current tab in sight. */
function scrollIntoViewOnMount(el: HTMLAnchorElement | null) {
  el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
}

export function StaffPage({ section = 'orders' }: { section?: StaffSectionId }) {
  const { t, tv } = useI18n()
  const viewer = useViewer()
  const here = STAFF_SECTIONS.find((s) => s.id === section)?.path ?? '/staff'

  let body
  if (viewer.loading) body = <Spinner />
  else if (viewer.error) body = <ErrorState error={viewer.error} onRetry={viewer.refetch} />
  else if (!viewer.me)
    body = (
      <div className="notice notice-info" data-testid="staff-signin-required">
        <p>{t('staff.needSignIn')}</p>
        <p>
          <Link to={`/login?next=${encodeURIComponent(here)}`} className="btn btn-primary">
            {t('staff.goSignIn')}
          </Link>
        </p>
      </div>
    )
  else if (!viewer.isStaff)
    body = (
      <div className="notice notice-info staff-only" role="status" data-testid="staff-only">
        <p className="notice-title">{t('staff.onlyTitle')}</p>
        <p>{t('staff.onlyBody')}</p>
        <p className="button-row">
          <Link to="/account" className="btn btn-primary">
            {t('staff.toAccount')}
          </Link>
          <Link to="/" className="btn btn-secondary">
            {t('notFound.home')}
          </Link>
        </p>
      </div>
    )
  else {
    const sections = visibleSections(viewer.permissions)
    const allowed = sections.some((s) => s.id === section)
    body = (
      <>
        <nav className="tabs" aria-label={t('staff.sections')} data-testid="staff-tabs">
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <Link
                  to={s.path}
                  className="tab"
                  ref={s.id === section ? scrollIntoViewOnMount : undefined}
                  aria-current={s.id === section ? 'page' : undefined}
                  data-testid={`staff-tab-${s.id}`}
                >
                  {t(s.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {!allowed ? (
          <div className="notice notice-warning" role="alert" data-testid="section-forbidden">
            <p className="notice-title">{t('staff.sectionForbiddenTitle')}</p>
            <p>{t('staff.sectionForbiddenBody')}</p>
            <p>
              <Link to="/staff">{t('staff.backToConsole')}</Link>
            </p>
          </div>
        ) : section === 'review' ? (
          <ReviewQueueSection />
        ) : section === 'shipments' ? (
          <ShipmentsBoard />
        ) : section === 'stock' ? (
          <StockSection />
        ) : section === 'warehouse' ? (
          <WarehouseSection />
        ) : section === 'carriers' ? (
          <CarriersSection />
        ) : section === 'accounts' ? (
          <StaffAccountsSection viewerId={viewer.me.id} />
        ) : section === 'audit' ? (
          <AuditSection />
        ) : section === 'support' ? (
          <SupportSection />
        ) : section === 'support-dashboard' ? (
          <SupportDashboardSection />
        ) : (
          <OrdersConsole />
        )}
      </>
    )
  }

  return (
    <section className="page" aria-labelledby="staff-title">
      <div className="page-head">
        <div>
          <h1 id="staff-title">{t('staff.title')}</h1>
          {viewer.me && viewer.isStaff ? (
            <p className="muted" data-testid="staff-account">
              {t('staff.signedInAs', { name: viewer.me.displayName || viewer.me.email, role: tv('role', viewer.me.role) })}
            </p>
          ) : null}
        </div>
      </div>
      {body}
    </section>
  )
}
