import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Client as WsClient } from 'graphql-ws'
import { Provider as UrqlProvider } from 'urql'
import { createWaybillClient, type WaybillClient } from './client'
import { clearAllDrafts } from './draft'
import { navigate } from './router'

export const TOKEN_STORAGE_KEY = 'waybill.token'

export function readToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_STORAGE_KEY) || null
  } catch {
    return null
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(TOKEN_STORAGE_KEY, token)
    else window.localStorage.removeItem(TOKEN_STORAGE_KEY)
  } catch {
    // storage unavailable: the session then lives in the cookie (if any) and this page only
  }
}

/** Pages that are useless without an account: an ended session sends the visitor to sign in. */
export function requiresSignIn(pathname: string): boolean {
  return /^\/(account|staff)(\/|$)/.test(pathname)
}

/** Where to sign in again after the session ended on `here` (path + query). */
export function expiredLoginPath(here: string): string {
  return `/login?reason=expired&next=${encodeURIComponent(here)}`
}

export interface Session {
  token: string | null
  /** The WebSocket client behind subscriptions (null in tests). */
  ws: WsClient | null
  /** The server refused our token (expired, revoked) since the last sign-in or sign-out. */
  sessionEnded: boolean
  dismissSessionEnded: () => void
  signIn: (token: string) => void
  /** Forgets the token and every saved form draft (the caller revokes it on the server first). */
  signOut: () => void
}

const SessionContext = createContext<Session | null>(null)

/** Holds the bearer token and the urql client made for it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken)
  const [sessionEnded, setSessionEnded] = useState(false)
  const waybill = useMemo(
    () =>
      createWaybillClient(token, {
        // a stale token: forget it; the new client re-runs the queries anonymously. On a page
        // that needs an account, go and sign in again, then come back here (form drafts are kept).
        onUnauthorized: () => {
          if (readToken() === token) writeToken(null)
          setToken((current) => (current === token ? null : current))
          setSessionEnded(true)
          const { pathname, search } = window.location
          if (requiresSignIn(pathname)) navigate(expiredLoginPath(pathname + search), { replace: true })
        },
      }),
    [token],
  )
  // Close the old client's WebSocket once it is replaced. React's StrictMode (dev) runs this
  // cleanup and the effect again for the same client: the disposal waits a tick and is called
  // off when the same client comes back, else every subscription would be dead in `npm run dev`.
  const pendingDispose = useRef<{ client: WaybillClient; timer: ReturnType<typeof setTimeout> } | null>(null)
  useEffect(() => {
    if (pendingDispose.current?.client === waybill) clearTimeout(pendingDispose.current.timer)
    return () => {
      pendingDispose.current = { client: waybill, timer: setTimeout(() => waybill.dispose(), 0) }
    }
  }, [waybill])

  // another tab signed in or out
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === TOKEN_STORAGE_KEY || e.key === null) setToken(readToken())
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [])

  const signIn = useCallback((next: string) => {
    writeToken(next)
    setToken(next)
    setSessionEnded(false)
  }, [])
  const signOut = useCallback(() => {
    writeToken(null)
    clearAllDrafts()
    setToken(null)
    setSessionEnded(false)
  }, [])
  const dismissSessionEnded = useCallback(() => setSessionEnded(false), [])

  const session = useMemo(
    () => ({ token, ws: waybill.ws, sessionEnded, dismissSessionEnded, signIn, signOut }),
    [token, waybill, sessionEnded, dismissSessionEnded, signIn, signOut],
  )
  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={waybill.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  )
}

export function useSession(): Session {
  const ctx = useContext(SessionContext)
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>')
  return ctx
}

/** For tests and embedding: a session around a given urql client. */
export function StaticSessionProvider({
  children,
  token = null,
  signIn = () => {},
  signOut = () => {},
}: {
  children: ReactNode
  token?: string | null
  signIn?: (token: string) => void
  signOut?: () => void
}) {
  const session = useMemo<Session>(
    () => ({ token, ws: null, sessionEnded: false, dismissSessionEnded: () => {}, signIn, signOut }),
    [token, signIn, signOut],
  )
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}

/** Whether the subscription WebSocket is open right now. */
export function useRealtimeConnected(): boolean {
  const { ws } = useSession()
  const [connected, setConnected] = useState(false)
  useEffect(() => {
    if (!ws) return
    const offs = [ws.on('connected', () => setConnected(true)), ws.on('closed', () => setConnected(false))]
    return () => offs.forEach((off) => off())
  }, [ws])
  return connected
}
