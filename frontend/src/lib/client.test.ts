import { afterEach, describe, expect, it, vi } from 'vitest'
import { gql } from 'urql'
import { authHeaders, createWaybillClient, graphqlWsUrl, reconnectDelay } from './client'

const Query = gql`
  query Ping {
    productCategories
  }
`

afterEach(() => {
  vi.unstubAllGlobals()
})

function stubFetch(status: number, body: unknown) {
  const spy = vi.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  )
  vi.stubGlobal('fetch', spy)
  return spy
}

describe('client', () => {
  it('derives the WebSocket URL from the page', () => {
    expect(graphqlWsUrl({ protocol: 'http:', host: '127.0.0.1:18080' })).toBe('ws://127.0.0.1:18080/graphql')
    expect(graphqlWsUrl({ protocol: 'https:', host: 'shop.example' })).toBe('wss://shop.example/graphql')
  })

  it('reconnects quickly after a drop, then every 10 s or so', () => {
    expect([0, 1, 2, 3, 4, 20].map((n) => reconnectDelay(n, () => 0))).toEqual([1000, 2000, 4000, 8000, 10000, 10000])
    expect(reconnectDelay(0, () => 0.999)).toBe(1999)
  })

  it('sends the bearer token only when there is one', () => {
    expect(authHeaders('t0k')).toEqual({ Authorization: 'Bearer t0k' })
    expect(authHeaders(null)).toEqual({})
  })

  it('POSTs to /graphql with cookies and the token', async () => {
    const spy = stubFetch(200, { data: { productCategories: ['Kitchen'] } })
    const { client, dispose } = createWaybillClient('abc')
    const res = await client.query(Query, {}).toPromise()
    dispose()
    expect(res.data).toEqual({ productCategories: ['Kitchen'] })
    const [url, init] = spy.mock.calls[0]
    expect(String(url)).toBe('/graphql')
    expect(init?.method).toBe('POST')
    expect(init?.credentials).toBe('include')
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer abc')
  })

  it('reports a refused token so the session can drop it', async () => {
    stubFetch(401, { errors: [{ message: 'The token is invalid', extensions: { code: 'UNAUTHENTICATED' } }] })
    const onUnauthorized = vi.fn()
    const { client, dispose } = createWaybillClient('expired', { onUnauthorized })
    const res = await client.query(Query, {}).toPromise()
    dispose()
    expect(res.error).toBeTruthy()
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })
})
