// Pure helpers of the agent inbox: the API filter, the order tickets are worked in (the next SLA
// deadline first) and the live countdown. Kept apart from the components so tests can call them.
import { useEffect, useState } from 'react'
import type { TicketCategory, TicketPriority, TicketStatus, TicketWhereInput } from '../../../gql/graphql'

export const TICKET_STATUSES: readonly TicketStatus[] = ['NEW', 'OPEN', 'REOPENED', 'PENDING_CUSTOMER', 'RESOLVED', 'CLOSED']
/** The statuses an agent still works on: the inbox shows these unless told otherwise. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['NEW', 'OPEN', 'REOPENED', 'PENDING_CUSTOMER']
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['URGENT', 'HIGH', 'NORMAL', 'LOW']
export const CATEGORIES: readonly TicketCategory[] = [
  'WRONG_ITEM',
  'MISSING_ITEM',
  'DAMAGED',
  'LATE_DELIVERY',
  'NOT_RECEIVED',
  'BILLING',
  'QUALITY',
  'RETURN_REQUEST',
  'OTHER',
]

export interface InboxFilters {
  /** 'active' (default), 'all' or one TicketStatus */
  status: string
  priority: string
  category: string
  /** '' anyone, 'mine', 'unassigned' */
  owner: '' | 'mine' | 'unassigned'
  breached: boolean
}

export const DEFAULT_FILTERS: InboxFilters = { status: 'active', priority: '', category: '', owner: '', breached: false }

/** The API filter for the inbox (always an object: the query combines it with the SLA split). */
export function inboxWhere(f: InboxFilters, viewerId: string | null): TicketWhereInput {
  const where: TicketWhereInput = {}
  if (f.status === 'active') where.statusIn = [...ACTIVE_STATUSES]
  else if (f.status && f.status !== 'all') where.status = f.status as TicketStatus
  if (f.priority) where.priority = f.priority as TicketPriority
  if (f.category) where.category = f.category as TicketCategory
  if (f.owner === 'mine' && viewerId) where.assigneeID = viewerId
  if (f.owner === 'unassigned') where.assigneeIDIsNil = true
  if (f.breached) where.slaBreached = true
  return where
}

export interface SortableTicket {
  number: string
  priority: string
  updatedAt: string
  sla: { nextDueAt?: string | null; paused: boolean; breached: boolean }
}

const PRIORITY_RANK: Record<string, number> = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 }

function ms(iso: string | null | undefined): number | null {
  if (!iso) return null
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : t
}

/**
 * The order an agent works the inbox in: tickets with a running SLA clock by their next deadline
 * (missed ones, the earliest, first), then paused ones (waiting for the customer) and those with
 * no deadline, most recently changed first. Ties: higher priority, then the older number.
 */
export function sortInbox<T extends SortableTicket>(tickets: readonly T[]): T[] {
  return [...tickets].sort((a, b) => {
    const da = a.sla.paused ? null : ms(a.sla.nextDueAt)
    const db = b.sla.paused ? null : ms(b.sla.nextDueAt)
    if (da !== null && db !== null && da !== db) return da - db
    if (da !== null && db === null) return -1
    if (da === null && db !== null) return 1
    if (da === null && db === null) {
      const ua = ms(a.updatedAt) ?? 0
      const ub = ms(b.updatedAt) ?? 0
      if (ua !== ub) return ub - ua
    }
    const pa = PRIORITY_RANK[a.priority] ?? 9
    const pb = PRIORITY_RANK[b.priority] ?? 9
    if (pa !== pb) return pa - pb
    return a.number.localeCompare(b.number)
  })
}

/**
 * How far the server's clock is ahead of ours, in ms, from one ticket's SLA: the server says
 * `secondsLeft` to `nextDueAt` from its own now. Zero without the numbers.
 */
export function serverClockOffset(
  sla: { nextDueAt?: string | null; secondsLeft?: number | null } | null | undefined,
  receivedAt: number,
): number {
  const due = ms(sla?.nextDueAt)
  if (due === null || sla?.secondsLeft == null) return 0
  const serverNow = due - sla.secondsLeft * 1000
  const offset = serverNow - receivedAt
  // a second or two is network latency, not a wrong clock
  return Math.abs(offset) < 2000 ? 0 : offset
}

export type CountdownState = 'none' | 'paused' | 'running' | 'soon' | 'breached'

export interface Countdown {
  state: CountdownState
  /** ms to the deadline (negative once missed); null without one */
  remaining: number | null
}

/** Under an hour left: shown in the warning colour. */
export const SOON_MS = 60 * 60 * 1000

/** The countdown of one ticket at `now` (client clock plus the server's offset). */
export function countdown(
  sla: { nextDueAt?: string | null; paused: boolean; breached: boolean },
  now: number,
  offset = 0,
): Countdown {
  if (sla.paused) return { state: 'paused', remaining: null }
  const due = ms(sla.nextDueAt)
  if (due === null) return { state: sla.breached ? 'breached' : 'none', remaining: null }
  const remaining = due - (now + offset)
  if (remaining < 0 || sla.breached) return { state: 'breached', remaining }
  return { state: remaining < SOON_MS ? 'soon' : 'running', remaining }
}

/**
 * A duration as its two largest units, e.g. 2d 3h, 1h 05m, 4m 09s, 12s (absolute value).
 * `units` are the localized unit letters.
 */
export function formatDuration(msValue: number, units: { d: string; h: string; m: string; s: string } = { d: 'd', h: 'h', m: 'm', s: 's' }): string {
  const total = Math.floor(Math.abs(msValue) / 1000)
  const d = Math.floor(total / 86400)
  const h = Math.floor((total % 86400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (d > 0) return `${d}${units.d} ${h}${units.h}`
  if (h > 0) return `${h}${units.h} ${pad(m)}${units.m}`
  if (m > 0) return `${m}${units.m} ${pad(s)}${units.s}`
  return `${s}${units.s}`
}

/** The current time, re-rendering every `intervalMs` (one timer per caller). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(id)
  }, [intervalMs])
  return now
}

/** Keys typed into a form field are not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type)
  }
  return false
}
