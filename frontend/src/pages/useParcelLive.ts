// Live updates for one parcel over `parcelUpdated(trackingNumber, after)` (graphql-ws).
//
// The page keeps its own timeline: each message's `newEvents` (what this subscriber has not seen,
// oldest first) is merged in by event id, so nothing is shown twice; a message with `resync`
// (the subscriber fell too far behind) replaces the timeline with the message's `events`.
// After a dropped connection graphql-ws subscribes again by itself; the subscription's
// variables are read when the subscribe message is sent, so that message carries the cursor of
// the newest event seen and the server first sends exactly what was missed.
import { createContext, useCallback, useContext, useEffect, useReducer, useRef, useState } from 'react'
import type { Client as WsClient } from 'graphql-ws'
import { stringifyDocument } from 'urql'
import { graphql } from '../gql'
import type { ParcelUpdatedSubscription } from '../gql/graphql'
import { useSession } from '../lib/session'
import type { Parcel, ParcelEvent } from './TrackingData'

export const ParcelUpdatedDocument = graphql(`
  subscription ParcelUpdated($trackingNumber: String!, $after: String) {
    parcelUpdated(trackingNumber: $trackingNumber, after: $after) {
      ...ParcelViewFields
      resync
      newEvents {
        ...ParcelEventFields
      }
      events {
        ...ParcelEventFields
      }
    }
  }
`)

export type ParcelMessage = ParcelUpdatedSubscription['parcelUpdated']

/** The part of a graphql-ws client the live hooks use (tests pass a fake). */
export type LiveTransport = Pick<WsClient, 'subscribe' | 'on'>

/** Overrides the session's WebSocket client (tests, embedding). */
export const LiveTransportContext = createContext<LiveTransport | null>(null)

export function useLiveTransport(): LiveTransport | null {
  const override = useContext(LiveTransportContext)
  const { ws } = useSession()
  return override ?? ws
}

const time = (e: ParcelEvent) => {
  const t = Date.parse(e.occurredAt)
  return Number.isNaN(t) ? 0 : t
}

/** Newest first by when it happened; among equal times the one stored later first. */
export function sortNewestFirst(events: readonly ParcelEvent[]): ParcelEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => time(b.e) - time(a.e) || a.i - b.i)
    .map((x) => x.e)
}

/**
 * Adds `incoming` (oldest first, as in `newEvents`) to a newest-first timeline. Events already
 * there (same id) are skipped; the same array comes back when nothing is new.
 */
export function mergeEvents(timeline: readonly ParcelEvent[], incoming: readonly ParcelEvent[]): readonly ParcelEvent[] {
  const seen = new Set(timeline.map((e) => e.id))
  const fresh: ParcelEvent[] = []
  for (const e of incoming) {
    if (seen.has(e.id)) continue
    seen.add(e.id)
    fresh.push(e)
  }
  if (fresh.length === 0) return timeline
  // the newest arrival first, so among equal times the later one leads
  return sortNewestFirst([...fresh.reverse(), ...timeline])
}

export interface LiveParcel extends Parcel {
  /** Ids of the events the last message added (to highlight and announce them). */
  added: readonly string[]
}

/** Folds one `parcelUpdated` message into what the page shows. */
export function applyParcelMessage(prev: Parcel | null, msg: ParcelMessage): LiveParcel {
  const { newEvents, events, resync, ...view } = msg
  if (!prev || resync) {
    const next = sortNewestFirst(dedupeById(events))
    const had = new Set(prev?.events.map((e) => e.id) ?? [])
    return { ...view, events: next, added: prev ? next.filter((e) => !had.has(e.id)).map((e) => e.id) : [] }
  }
  const merged = mergeEvents(prev.events, newEvents)
  const had = new Set(prev.events.map((e) => e.id))
  return {
    ...view,
    // a message without events keeps the cursor we had
    cursor: view.cursor ?? prev.cursor,
    events: merged,
    added: merged === prev.events ? [] : merged.filter((e) => !had.has(e.id)).map((e) => e.id),
  }
}

function dedupeById(events: readonly ParcelEvent[]): ParcelEvent[] {
  const seen = new Set<string>()
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
}

/** connecting: not yet heard from the server; live: subscribed; reconnecting: the connection dropped and is being re-opened; offline: gave up (retry() starts again). */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline'

export interface ParcelLive {
  /** The parcel with every update so far; `initial` until the first message. */
  parcel: LiveParcel | null
  state: LiveState
  /** Subscribe again after the connection gave up. */
  retry: () => void
}

const PARCEL_UPDATED = stringifyDocument(ParcelUpdatedDocument)

/**
 * Subscribes to a parcel once `initial` (the trackParcel answer) is there, starting after its
 * cursor, and keeps subscribing after every reconnect from the newest cursor seen.
 */
export function useParcelLive(trackingNumber: string, initial: Parcel | null): ParcelLive {
  const ws = useLiveTransport()
  const [live, dispatch] = useReducer(
    (state: LiveParcel | null, action: { base: Parcel | null; msg: ParcelMessage }) =>
      applyParcelMessage(state ?? action.base, action.msg),
    null,
  )
  const [state, setState] = useState<LiveState>('connecting')
  const [attempt, setAttempt] = useState(0)
  const enabled = !!initial
  const initialRef = useRef(initial)
  initialRef.current = initial
  const cursorRef = useRef<string | null>(null)
  if (cursorRef.current === null) cursorRef.current = live?.cursor ?? initial?.cursor ?? null

  useEffect(() => {
    if (!ws || !enabled) return
    let active = true
    let heard = false
    setState((s) => (s === 'offline' ? 'connecting' : s))
    const payload = {
      query: PARCEL_UPDATED,
      operationName: 'ParcelUpdated',
      // read each time graphql-ws sends the subscribe message: after a reconnect it resumes
      // from the newest cursor seen, so nothing is missed
      get variables() {
        return { trackingNumber, after: cursorRef.current }
      },
    }
    const offs = [
      ws.on('closed', () => {
        if (active) setState((s) => (s === 'offline' ? s : heard ? 'reconnecting' : 'connecting'))
      }),
      ws.on('connecting', (isRetry) => {
        if (active && isRetry) setState('reconnecting')
      }),
    ]
    const dispose = ws.subscribe<ParcelUpdatedSubscription>(payload, {
      next(result) {
        if (!active) return
        const msg = result.data?.parcelUpdated
        if (!msg) return
        heard = true
        if (msg.cursor) cursorRef.current = msg.cursor
        dispatch({ base: initialRef.current, msg })
        setState('live')
      },
      error() {
        if (active) setState('offline')
      },
      complete() {
        // the server ended the subscription (or graphql-ws gave up retrying)
        if (active) setState('offline')
      },
    })
    // a phone that loses its network: say so at once rather than after the socket times out
    const onOffline = () => active && setState((s) => (s === 'live' ? 'reconnecting' : s))
    window.addEventListener('offline', onOffline)
    return () => {
      active = false
      offs.forEach((off) => off())
      window.removeEventListener('offline', onOffline)
      dispose()
    }
  }, [ws, trackingNumber, enabled, attempt])

  // back online or back on the tab after giving up: try again by itself
  useEffect(() => {
    if (state !== 'offline') return
    const again = () => {
      if (document.visibilityState !== 'hidden' && navigator.onLine !== false) setAttempt((n) => n + 1)
    }
    window.addEventListener('online', again)
    document.addEventListener('visibilitychange', again)
    return () => {
      window.removeEventListener('online', again)
      document.removeEventListener('visibilitychange', again)
    }
  }, [state])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const parcel = live ?? (initial ? { ...initial, added: [] } : null)
  // without a WebSocket client (tests without a transport) there is nothing to wait for
  return { parcel, state: ws ? state : 'connecting', retry }
}

/**
 * The state of the shared WebSocket for a page that subscribes through urql (the staff board):
 * live once connected or once a message arrived, reconnecting after a drop.
 */
export function useConnectionState(lastMessage: unknown): Exclude<LiveState, 'offline'> {
  const ws = useLiveTransport()
  const [state, setState] = useState<Exclude<LiveState, 'offline'>>('connecting')
  useEffect(() => {
    if (!ws) return
    const offs = [
      ws.on('connected', () => setState('live')),
      ws.on('closed', () => setState((s) => (s === 'connecting' ? s : 'reconnecting'))),
      ws.on('connecting', (isRetry) => {
        if (isRetry) setState('reconnecting')
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [ws])
  useEffect(() => {
    if (lastMessage) setState('live')
  }, [lastMessage])
  return state
}
