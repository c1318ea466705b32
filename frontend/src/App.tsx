import { lazy, Suspense, useEffect, useRef } from 'react'
import { AccountMenu } from './components/AccountMenu'
import { LanguageSwitcher } from './components/LanguageSwitcher'
import { useI18n } from './i18n/i18n'
import { Link, matchPath, usePathname } from './lib/router'
import { expiredLoginPath, useSession } from './lib/session'
import { useViewer } from './lib/viewer'
import { cartCount, useCart } from './lib/cart'
import { AccountOrderPage, AccountPage } from './pages/Account'
import { CustomerTicketPage } from './pages/support/TicketPage'
import { CartPage } from './pages/Cart'
import { CheckoutPage } from './pages/Checkout'
import { GuestOrderPage } from './pages/GuestOrder'
import { LoginPage } from './pages/Login'
import { NotFoundPage } from './pages/NotFound'
import { OrderConfirmationPage } from './pages/OrderConfirmation'
import { ProductPage } from './pages/Product'
import { RegisterPage } from './pages/Register'
import { staffSectionFromPath } from './pages/staffSections'
import { Storefront } from './pages/Storefront'
import { TrackPage, TrackingResultPage } from './pages/Tracking'
import { VerifyEmailPage } from './pages/VerifyEmail'
import { Spinner } from './components/Feedback'

// The staff console is its own chunk: shoppers never download it.
const StaffPage = lazy(() => import('./pages/Staff').then((m) => ({ default: m.StaffPage })))

function Route({ pathname }: { pathname: string }) {
  if (matchPath('/', pathname)) return <Storefront />
  if (matchPath('/track', pathname)) return <TrackPage />
  const track = matchPath('/track/:number', pathname)
  if (track) return <TrackingResultPage key={track.number} trackingNumber={track.number} />
  const staff = matchPath('/staff', pathname)
    ? { section: 'orders' }
    : (matchPath('/staff/:section', pathname) ?? (matchPath('/staff/warehouse/:view', pathname) && { section: 'warehouse' }))
  if (staff) {
    const section = staffSectionFromPath(staff.section)
    return section ? (
      <Suspense fallback={<Spinner />}>
        <StaffPage key={section} section={section} />
      </Suspense>
    ) : (
      <NotFoundPage />
    )
  }
  if (matchPath('/login', pathname)) return <LoginPage />
  if (matchPath('/register', pathname)) return <RegisterPage />
  if (matchPath('/account', pathname)) return <AccountPage />
  const order = matchPath('/account/orders/:number', pathname)
  if (order) return <AccountOrderPage key={order.number} number={order.number} />
  const ticket = matchPath('/account/tickets/:number', pathname)
  if (ticket) return <CustomerTicketPage key={ticket.number} number={ticket.number} />
  if (matchPath('/orders/find', pathname)) return <GuestOrderPage />
  const product = matchPath('/p/:sku', pathname)
  if (product) return <ProductPage key={product.sku} sku={product.sku} />
  if (matchPath('/cart', pathname)) return <CartPage />
  if (matchPath('/checkout', pathname)) return <CheckoutPage />
  const confirmed = matchPath('/order/confirmed/:number', pathname)
  if (confirmed) return <OrderConfirmationPage key={confirmed.number} number={confirmed.number} />
  if (matchPath('/verify-email', pathname)) return <VerifyEmailPage />
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

/** The cart in the header, with how many items it holds. */
function CartLink({ active, inNav = false }: { active: boolean; inNav?: boolean }) {
  const { t } = useI18n()
  const count = cartCount(useCart())
  // one copy sits with the header tools (wide screens), one in the nav row (phones): CSS shows one
  const suffix = inNav ? '-nav' : ''
  return (
    <Link
      to="/cart"
      className={`nav-link cart-link ${inNav ? 'cart-link-nav' : 'cart-link-tools'}`}
      aria-current={active ? 'page' : undefined}
      aria-label={count > 0 ? t('cart.linkCount', { count }) : t('cart.link')}
      data-testid={`cart-link${suffix}`}
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          fill="currentColor"
          d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM3 2h2.2l.8 2H21a1 1 0 0 1 .97 1.24l-1.8 7.2A2 2 0 0 1 18.23 14H8.1l-.9 2H19v2H5.6a1 1 0 0 1-.9-1.45L6.1 13.4 3.6 4H3V2Zm4 4 1.7 6h9.53l1.5-6H7Z"
        />
      </svg>
      <span className="cart-link-text">{t('cart.link')}</span>
      {count > 0 ? (
        <span className="cart-count" data-testid={`cart-count${suffix}`}>
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
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
        : pathname === '/' || pathname.startsWith('/p/')
          ? 'shop'
          : pathname === '/cart' || pathname === '/checkout'
            ? 'cart'
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
          <CartLink active={section === 'cart'} inNav />
        </nav>
        <div className="header-tools">
          <CartLink active={section === 'cart'} />
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
