import { useEffect, useId, useRef, useState } from 'react'
import { useMutation } from 'urql'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { Link, navigate } from '../lib/router'
import { useSession } from '../lib/session'
import { useViewer } from '../lib/viewer'

export const LogoutDocument = graphql(`
  mutation Logout {
    logout {
      ok
    }
  }
`)

/** The signed-in person's menu in the header: account, console (staff), sign out. */
export function AccountMenu() {
  const { t, tv } = useI18n()
  const { signOut } = useSession()
  const viewer = useViewer({ refresh: true })
  const [open, setOpen] = useState(false)
  const [signingOut, setSigningOut] = useState(false)
  const [, logout] = useMutation(LogoutDocument)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuId = useId()

  // close on a click elsewhere, on Escape (focus back to the button) and on focus leaving
  useEffect(() => {
    if (!open) return
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false)
        buttonRef.current?.focus()
      }
    }
    const onFocus = (e: FocusEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    document.addEventListener('focusin', onFocus)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('focusin', onFocus)
    }
  }, [open])

  const onSignOut = async () => {
    setSigningOut(true)
    try {
      await logout({})
    } finally {
      setSigningOut(false)
      setOpen(false)
      signOut()
      navigate('/login')
    }
  }

  const me = viewer.me
  const name = me ? me.displayName || me.email : t('account.menu')
  return (
    <div className="account-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="account-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        data-testid="account-menu-button"
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" className="account-icon">
          <path
            fill="currentColor"
            d="M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9Zm0 2c-4.4 0-8 2.2-8 5v1.5c0 .3.2.5.5.5h15c.3 0 .5-.2.5-.5V19c0-2.8-3.6-5-8-5Z"
          />
        </svg>
        <span className="account-name">{name}</span>
        <span className="visually-hidden"> {t('account.menu')}</span>
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      <div id={menuId} className="account-dropdown" hidden={!open} data-testid="account-menu">
        {me ? (
          <p className="account-dropdown-who">
            <strong>{me.displayName || me.email}</strong>
            <span className="muted">
              {me.email} · {tv('role', me.role)}
            </span>
          </p>
        ) : null}
        <ul>
          <li>
            <Link to="/account" className="menu-item" onClick={() => setOpen(false)}>
              {t('nav.account')}
            </Link>
          </li>
          {viewer.isStaff ? (
            <li>
              <Link to="/staff" className="menu-item" onClick={() => setOpen(false)}>
                {t('nav.console')}
              </Link>
            </li>
          ) : null}
          <li>
            <button type="button" className="menu-item" onClick={onSignOut} disabled={signingOut} data-testid="sign-out">
              {signingOut ? t('nav.signingOut') : t('nav.signOut')}
            </button>
          </li>
        </ul>
      </div>
    </div>
  )
}
