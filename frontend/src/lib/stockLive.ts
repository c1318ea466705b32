// Live availability over `stockChanged` (graphql-ws): the server first sends the current state of
// every product asked for, then a message after every committed ledger entry. `live` is true once
// a message has arrived since the socket last opened, so a page can fall back to polling while the
// socket is down (it reconnects by itself and the first message after that is the current state).
import { useEffect, useMemo, useState } from 'react'
import { useSubscription } from 'urql'
import { graphql } from '../gql'
import type { ProductStockLiveSubscription } from '../gql/graphql'
import { useSession } from './session'

export const ProductStockLiveDocument = graphql(`
  subscription ProductStockLive($productIds: [ID!]) {
    stockChanged(productIds: $productIds) {
      productId
      sku
      available
      stockStatus
      at
    }
  }
`)

export type StockChange = ProductStockLiveSubscription['stockChanged']

const time = (at: string) => {
  const t = Date.parse(at)
  return Number.isNaN(t) ? 0 : t
}

/**
 * Keeps the newest change per product (a late, older message never wins). Always a new object:
 * every message, even one that changes nothing, tells that the subscription is alive.
 */
export function mergeStockChange(prev: Record<string, StockChange> | undefined, change: StockChange): Record<string, StockChange> {
  const old = prev?.[change.productId]
  if (old && time(old.at) > time(change.at)) return { ...prev }
  return { ...prev, [change.productId]: change }
}

export function useStockLive(productIds: readonly string[]): { byId: Record<string, StockChange>; live: boolean } {
  const key = productIds.join(',')
  const variables = useMemo(() => ({ productIds: key ? key.split(',') : [] }), [key])
  const [{ data, error }] = useSubscription(
    { query: ProductStockLiveDocument, variables, pause: key === '' },
    (prev: Record<string, StockChange> | undefined, res: ProductStockLiveSubscription) => mergeStockChange(prev, res.stockChanged),
  )
  const { ws } = useSession()
  const [live, setLive] = useState(false)
  useEffect(() => {
    if (data) setLive(true)
  }, [data])
  useEffect(() => {
    if (error) setLive(false)
  }, [error])
  useEffect(() => {
    if (!ws) return
    return ws.on('closed', () => setLive(false))
  }, [ws])
  // a phone that loses its network: poll again at once rather than after the socket times out
  useEffect(() => {
    const off = () => setLive(false)
    window.addEventListener('offline', off)
    return () => window.removeEventListener('offline', off)
  }, [])
  return { byId: data ?? {}, live }
}
