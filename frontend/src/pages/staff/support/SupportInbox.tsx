// Staff console → Support: the agent's inbox, sorted by the next SLA deadline, with filters, live
// countdowns (red once missed), live updates (supportInbox) and keyboard shortcuts; the open
// ticket is in the URL (?ticket=<number>), so a reload or a shared link opens it again.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { useMutation, useQuery, useSubscription } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import { StatusBadge } from '../../../components/StatusBadge'
import type { InboxTicketFieldsFragment } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { useDraft } from '../../../lib/draft'
import { formatDateTime } from '../../../lib/format'
import { navigate, useSearchParams } from '../../../lib/router'
import { useViewer } from '../../../lib/viewer'
import {
  CATEGORIES,
  countdown,
  DEFAULT_FILTERS,
  formatDuration,
  inboxWhere,
  isTypingTarget,
  serverClockOffset,
  sortInbox,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  useNow,
  type InboxFilters,
} from './inbox'
import { AssignTicketToDocument, MyAvailabilityDocument, SetAvailabilityDocument, SupportInboxDocument, SupportInboxLiveDocument } from './staffSupportData'
import { TicketView } from './TicketView'
import './staffSupport.css'

export const INBOX_PAGE = 100

export type InboxTicket = InboxTicketFieldsFragment

export function ticketPath(number: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ticket: number, ...extra })
  return `/staff/support?${params.toString()}`
}

/** The Support section: the inbox, or one ticket when ?ticket= is set (the inbox keeps its state). */
export function SupportSection() {
  const params = useSearchParams()
  const open = params.get('ticket')
  const reply = params.get('reply') === '1'
  return (
    <div className="sup-console">
      <div hidden={!!open}>
        <Inbox active={!open} />
      </div>
      {open ? <TicketView key={open} number={open} focusReply={reply} /> : null}
    </div>
  )
}

function Inbox({ active }: { active: boolean }) {
  const { t, tv, locale } = useI18n()
  const viewer = useViewer()
  const meId = viewer.me?.id ?? null
  const filtersDraft = useDraft('support-inbox-filters', {
    status: DEFAULT_FILTERS.status,
    priority: '',
    category: '',
    owner: '',
    breached: false,
  })
  const filters = filtersDraft.values as unknown as InboxFilters
  const where = useMemo(() => inboxWhere(filters, meId), [filters, meId])
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SupportInboxDocument,
    variables: { where, first: INBOX_PAGE },
    requestPolicy: 'cache-and-network',
  })
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute])

  // the server's clock, from the first ticket with a deadline (countdowns must not depend on the
  // agent's PC clock being right)
  const [offset, setOffset] = useState(0)
  useEffect(() => {
    const first = data?.due.edges?.find((e) => e?.node?.sla.nextDueAt)?.node
    if (first) setOffset(serverClockOffset(first.sla, Date.now()))
  }, [data])

  // live: any ticket that changes refreshes the list (coalesced)
  const [{ data: live }] = useSubscription({ query: SupportInboxLiveDocument })
  const liveTimer = useRef<number | undefined>(undefined)
  useEffect(() => {
    if (!live) return
    window.clearTimeout(liveTimer.current)
    liveTimer.current = window.setTimeout(refetch, 400)
  }, [live, refetch])
  useEffect(() => () => window.clearTimeout(liveTimer.current), [])
  // and now and then anyway (a deadline passing changes nothing on the server's side of the list)
  useEffect(() => {
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') refetch()
    }, 60_000)
    return () => window.clearInterval(id)
  }, [refetch])

  const tickets = useMemo(() => {
    const list = [...(data?.due.edges ?? []), ...(data?.rest.edges ?? [])].flatMap((e) => (e?.node ? [e.node] : []))
    return sortInbox(list)
  }, [data])
  const total = data ? data.due.totalCount + data.rest.totalCount : null

  const [selected, setSelected] = useState(0)
  const listRef = useRef<HTMLUListElement>(null)
  const [help, setHelp] = useState(false)
  const [assignError, setAssignError] = useState<string[]>([])
  const [{ fetching: assigning }, assign] = useMutation(AssignTicketToDocument)
  const i18n = useI18n()

  const clamp = (i: number) => Math.max(0, Math.min(i, tickets.length - 1))
  const focusRow = useCallback((i: number) => {
    const links = listRef.current?.querySelectorAll<HTMLAnchorElement>('[data-testid="inbox-open"]')
    links?.[i]?.focus()
  }, [])

  const assignToMe = useCallback(
    async (tk: InboxTicket) => {
      if (!meId || assigning) return
      setAssignError([])
      const res = await assign({ ticketId: tk.id, assigneeId: meId })
      const payload = res.data?.assignTicket
      if (res.error || !payload) setAssignError([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      else if (payload.userErrors.length > 0) setAssignError(payload.userErrors.map((u) => i18n.te(u.code, u.message)))
      else refetch()
    },
    [assign, assigning, meId, refetch, i18n, t],
  )

  // the inbox's keyboard: j/k (or arrows) move, Enter opens (the row is a link), r replies, a takes it
  useEffect(() => {
    if (!active) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
      if (e.key === 'Escape' && help) {
        setHelp(false)
        return
      }
      if (isTypingTarget(e.target)) return
      if (e.key === '?') {
        e.preventDefault()
        setHelp((h) => !h)
        return
      }
      if (help || tickets.length === 0) return
      const inList = listRef.current?.contains(document.activeElement) ?? false
      if (e.key === 'j' || (e.key === 'ArrowDown' && inList)) {
        e.preventDefault()
        const next = inList ? clamp(selected + 1) : clamp(selected)
        setSelected(next)
        focusRow(next)
      } else if (e.key === 'k' || (e.key === 'ArrowUp' && inList)) {
        e.preventDefault()
        const next = inList ? clamp(selected - 1) : clamp(selected)
        setSelected(next)
        focusRow(next)
      } else if (e.key === 'Enter' && !inList) {
        const tk = tickets[clamp(selected)]
        if (tk && (document.activeElement === document.body || document.activeElement?.id === 'main')) {
          e.preventDefault()
          navigate(ticketPath(tk.number))
        }
      } else if (e.key === 'r') {
        const tk = tickets[clamp(selected)]
        if (tk) {
          e.preventDefault()
          navigate(ticketPath(tk.number, { reply: '1' }))
        }
      } else if (e.key === 'a') {
        const tk = tickets[clamp(selected)]
        if (tk) {
          e.preventDefault()
          void assignToMe(tk)
        }
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [active, help, tickets, selected, focusRow, assignToMe]) // eslint-disable-line react-hooks/exhaustive-deps -- clamp reads tickets

  // back from a ticket: the keyboard carries on from the row that was open
  const wasActive = useRef(active)
  useEffect(() => {
    if (active && !wasActive.current) focusRow(selected)
    wasActive.current = active
  }, [active, selected, focusRow])

  // keep the selection on the list when it shrinks
  useEffect(() => {
    if (selected > 0 && selected >= tickets.length) setSelected(Math.max(0, tickets.length - 1))
  }, [tickets.length, selected])

  const set = (patch: Partial<InboxFilters>) => {
    filtersDraft.set(patch as Partial<typeof filtersDraft.values>)
    setSelected(0)
  }
  const filtered = JSON.stringify(filters) !== JSON.stringify(DEFAULT_FILTERS)

  return (
    <section className="card sup-inbox" aria-labelledby="inbox-title" data-testid="support-inbox">
      <div className="sup-inbox-head">
        <div>
          <h2 id="inbox-title" className="card-title">
            {t('sup.inbox.title')}
          </h2>
          {total !== null ? (
            <p className="muted small" role="status" data-testid="inbox-count">
              {t('sup.inbox.count', { count: total })}
            </p>
          ) : null}
        </div>
        <div className="sup-inbox-tools">
          <AvailabilityToggle />
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setHelp(true)} aria-keyshortcuts="?" data-testid="shortcuts-button">
            <kbd>?</kbd> {t('sup.keys.button')}
          </button>
        </div>
      </div>

      <div className="filters filters-compact sup-filters" role="search" aria-label={t('sup.inbox.filters')} data-testid="inbox-filters">
        <div className="field">
          <label htmlFor="if-status">{t('sup.inbox.status')}</label>
          <select id="if-status" value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="active">{t('sup.inbox.active')}</option>
            <option value="all">{t('sup.inbox.all')}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tv('ticketStatus', s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="if-priority">{t('sup.inbox.priority')}</label>
          <select id="if-priority" value={filters.priority} onChange={(e) => set({ priority: e.target.value })}>
            <option value="">{t('sup.inbox.any')}</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {tv('ticketPriority', p)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="if-category">{t('sup.inbox.category')}</label>
          <select id="if-category" value={filters.category} onChange={(e) => set({ category: e.target.value })}>
            <option value="">{t('sup.inbox.any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {tv('ticketCategory', c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="if-owner">{t('sup.inbox.owner')}</label>
          <select id="if-owner" value={filters.owner} onChange={(e) => set({ owner: e.target.value as InboxFilters['owner'] })}>
            <option value="">{t('sup.inbox.anyone')}</option>
            <option value="mine">{t('sup.inbox.mine')}</option>
            <option value="unassigned">{t('sup.inbox.unassigned')}</option>
          </select>
        </div>
        <label className="check-row filters-check">
          <input type="checkbox" checked={filters.breached} onChange={(e) => set({ breached: e.target.checked })} data-testid="filter-breached" />
          <span>{t('sup.inbox.breachedOnly')}</span>
        </label>
        {filtered ? (
          <div className="filters-actions">
            <button type="button" className="btn btn-secondary btn-small" onClick={() => filtersDraft.clear()}>
              {t('sup.inbox.reset')}
            </button>
          </div>
        ) : null}
      </div>

      <FormAlert messages={assignError} />

      {fetching && !data ? (
        <Spinner />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : tickets.length === 0 ? (
        <p className="muted table-empty" data-testid="inbox-empty">
          {filtered ? t('sup.inbox.noneFiltered') : t('sup.inbox.none')}
        </p>
      ) : (
        <InboxList
          tickets={tickets}
          selected={selected}
          onSelect={setSelected}
          listRef={listRef}
          offset={offset}
          meId={meId}
          onAssign={(tk) => void assignToMe(tk)}
          assigning={assigning}
          locale={locale}
        />
      )}
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
    </section>
  )
}

function InboxList({
  tickets,
  selected,
  onSelect,
  listRef,
  offset,
  meId,
  onAssign,
  assigning,
  locale,
}: {
  tickets: readonly InboxTicket[]
  selected: number
  onSelect: (i: number) => void
  listRef: React.RefObject<HTMLUListElement | null>
  offset: number
  meId: string | null
  onAssign: (tk: InboxTicket) => void
  assigning: boolean
  locale: string
}) {
  const { t, tv } = useI18n()
  const now = useNow(1000)
  return (
    <ul className="sup-inbox-list" ref={listRef} data-testid="inbox-list" aria-label={t('sup.inbox.listLabel')}>
      {tickets.map((tk, i) => {
        const cd = countdown(tk.sla, now, offset)
        const mine = !!meId && tk.assignee?.id === meId
        return (
          <li
            key={tk.id}
            className={`sup-inbox-row sup-cd-row-${cd.state}${i === selected ? ' selected' : ''}`}
            data-testid="inbox-row"
            data-number={tk.number}
            data-countdown={cd.state}
            data-selected={i === selected ? 'true' : undefined}
          >
            <a
              href={ticketPath(tk.number)}
              className="sup-inbox-link"
              onClick={(e) => {
                if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
                e.preventDefault()
                onSelect(i)
                navigate(ticketPath(tk.number))
              }}
              onFocus={() => onSelect(i)}
              data-testid="inbox-open"
              aria-describedby={`cd-${tk.id}`}
            >
              <span className="sup-inbox-main">
                <span className="mono sup-inbox-number">{tk.number}</span>
                <span className="sup-inbox-subject">{tk.subject}</span>
              </span>
              <span className="sup-inbox-meta">
                <span>{tk.customer?.name ?? t('sup.inbox.noCustomer')}</span>
                {tk.order ? <span className="mono">{tk.order.number}</span> : null}
                <span>{tv('ticketCategory', tk.category)}</span>
              </span>
            </a>
            <span className="sup-inbox-badges">
              <PriorityBadge priority={tk.priority} />
              <StatusBadge status={tk.status} kind="ticketStatus" />
              {tk.source === 'PROACTIVE' ? <span className="badge badge-info">{t('sup.inbox.proactive')}</span> : null}
            </span>
            <span className="sup-inbox-sla">
              <SlaCountdown id={`cd-${tk.id}`} sla={tk.sla} now={now} offset={offset} locale={locale} />
            </span>
            <span className="sup-inbox-owner">
              {tk.assignee ? (
                <span className={mine ? 'sup-owner-me' : undefined}>{mine ? t('sup.inbox.you') : tk.assignee.displayName || tk.assignee.email}</span>
              ) : (
                <span className="muted">{t('sup.inbox.nobody')}</span>
              )}
              {!mine && meId ? (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  disabled={assigning}
                  onClick={() => onAssign(tk)}
                  aria-keyshortcuts="a"
                  data-testid="inbox-assign-me"
                  aria-label={t('sup.inbox.assignMeNamed', { number: tk.number })}
                >
                  {t('sup.inbox.assignMe')}
                </button>
              ) : null}
            </span>
          </li>
        )
      })}
    </ul>
  )
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { tv } = useI18n()
  const tone = priority === 'URGENT' ? 'danger' : priority === 'HIGH' ? 'warning' : priority === 'LOW' ? 'neutral' : 'info'
  return (
    <span className={`badge badge-${tone} sup-priority`} data-priority={priority}>
      {tv('ticketPriority', priority)}
    </span>
  )
}

/** "2h 05m left", "overdue 12m 04s" (red), "paused" or "—". */
export function SlaCountdown({
  sla,
  now,
  offset = 0,
  locale,
  id,
}: {
  sla: { nextDueAt?: string | null; paused: boolean; breached: boolean }
  now: number
  offset?: number
  locale: string
  id?: string
}) {
  const { t } = useI18n()
  const cd = countdown(sla, now, offset)
  const units = { d: t('sup.unit.d'), h: t('sup.unit.h'), m: t('sup.unit.m'), s: t('sup.unit.s') }
  let text: string
  if (cd.state === 'paused') text = t('sup.sla.paused')
  else if (cd.state === 'none') text = t('sup.sla.none')
  else if (cd.remaining === null) text = t('sup.sla.breachedNoDue')
  else if (cd.remaining < 0) text = t('sup.sla.overdue', { time: formatDuration(cd.remaining, units) })
  else text = t('sup.sla.left', { time: formatDuration(cd.remaining, units) })
  const due = sla.nextDueAt ? t('sup.sla.dueAt', { when: formatDateTime(sla.nextDueAt, locale) }) : cd.state === 'paused' ? t('sup.sla.pausedTitle') : undefined
  return (
    <span id={id} className={`sup-cd sup-cd-${cd.state}`} title={due} data-testid="sla-countdown" data-state={cd.state}>
      {cd.state === 'breached' ? (
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <path fill="currentColor" d="M8 1 15 14H1L8 1Zm-.9 5v4h1.8V6H7.1Zm0 5v1.8h1.8V11H7.1Z" />
        </svg>
      ) : null}
      {text}
    </span>
  )
}

function AvailabilityToggle() {
  const i18n = useI18n()
  const { t } = i18n
  const [{ data }] = useQuery({ query: MyAvailabilityDocument, requestPolicy: 'cache-and-network' })
  const [{ fetching }, setAvailability] = useMutation(SetAvailabilityDocument)
  const [errors, setErrors] = useState<string[]>([])
  const available = data?.me?.available
  if (available === undefined || available === null) return null
  const toggle = async () => {
    setErrors([])
    const res = await setAvailability({ available: !available })
    const payload = res.data?.setMyAvailability
    if (res.error || !payload) setErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
    else if (payload.userErrors.length > 0) setErrors(payload.userErrors.map((u) => i18n.te(u.code, u.message)))
  }
  return (
    <div className="sup-availability">
      <button
        type="button"
        role="switch"
        aria-checked={available}
        className={`sup-switch ${available ? 'on' : 'off'}`}
        onClick={() => void toggle()}
        disabled={fetching}
        data-testid="availability-toggle"
      >
        <span className="sup-switch-track" aria-hidden="true">
          <span className="sup-switch-thumb" />
        </span>
        <span>{available ? t('sup.avail.available') : t('sup.avail.away')}</span>
      </button>
      <span className="muted small sup-avail-hint">{available ? t('sup.avail.availableHint') : t('sup.avail.awayHint')}</span>
      <FormAlert messages={errors} />
    </div>
  )
}

export const SHORTCUTS: readonly { keys: string[]; label: 'sup.keys.next' | 'sup.keys.prev' | 'sup.keys.open' | 'sup.keys.reply' | 'sup.keys.assign' | 'sup.keys.help' | 'sup.keys.back' | 'sup.keys.send' }[] = [
  { keys: ['j', '↓'], label: 'sup.keys.next' },
  { keys: ['k', '↑'], label: 'sup.keys.prev' },
  { keys: ['Enter'], label: 'sup.keys.open' },
  { keys: ['r'], label: 'sup.keys.reply' },
  { keys: ['a'], label: 'sup.keys.assign' },
  { keys: ['?'], label: 'sup.keys.help' },
  { keys: ['Esc'], label: 'sup.keys.back' },
  { keys: ['Ctrl', 'Enter'], label: 'sup.keys.send' },
]

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n()
  const titleId = useId()
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const opener = document.activeElement
    closeRef.current?.focus()
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [])
  return (
    <div className="sup-modal-root">
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <div
        className="sup-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcuts-help"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            onClose()
          }
          if (e.key === 'Tab') {
            e.preventDefault()
            closeRef.current?.focus()
          }
        }}
      >
        <h2 id={titleId} className="card-title">
          {t('sup.keys.title')}
        </h2>
        <dl className="sup-keys">
          {SHORTCUTS.map((s) => (
            <div key={s.label}>
              <dt>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? (s.keys[0] === 'Ctrl' ? ' + ' : ` ${t('sup.keys.or')} `) : null}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{t('sup.keys.note')}</p>
        <div>
          <button type="button" className="btn btn-primary" onClick={onClose} ref={closeRef}>
            {t('sup.keys.close')}
          </button>
        </div>
      </div>
    </div>
  )
}
