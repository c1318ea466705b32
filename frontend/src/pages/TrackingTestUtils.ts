// Shared fixtures for the tracking tests: a parcel as the API returns it, and a fake graphql-ws
// client that records the subscribe payload and lets a test push messages and connection events.
import { act } from '@testing-library/react'
import { vi } from 'vitest'
import type { ParcelEvent, Parcel } from './TrackingData'
import type { LiveTransport, ParcelMessage } from './useParcelLive'

export function ev(n: number, over: Partial<ParcelEvent> = {}): ParcelEvent {
  return {
    __typename: 'ParcelEvent',
    id: `tev_${n}`,
    cursor: `e${n}`,
    status: 'IN_TRANSIT',
    subStatus: 'ARRIVED_AT_HUB',
    description: `快件已到达【站点${n}】 Arrived at hub ${n}`,
    locationName: `站点${n}`,
    city: '济南',
    occurredAt: new Date(Date.UTC(2026, 10, 21, n)).toISOString(),
    ...over,
  } as ParcelEvent
}

export function parcelFixture(over: Partial<Parcel> = {}): Parcel {
  return {
    __typename: 'ParcelTracking',
    trackingNumber: 'WB123456785CN',
    status: 'IN_TRANSIT',
    subStatus: 'ARRIVED_AT_HUB',
    carrierName: 'Waybill Express',
    carrierNameZh: '威比快递',
    carrierCode: 'WAYBILL',
    serviceLevel: 'STANDARD',
    isReturn: false,
    originCity: '上海',
    destinationCity: '北京',
    shippedAt: '2026-11-20T19:41:44Z',
    deliveredAt: null,
    promisedDate: '2026-11-23T15:59:59Z',
    etaFrom: '2026-11-22T07:00:00Z',
    etaTo: '2026-11-22T14:00:00Z',
    late: false,
    lateReason: '',
    lastEventAt: '2026-11-21T02:00:00Z',
    cursor: 'e2',
    route: [
      { __typename: 'ParcelPlace', city: '上海', cityEn: 'Shanghai', latitude: 31.2304, longitude: 121.4737, at: '2026-11-20T19:25:44Z' },
      { __typename: 'ParcelPlace', city: '济南', cityEn: 'Jinan', latitude: 36.6512, longitude: 117.1201, at: '2026-11-21T02:00:00Z' },
    ],
    destination: { __typename: 'ParcelPlace', city: '北京', cityEn: 'Beijing', latitude: 39.9042, longitude: 116.4074 },
    position: { __typename: 'ParcelPosition', latitude: 36.65, longitude: 117.12, at: '2026-11-21T02:00:00Z' },
    events: [ev(2), ev(1, { status: 'INFO_RECEIVED', subStatus: 'LABEL_CREATED', city: '上海', description: '【上海】商家已打印面单 Label created' })],
    ...over,
  } as Parcel
}

/** A parcelUpdated message: the parcel as it is now, with what this subscriber has not seen. */
export function message(parcel: Parcel, newEvents: ParcelEvent[], resync = false): ParcelMessage {
  return { ...parcel, events: [...parcel.events], newEvents, resync } as ParcelMessage
}

type Listener = (...args: unknown[]) => void

export function fakeTransport() {
  const listeners = new Map<string, Set<Listener>>()
  const subs: { payload: { variables?: Record<string, unknown> | null }; sink: { next: (v: unknown) => void; error: (e: unknown) => void; complete: () => void }; disposed: boolean }[] = []
  const transport = {
    subscribe: vi.fn((payload: never, sink: never) => {
      const sub = { payload, sink, disposed: false }
      subs.push(sub)
      return () => {
        sub.disposed = true
      }
    }),
    on: vi.fn((event: string, cb: Listener) => {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)!.add(cb)
      return () => listeners.get(event)!.delete(cb)
    }),
  }
  return {
    transport: transport as unknown as LiveTransport,
    subs,
    /** The newest active subscription. */
    get current() {
      return subs.filter((s) => !s.disposed).at(-1)!
    },
    emit(event: string, ...args: unknown[]) {
      act(() => listeners.get(event)?.forEach((cb) => cb(...args)))
    },
    push(msg: ParcelMessage) {
      act(() => this.current.sink.next({ data: { parcelUpdated: msg } }))
    },
  }
}
