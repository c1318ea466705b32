import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../App'
import { I18nProvider } from '../i18n/i18n'
import { ADMIN_PERMISSIONS } from '../test/mockClient'
import { draftKey } from './draft'
import { expiredLoginPath, requiresSignIn, SessionProvider, TOKEN_STORAGE_KEY } from './session'

type Handler = (operationName: string, variables: Record<string, unknown>, token: string | null) => Response | unknown

/** A fake /graphql endpoint: answers by operation name; a Response is returned as is. */
function stubServer(handler: Handler) {
  const calls: { op: string; token: string | null; variables: Record<string, unknown> }[] = []
  const spy = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}'))
    const auth = new Headers(init?.headers).get('Authorization')
    const token = auth ? auth.replace(/^Bearer /, '') : null
    calls.push({ op: body.operationName, token, variables: body.variables ?? {} })
    const out = handler(body.operationName, body.variables ?? {}, token)
    if (out instanceof Response) return out
    return new Response(JSON.stringify(out), { status: 200, headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', spy)
  return calls
}

const unauthorized = () =>
  new Response(JSON.stringify({ errors: [{ message: 'The token is invalid, expired or revoked.', extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  })

const admin = { __typename: 'Account', id: 'acc_admin', email: 'admin@waybill.test', role: 'ADMIN', displayName: '陈静' }
const accounts = {
  __typename: 'AccountConnection',
  totalCount: 1,
  edges: [
    {
      __typename: 'AccountEdge',
      node: { ...admin, disabled: false, lastLoginAt: null, createdAt: '2026-11-21T08:00:00Z' },
    },
  ],
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
}

function answer(op: string, token: string | null, expired: Set<string>) {
  if (token && expired.has(token)) return unauthorized()
  switch (op) {
    case 'Viewer':
      return { data: token ? { me: admin, myPermissions: ADMIN_PERMISSIONS } : { me: null, myPermissions: [] } }
    case 'StaffAccounts':
      return token ? { data: { accounts } } : { data: null, errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] }
    case 'Login':
      return {
        data: { login: { __typename: 'LoginPayload', token: 'tok-2', account: admin, userErrors: [] } },
      }
    case 'ProductCategories':
      return { data: { productCategories: [] } }
    default:
      throw new Error(`unexpected ${op}`)
  }
}

function renderApp() {
  return render(
    <I18nProvider locale="en">
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>,
  )
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('session expiry', () => {
  it('sends the user to sign in, then back to the form with what they typed', async () => {
    const expired = new Set<string>()
    const calls = stubServer((op, _vars, token) => {
      if (op === 'CreateStaffAccount') return unauthorized() // the session ended while typing
      return answer(op, token, expired)
    })
    window.localStorage.setItem(TOKEN_STORAGE_KEY, 'tok-1')
    window.history.replaceState(null, '', '/staff/accounts')
    renderApp()

    await screen.findByTestId('create-staff-form')
    fireEvent.change(screen.getByLabelText('Work email'), { target: { value: 'new.agent@waybill.test' } })
    fireEvent.change(screen.getByLabelText('Display name (optional)'), { target: { value: '新同事' } })
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'WAREHOUSE' } })
    fireEvent.change(screen.getByLabelText('Initial password'), { target: { value: 'secret-pass-123' } })
    expired.add('tok-1')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))

    // → /login, told why, with the way back in the URL
    await waitFor(() => expect(window.location.pathname).toBe('/login'))
    expect(window.location.search).toBe('?reason=expired&next=%2Fstaff%2Faccounts')
    expect(screen.getByTestId('session-ended').textContent).toContain('Your session ended')
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull()
    // the draft is kept, the password is not
    const saved = JSON.parse(window.sessionStorage.getItem(draftKey('/staff/accounts', 'create-staff')) ?? '{}')
    expect(saved).toEqual({ email: 'new.agent@waybill.test', displayName: '新同事', role: 'WAREHOUSE' })
    expect(JSON.stringify(saved)).not.toContain('secret')

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'admin@waybill.test' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'waybill-admin-demo' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    await waitFor(() => expect(window.location.pathname).toBe('/staff/accounts'))
    await screen.findByTestId('create-staff-form')
    expect((screen.getByLabelText('Work email') as HTMLInputElement).value).toBe('new.agent@waybill.test')
    expect((screen.getByLabelText('Display name (optional)') as HTMLInputElement).value).toBe('新同事')
    expect((screen.getByLabelText('Role') as HTMLSelectElement).value).toBe('WAREHOUSE')
    expect((screen.getByLabelText('Initial password') as HTMLInputElement).value).toBe('')
    expect(screen.getByTestId('draft-restored')).toBeTruthy()
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('tok-2')
    expect(calls.some((c) => c.op === 'StaffAccounts' && c.token === 'tok-2')).toBe(true)
  })

  it('treats "sign in first" on a signed-in request as an ended session', async () => {
    stubServer((op, _vars, token) => {
      if (op === 'Viewer' && token) return { data: { me: null, myPermissions: [] }, errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] }
      return answer(op, token, new Set())
    })
    window.localStorage.setItem(TOKEN_STORAGE_KEY, 'tok-stale')
    window.history.replaceState(null, '', '/account')
    renderApp()
    await waitFor(() => expect(window.location.pathname).toBe('/login'))
    expect(window.location.search).toBe('?reason=expired&next=%2Faccount')
  })

  it('only mentions it on public pages', async () => {
    stubServer((op, _vars, token) => answer(op, token, new Set(['tok-old'])))
    window.localStorage.setItem(TOKEN_STORAGE_KEY, 'tok-old')
    window.history.replaceState(null, '', '/track')
    renderApp()
    await screen.findByTestId('session-ended-banner')
    expect(window.location.pathname).toBe('/track')
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(expiredLoginPath('/track'))
  })

  it('knows which pages need an account', () => {
    expect(requiresSignIn('/account')).toBe(true)
    expect(requiresSignIn('/account/orders/WB-1')).toBe(true)
    expect(requiresSignIn('/staff/audit')).toBe(true)
    expect(requiresSignIn('/staffing')).toBe(false)
    expect(requiresSignIn('/track/WB1')).toBe(false)
    expect(requiresSignIn('/orders/find')).toBe(false)
  })
})
