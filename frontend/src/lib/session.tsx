import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Client as WsClient } from 'graphql-ws'
import { Provider as UrqlProvider } from 'urql'
import { createWaybillClient } from './client'

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

export interface Session {
  token: string | null
  /** The WebSocket client behind subscriptions (null in tests). */
  ws: WsClient | null
  signIn: (token: string) => void
  signOut: () => void
}

const SessionContext = createContext<Session | null>(null)

/** Holds the bearer token and the urql client made for it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken)
  const waybill = useMemo(
    () =>
      createWaybillClient(token, {
        // a stale token: forget it; the new client re-runs the queries anonymously
        onUnauthorized: () => {
          if (readToken() === token) writeToken(null)
          setToken((current) => (current === token ? null : current))
        },
      }),
    [token],
  )
  useEffect(() => () => waybill.dispose(), [waybill])

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
  }, [])
  const signOut = useCallback(() => {
    writeToken(null)
    setToken(null)
  }, [])

  const session = useMemo(() => ({ token, ws: waybill.ws, signIn, signOut }), [token, waybill, signIn, signOut])
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
export function StaticSessionProvider({ children, token = null }: { children: ReactNode; token?: string | null }) {
  const session = useMemo<Session>(() => ({ token, ws: null, signIn: () => {}, signOut: () => {} }), [token])
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
