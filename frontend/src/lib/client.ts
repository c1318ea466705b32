// The GraphQL client: urql over HTTP for queries and mutations, graphql-ws
// (graphql-transport-ws protocol) for subscriptions, both on the same-origin /graphql endpoint.
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws'
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql'

export const GRAPHQL_PATH = '/graphql'

/** ws(s)://<host>/graphql for the page's own origin. */
export function graphqlWsUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${GRAPHQL_PATH}`
}

/** Milliseconds before reconnect attempt `retries` (0-based): 1, 2, 4, 8 s, then 10 s, plus up to 1 s of jitter. */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  return Math.min(1000 * 2 ** retries, 10_000) + Math.floor(random() * 1000)
}

export function authHeaders(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

export interface WaybillClient {
  client: Client
  ws: WsClient
  /** Closes the WebSocket; call when the client is replaced (sign-in, sign-out). */
  dispose: () => void
}

export interface ClientOptions {
  /**
   * Called when the server refuses the token (HTTP 401: expired, revoked), or answers a request
   * made with a token as if nobody were signed in (`extensions.code` UNAUTHENTICATED). The server
   * refuses the whole request then, public data included, so the session must drop the token.
   */
  onUnauthorized?: () => void
}

/**
 * One client per session token: signing in or out makes a new client, so the cache of one user
 * is never shown to the next and the WebSocket reconnects with the new credentials.
 */
export function createWaybillClient(token: string | null, options: ClientOptions = {}): WaybillClient {
  // A dead connection (a phone switching networks) is noticed by a ping that gets no pong.
  let socket: WebSocket | null = null
  let pongTimer: ReturnType<typeof setTimeout> | undefined
  const ws = createWsClient({
    url: graphqlWsUrl(),
    lazy: true,
    connectionParams: () => (token ? { authToken: token } : {}),
    // keep reconnecting while anything is subscribed (a live page should come back by itself),
    // waiting 1, 2, 4, 8 s and then every 10 s or so; subscriptions resume with their cursors
    retryAttempts: Infinity,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries))),
    shouldRetry: () => true,
    keepAlive: 15_000,
    on: {
      connected: (s) => {
        socket = s as WebSocket
      },
      closed: () => {
        socket = null
        clearTimeout(pongTimer)
      },
      ping: (received) => {
        if (received) return
        clearTimeout(pongTimer)
        pongTimer = setTimeout(() => {
          // 4408: graphql-ws retries after it
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'Pong timeout')
        }, 5_000)
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer)
      },
    },
  })

  // once per client: one client serves one token, and several requests may fail together
  let reported = false
  const unauthorized = () => {
    if (reported || !token) return
    reported = true
    options.onUnauthorized?.()
  }

  const fetchWithAuthCheck: typeof fetch = async (input, init) => {
    const res = await fetch(input, init)
    if (res.status === 401) unauthorized()
    return res
  }

  const client = new Client({
    url: GRAPHQL_PATH,
    // always POST: urql would otherwise send short queries as GET, which the server need not accept
    preferGetMethod: false,
    fetch: fetchWithAuthCheck,
    exchanges: [
      // a signed-in request that comes back "sign in first": the session ended on the server
      mapExchange({
        onResult(result) {
          if (result.error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) unauthorized()
        },
      }),
      cacheExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' }
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink)
              return { unsubscribe }
            },
          }
        },
      }),
      fetchExchange,
    ],
    fetchOptions: () => ({
      credentials: 'include',
      headers: authHeaders(token),
    }),
  })

  return { client, ws, dispose: () => void ws.dispose() }
}
