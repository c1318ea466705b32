import { useSubscription } from 'urql'
import { graphql } from '../gql'
import { useRealtimeConnected } from '../lib/session'
import type { ParcelTracking } from './Tracking'

export const ParcelUpdatedDocument = graphql(`
  subscription ParcelUpdated($trackingNumber: String!) {
    parcelUpdated(trackingNumber: $trackingNumber) {
      ...ParcelTrackingFields
    }
  }
`)

export interface ParcelLive {
  /** The newest state pushed by the server, or null until the first push. */
  parcel: ParcelTracking | null
  /** True while the live subscription is open. */
  connected: boolean
}

/**
 * Live updates for one parcel over the `parcelUpdated` subscription (graphql-ws). Each push
 * carries the whole public view, so the newest one simply replaces what the query returned.
 */
export function useParcelLive(trackingNumber: string, enabled: boolean): ParcelLive {
  const [{ data, error }] = useSubscription({
    query: ParcelUpdatedDocument,
    variables: { trackingNumber },
    pause: !enabled,
  })
  const wsOpen = useRealtimeConnected()
  return { parcel: data?.parcelUpdated ?? null, connected: enabled && !error && wsOpen }
}
