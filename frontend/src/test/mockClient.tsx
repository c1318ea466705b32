import type { ReactNode } from 'react'
import { Provider, getOperationName, type Client, type GraphQLRequest } from 'urql'
import { vi } from 'vitest'
import { concat, fromValue, never } from 'wonka'
import { I18nProvider, type Locale } from '../i18n/i18n'
import { StaticSessionProvider } from '../lib/session'

export type Responder = (operationName: string, variables: Record<string, unknown>) => unknown

/**
 * A stand-in for the urql client: every operation is answered synchronously by `respond`, which
 * returns `{ data }`, `{ error }` or undefined (the request then stays pending forever).
 */
export function mockClient(respond: Responder) {
  const answer = (request: GraphQLRequest) => {
    const name = getOperationName(request.query) ?? ''
    const result = respond(name, (request.variables ?? {}) as Record<string, unknown>)
    if (result === undefined) return never
    // Like a real client: the result says which operation it belongs to, and the stream stays
    // open afterwards (urql treats a completed query stream as "no error any more").
    return concat([fromValue({ operation: request, stale: false, hasNext: false, ...(result as object) }), never])
  }
  const client = {
    executeQuery: vi.fn(answer),
    executeMutation: vi.fn(answer),
    executeSubscription: vi.fn(() => never),
  }
  return client as typeof client & Client
}

export function Wrapper({
  client,
  locale = 'en',
  token = null,
  signIn,
  children,
}: {
  client: Client
  locale?: Locale
  /** A session token: pages that need an account ask for the viewer only when there is one. */
  token?: string | null
  signIn?: (token: string) => void
  children: ReactNode
}) {
  return (
    <I18nProvider locale={locale}>
      <StaticSessionProvider token={token} signIn={signIn}>
        <Provider value={client}>{children}</Provider>
      </StaticSessionProvider>
    </I18nProvider>
  )
}

/** The Viewer query's answer for an account with these permissions. */
export function viewerData(role: string, permissions: string[], extra: Record<string, unknown> = {}) {
  return {
    data: {
      me: {
        __typename: 'Account',
        id: `acc_${role.toLowerCase()}`,
        email: `${role.toLowerCase()}@waybill.test`,
        role,
        displayName: `${role} person`,
        ...extra,
      },
      myPermissions: permissions,
    },
  }
}

export const ADMIN_PERMISSIONS = [
  'MANAGE_STAFF',
  'VIEW_AUDIT',
  'REVIEW_ORDERS',
  'MANAGE_CATALOG',
  'MANAGE_STOCK',
  'FULFIL',
  'RECORD_SCANS',
  'MANAGE_CARRIERS',
  'SERVICE_TICKETS',
  'SERVICE_REMEDIES',
]
export const AGENT_PERMISSIONS = ['REVIEW_ORDERS', 'SERVICE_TICKETS', 'SERVICE_REMEDIES']
export const WAREHOUSE_PERMISSIONS = ['MANAGE_STOCK', 'FULFIL', 'RECORD_SCANS']
