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

export function Wrapper({ client, locale = 'en', children }: { client: Client; locale?: Locale; children: ReactNode }) {
  return (
    <I18nProvider locale={locale}>
      <StaticSessionProvider>
        <Provider value={client}>{children}</Provider>
      </StaticSessionProvider>
    </I18nProvider>
  )
}
