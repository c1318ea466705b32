import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AGENT_PERMISSIONS, mockClient, viewerData, Wrapper } from '../../../test/mockClient'
import { StaffPage } from '../../Staff'
import { countdown, formatDuration, inboxWhere, serverClockOffset, sortInbox, DEFAULT_FILTERS } from './inbox'

const NOW = Date.parse('2026-11-22T02:00:00Z')
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString()

function tk(n: number, opts: { due?: number | null; paused?: boolean; breached?: boolean; priority?: string; status?: string; updated?: number; mine?: boolean }) {
  const due = opts.due === undefined || opts.due === null ? null : at(opts.due)
  return {
    __typename: 'Ticket',
    id: `tkt_${n}`,
    number: `TK-00000${n}`,
    subject: `问题 ${n} Problem ${n}`,
    category: 'LATE_DELIVERY',
    priority: opts.priority ?? 'NORMAL',
    status: opts.status ?? 'OPEN',
    source: 'CUSTOMER',
    createdAt: at(-600),
    updatedAt: at(opts.updated ?? -60),
    lastMessageAt: at(-60),
    escalationLevel: 0,
    assignee: opts.mine ? { __typename: 'Account', id: 'acc_agent', displayName: 'AGENT person', email: 'agent@waybill.test' } : null,
    customer: { __typename: 'Customer', id: `cus_${n}`, name: `顾客${n}` },
    order: { __typename: 'Order', id: `ord_${n}`, number: `WB-20261122-00000${n}` },
    sla: {
      __typename: 'TicketSla',
      nextDueAt: opts.paused ? null : due,
      secondsLeft: opts.paused || opts.due == null ? null : opts.due * 60,
      paused: !!opts.paused,
      breached: !!opts.breached,
    },
  }
}

const conn = (nodes: unknown[]) => ({
  __typename: 'TicketConnection',
  totalCount: nodes.length,
  edges: nodes.map((node) => ({ __typename: 'TicketEdge', node })),
})

describe('inbox order and countdown (pure)', () => {
  it('works the next deadline first: missed ones, then running by due time, then paused and undated', () => {
    const list = [
      tk(1, { due: 120 }),
      tk(2, { paused: true, status: 'PENDING_CUSTOMER', updated: -5 }),
      tk(3, { due: -30, breached: true }),
      tk(4, { due: 10, priority: 'URGENT' }),
      tk(5, { due: null, status: 'RESOLVED', updated: -500 }),
      tk(6, { due: 10, priority: 'LOW' }),
      tk(7, { paused: true, status: 'PENDING_CUSTOMER', updated: -1 }),
    ]
    expect(sortInbox(list).map((t) => t.number)).toEqual(['TK-000003', 'TK-000004', 'TK-000006', 'TK-000001', 'TK-000007', 'TK-000002', 'TK-000005'])
  })

  it('counts down, turns amber under an hour and red once missed', () => {
    const sla = (due: number | null, extra: Partial<{ paused: boolean; breached: boolean }> = {}) => ({ nextDueAt: due === null ? null : at(due), paused: false, breached: false, ...extra })
    expect(countdown(sla(90), NOW)).toEqual({ state: 'running', remaining: 90 * 60_000 })
    expect(countdown(sla(30), NOW).state).toBe('soon')
    expect(countdown(sla(-1), NOW)).toEqual({ state: 'breached', remaining: -60_000 })
    // the server already escalated it: red even if our clock says there is time
    expect(countdown(sla(5, { breached: true }), NOW).state).toBe('breached')
    expect(countdown(sla(null, { paused: true }), NOW).state).toBe('paused')
    expect(countdown(sla(null), NOW).state).toBe('none')
    // a server clock 5 minutes ahead of ours
    expect(countdown(sla(90), NOW, 5 * 60_000).remaining).toBe(85 * 60_000)
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d 3h')
    expect(formatDuration(-(65 * 60_000))).toBe('1h 05m')
    expect(formatDuration(4 * 60_000 + 9_000)).toBe('4m 09s')
    expect(serverClockOffset({ nextDueAt: at(60), secondsLeft: 55 * 60 }, NOW)).toBe(5 * 60_000)
    expect(serverClockOffset({ nextDueAt: at(60), secondsLeft: 60 * 60 }, NOW + 500)).toBe(0)
  })

  it('builds the API filter', () => {
    expect(inboxWhere(DEFAULT_FILTERS, 'acc_1')).toEqual({ statusIn: ['NEW', 'OPEN', 'REOPENED', 'PENDING_CUSTOMER'] })
    expect(inboxWhere({ status: 'all', priority: 'URGENT', category: 'DAMAGED', owner: 'mine', breached: true }, 'acc_1')).toEqual({
      priority: 'URGENT',
      category: 'DAMAGED',
      assigneeID: 'acc_1',
      slaBreached: true,
    })
    expect(inboxWhere({ ...DEFAULT_FILTERS, status: 'NEW', owner: 'unassigned' }, null)).toEqual({ status: 'NEW', assigneeIDIsNil: true })
  })
})

describe('<StaffPage section="support"> inbox', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] })
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function setup() {
    const mutations: { name: string; vars: Record<string, unknown> }[] = []
    const queries: Record<string, unknown>[] = []
    // the server hands them over in its own order; the page shows them by deadline
    const due = [tk(4, { due: 0.5, priority: 'URGENT' }), tk(3, { due: -30, breached: true }), tk(1, { due: 120, mine: true })]
    const rest = [tk(2, { paused: true, status: 'PENDING_CUSTOMER' })]
    const client = mockClient((name, vars) => {
      if (name === 'Viewer') return viewerData('AGENT', AGENT_PERMISSIONS, { id: 'acc_agent' })
      if (name === 'SupportInbox') {
        queries.push(vars)
        return { data: { due: conn(due), rest: conn(rest) } }
      }
      if (name === 'MyAvailability') return { data: { me: { __typename: 'Account', id: 'acc_agent', available: true, skills: [] } } }
      if (name === 'AssignTicketTo') {
        mutations.push({ name, vars })
        return { data: { assignTicket: { __typename: 'TicketPayload', ticket: { ...tk(3, { due: -30, breached: true, mine: true }) }, userErrors: [] } } }
      }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} token="t0k">
        <StaffPage section="support" />
      </Wrapper>,
    )
    return { mutations, queries }
  }

  it('lists tickets by SLA deadline with live countdowns, the missed one in red', () => {
    const { queries } = setup()
    expect(queries[0]).toMatchObject({ first: 100, where: { statusIn: ['NEW', 'OPEN', 'REOPENED', 'PENDING_CUSTOMER'] } })
    const rows = screen.getAllByTestId('inbox-row')
    expect(rows.map((r) => r.getAttribute('data-number'))).toEqual(['TK-000003', 'TK-000004', 'TK-000001', 'TK-000002'])
    const late = within(rows[0]).getByTestId('sla-countdown')
    expect(late.getAttribute('data-state')).toBe('breached')
    expect(late.className).toContain('sup-cd-breached')
    expect(late.textContent).toContain('Overdue 30m 00s')
    const soon = within(rows[1]).getByTestId('sla-countdown')
    expect(soon.textContent).toBe('30s left')
    expect(soon.className).toContain('sup-cd-soon')
    expect(within(rows[3]).getByTestId('sla-countdown').textContent).toBe('Paused')

    // the clock ticks: 30 s later the urgent one is missed too and turns red
    act(() => {
      vi.advanceTimersByTime(31_000)
    })
    expect(late.textContent).toContain('Overdue 30m 31s')
    expect(within(rows[1]).getByTestId('sla-countdown').getAttribute('data-state')).toBe('breached')
    expect(within(rows[1]).getByTestId('sla-countdown').textContent).toBe('Overdue 1s')
  })

  it('moves with j/k, assigns with a, and lists the shortcuts under ?', () => {
    const { mutations } = setup()
    const rows = () => screen.getAllByTestId('inbox-row')
    expect(rows()[0].getAttribute('data-selected')).toBe('true')
    fireEvent.keyDown(document.body, { key: 'j' })
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'j' })
    expect(rows()[1].getAttribute('data-selected')).toBe('true')
    expect(document.activeElement).toBe(within(rows()[1]).getByTestId('inbox-open'))
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'k' })
    expect(rows()[0].getAttribute('data-selected')).toBe('true')
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'a' })
    expect(mutations).toEqual([{ name: 'AssignTicketTo', vars: { ticketId: 'tkt_3', assigneeId: 'acc_agent' } }])

    // typing in a field is not a shortcut
    const status = screen.getByLabelText('Status')
    fireEvent.keyDown(status, { key: 'j' })
    expect(rows()[0].getAttribute('data-selected')).toBe('true')

    fireEvent.keyDown(document.body, { key: '?' })
    const help = screen.getByTestId('shortcuts-help')
    expect(help.textContent).toContain('Next ticket')
    expect(help.textContent).toContain('Assign the selected ticket to me')
    fireEvent.keyDown(help, { key: 'Escape' })
    expect(screen.queryByTestId('shortcuts-help')).toBeNull()
  })
})
