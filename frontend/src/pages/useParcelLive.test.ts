import { describe, expect, it } from 'vitest'
import { ev, message, parcelFixture } from './TrackingTestUtils'
import { applyParcelMessage, mergeEvents, sortNewestFirst } from './useParcelLive'

const ids = (events: readonly { id: string }[]) => events.map((e) => e.id)

describe('timeline merge', () => {
  it('adds new events newest first and skips ones already shown', () => {
    const timeline = [ev(2), ev(1)]
    const merged = mergeEvents(timeline, [ev(2), ev(3), ev(4)])
    expect(ids(merged)).toEqual(['tev_4', 'tev_3', 'tev_2', 'tev_1'])
  })

  it('returns the same timeline when nothing is new (no re-render, no duplicate)', () => {
    const timeline = [ev(2), ev(1)]
    expect(mergeEvents(timeline, [ev(1), ev(2)])).toBe(timeline)
    expect(mergeEvents(timeline, [])).toBe(timeline)
  })

  it('drops a duplicate within one batch', () => {
    expect(ids(mergeEvents([], [ev(1), ev(1), ev(2)]))).toEqual(['tev_2', 'tev_1'])
  })

  it('places an event that happened earlier but arrived late by its time', () => {
    const late = ev(9, { occurredAt: new Date(Date.UTC(2026, 10, 21, 1, 30)).toISOString() })
    expect(ids(mergeEvents([ev(3), ev(2), ev(1)], [late]))).toEqual(['tev_3', 'tev_2', 'tev_9', 'tev_1'])
  })

  it('keeps the later arrival first among events of the same time', () => {
    const same = (n: number) => ev(n, { occurredAt: '2026-11-21T05:00:00Z' })
    expect(ids(sortNewestFirst([same(1), same(2)]))).toEqual(['tev_1', 'tev_2'])
    expect(ids(mergeEvents([same(1)], [same(2)]))).toEqual(['tev_2', 'tev_1'])
  })
})

describe('applyParcelMessage', () => {
  const base = parcelFixture()

  it('appends newEvents after the cursor and takes the new status, cursor and ETA', () => {
    const now = parcelFixture({ status: 'OUT_FOR_DELIVERY', cursor: 'e3', etaTo: '2026-11-22T09:00:00Z', events: [ev(3), ev(2), ev(1)] })
    const next = applyParcelMessage(base, message(now, [ev(3, { status: 'OUT_FOR_DELIVERY' })]))
    expect(ids(next.events)).toEqual(['tev_3', 'tev_2', 'tev_1'])
    expect(next.events[0].status).toBe('OUT_FOR_DELIVERY')
    expect(next.status).toBe('OUT_FOR_DELIVERY')
    expect(next.cursor).toBe('e3')
    expect(next.etaTo).toBe('2026-11-22T09:00:00Z')
    expect(next.added).toEqual(['tev_3'])
  })

  it('ignores a replay of events already in the timeline (reconnect overlap)', () => {
    const next = applyParcelMessage(base, message(base, [ev(1), ev(2)]))
    expect(ids(next.events)).toEqual(['tev_2', 'tev_1'])
    expect(next.events).toBe(base.events)
    expect(next.added).toEqual([])
  })

  it('replaces the timeline on resync, whatever newEvents says', () => {
    // the subscriber fell behind: newEvents is empty, events is the whole story
    const whole = parcelFixture({ cursor: 'e7', events: [ev(7), ev(6), ev(5), ev(2), ev(1)] })
    const stale = { ...base, events: [ev(2), ev(1), ev(99, { occurredAt: '2026-11-20T00:00:00Z' })] }
    const next = applyParcelMessage(stale, message(whole, [], true))
    expect(ids(next.events)).toEqual(['tev_7', 'tev_6', 'tev_5', 'tev_2', 'tev_1'])
    expect(next.cursor).toBe('e7')
    expect(next.added).toEqual(['tev_7', 'tev_6', 'tev_5'])
  })

  it('keeps the cursor it had when a message carries none', () => {
    const next = applyParcelMessage(base, message({ ...base, cursor: null }, []))
    expect(next.cursor).toBe('e2')
  })

  it('starts from the message when there is nothing yet', () => {
    const next = applyParcelMessage(null, message(base, [ev(1), ev(2)]))
    expect(ids(next.events)).toEqual(['tev_2', 'tev_1'])
    expect(next.added).toEqual([])
  })
})
