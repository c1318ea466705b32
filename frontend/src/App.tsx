import { useEffect, useRef } from 'react'
import { AccountMenu } from './components/AccountMenu'
import { LanguageSwitcher } from './components/LanguageSwitcher'
import { useI18n } from './i18n/i18n'
import { Link, matchPath, usePathname } from './lib/router'
import { expiredLoginPath, useSession } from './lib/session'
import { useViewer } from './lib/viewer'
import { AccountOrderPage, AccountPage } from './pages/Account'
import { GuestOrderPage } from './pages/GuestOrder'
import { LoginPage } from './pages/Login'
import { NotFoundPage } from './pages/NotFound'
import { RegisterPage } from './pages/Register'
import { StaffPage, staffSectionFromPath } from './pages/Staff'
import { Storefront } from './pages/Storefront'
import { TrackPage, TrackingResultPage } from './pages/Tracking'

function Route({ pathname }: { pathname: string }) {
  if (matchPath('/', pathname)) return <Storefront />
  if (matchPath('/track', pathname)) return <TrackPage />
  const track = matchPath('/track/:number', pathname)
  if (track) return <TrackingResultPage key={track.number} trackingNumber={track.number} />
  if (matchPath('/staff', pathname)) return <StaffPage section="orders" />
  const staff = matchPath('/staff/:section', pathname)
  if (staff) {
    const section = staffSectionFromPath(staff.section)
    return section ? <StaffPage key={section} section={section} /> : <NotFoundPage />
  }
  if (matchPath('/login', pathname)) return <LoginPage />
  if (matchPath('/register', pathname)) return <RegisterPage />
  if (matchPath('/account', pathname)) return <AccountPage />
  const order = matchPath('/account/orders/:number', pathname)
  if (order) return <AccountOrderPage key={order.number} number={order.number} />
  if (matchPath('/orders/find', pathname)) return <GuestOrderPage />
  return <NotFoundPage />
}

/** On a public page, an ended session is mentioned (not forced): the page works without it. */
function SessionEndedBanner({ pathname }: { pathname: string }) {
  const { t } = useI18n()
  const { sessionEnded, token, dismissSessionEnded } = useSession()
  if (!sessionEnded || token || pathname === '/login') return null
  return (
    <div className="session-banner" role="status" data-testid="session-ended-banner">
      <p>
        {t('session.endedBanner')}{' '}
        <Link to={expiredLoginPath(window.location.pathname + window.location.search)}>{t('session.signInAgain')}</Link>
      </p>
      <button type="button" className="btn btn-ghost btn-small" onClick={dismissSessionEnded}>
        {t('common.dismiss')}
      </button>
    </div>
  )
}

function NavLink({ to, label, active }: { to: string; label: string; active: boolean }) {
  return (
    <Link to={to} className="nav-link" aria-current={active ? 'page' : undefined}>
      {label}
    </Link>
  )
}

export function Header({ pathname }: { pathname: string }) {
  const { t } = useI18n()
  const { token } = useSession()
  const viewer = useViewer()
  const section = pathname.startsWith('/track')
    ? 'track'
    : pathname.startsWith('/staff')
      ? 'staff'
      : pathname.startsWith('/account')
        ? 'account'
        : pathname === '/'
          ? 'shop'
          : ''
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand" aria-label={t('app.name')}>
          <svg className="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M7 10h4l2.2 9 2.8-9h2l2.8 9L23 10h4l-4.6 13h-3.2L16 14.2 12.8 23H9.6z" fill="#fff" />
          </svg>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <nav className="main-nav" aria-label={t('nav.main')}>
          <NavLink to="/" label={t('nav.shop')} active={section === 'shop'} />
          <NavLink to="/track" label={t('nav.track')} active={section === 'track'} />
          {viewer.isStaff ? <NavLink to="/staff" label={t('nav.staff')} active={section === 'staff'} /> : null}
          {token && viewer.me && !viewer.isStaff ? (
            <NavLink to="/account" label={t('nav.myOrders')} active={section === 'account'} />
          ) : null}
        </nav>
        <div className="header-tools">
          {token ? (
            <AccountMenu />
          ) : pathname !== '/login' ? (
            <Link to={pathname === '/' || pathname === '/register' ? '/login' : `/login?next=${encodeURIComponent(pathname)}`} className="nav-link sign-in-link">
              {t('nav.signIn')}
            </Link>
          ) : null}
          <LanguageSwitcher />
        </div>
      </div>
    </header>
  )
}

export function App() {
  const { t } = useI18n()
  const pathname = usePathname()
  const mainRef = useRef<HTMLElement>(null)
  const first = useRef(true)

  // After an in-app navigation, move focus to the new page (as a full page load would).
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    mainRef.current?.focus({ preventScroll: true })
  }, [pathname])

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header pathname={pathname} />
      <SessionEndedBanner pathname={pathname} />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Route pathname={pathname} />
      </main>
      <footer className="site-footer">
        <p>{t('footer.note')}</p>
      </footer>
    </div>
  )
}
