import { useEffect, useState } from 'react'

/**
 * A ticket comes from two places: the query (first load, and again after our own mutations) and
 * the `ticketUpdated` subscription (every committed change, anyone's). Whichever answered last
 * is the freshest; this keeps that one.
 */
export function useLastArrived<T>(fromQuery: T | null | undefined, fromLive: T | null | undefined): T | null {
  const [latest, setLatest] = useState<{ value: T | null }>({ value: fromLive ?? fromQuery ?? null })
  useEffect(() => {
    if (fromQuery) setLatest({ value: fromQuery })
  }, [fromQuery])
  useEffect(() => {
    if (fromLive) setLatest({ value: fromLive })
  }, [fromLive])
  return latest.value ?? fromLive ?? fromQuery ?? null
}
