import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AGENT_PERMISSIONS, mockClient, viewerData, Wrapper } from '../../../test/mockClient'
import { resolveProblems, ResolveForm } from './ResolveForm'
import { parseMoneyInput } from './Remedies'
import { refundableAmount } from './staffSupportData'
import { describePriorityReason, TicketWorkspace, type StaffTicket } from './TicketView'

function staffTicket(extra: Partial<StaffTicket> = {}): StaffTicket {
  return {
    __typename: 'Ticket',
    id: 'tkt_1',
    number: 'TK-000009',
    subject: '未收到包裹 Parcel not received',
    category: 'NOT_RECEIVED',
    priority: 'HIGH',
    status: 'OPEN',
    source: 'CUSTOMER',
    createdAt: '2026-11-22T01:00:00Z',
    updatedAt: '2026-11-22T01:10:00Z',
    orderLineIds: ['orl_2'],
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    escalationLevel: 0,
    reopenCount: 0,
    rootCause: null,
    resolutionNote: '',
    priorityReasons: ['CATEGORY NOT_RECEIVED: HIGH'],
    draftReply: null,
    allowedTransitions: ['PENDING_CUSTOMER', 'RESOLVED', 'CLOSED'],
    assignee: { __typename: 'Account', id: 'acc_agent', displayName: '刘洋', email: 'agent@waybill.test' },
    customer: { __typename: 'Customer', id: 'cus_1', name: '王芳', email: 'customer@waybill.test', phone: '+8613800138000', guest: false, pointsBalance: 120 },
    order: {
      __typename: 'Order',
      id: 'ord_1',
      number: 'WB-20261120-000146',
      status: 'SHIPPED',
      createdAt: '2026-11-20T01:00:00Z',
      currency: 'CNY',
      contactName: '王芳',
      contactPhone: '+8613800138000',
      shipProvince: '北京市',
      shipCity: '北京市',
      shipDistrict: '朝阳区',
      shipLine1: '解放路979号',
      promisedDeliveryDate: '2026-11-23T00:00:00Z',
      couponCode: null,
      total: { __typename: 'Money', amount: 49200, currency: 'CNY' },
      lines: [
        { __typename: 'OrderLine', id: 'orl_1', sku: 'EL-0001', name: '无线蓝牙降噪耳机', quantity: 1, unitPriceAmount: 39900, lineTotalAmount: 39900, shippedQuantity: 1 },
        { __typename: 'OrderLine', id: 'orl_2', sku: 'BK-0001', name: '三体（全三册）', quantity: 1, unitPriceAmount: 9300, lineTotalAmount: 9300, shippedQuantity: 1 },
      ],
      payments: [{ __typename: 'Payment', id: 'pay_1', status: 'CAPTURED', amount: 49200, capturedAmount: 49200, refundedAmount: 0, currency: 'CNY' }],
      shipments: [],
    },
    shipment: null,
    sla: {
      __typename: 'TicketSla',
      nextDueAt: '2026-11-22T05:00:00Z',
      secondsLeft: 3600,
      paused: false,
      breached: false,
      firstResponseDueAt: '2026-11-22T02:00:00Z',
      resolutionDueAt: '2026-11-22T09:00:00Z',
      firstResponseMet: true,
      resolutionMet: null,
      policy: { __typename: 'SlaTarget', firstResponseMinutes: 60, resolutionMinutes: 480, businessHours: false },
    },
    conversation: [
      { __typename: 'TicketMessage', id: 'm1', authorKind: 'CUSTOMER', authorName: '王芳', body: '包裹还没到 Where is my parcel?', internal: false, createdAt: '2026-11-22T01:00:00Z' },
      { __typename: 'TicketMessage', id: 'm2', authorKind: 'AGENT', authorName: '刘洋', body: 'Courier says tomorrow; do not promise a date.', internal: true, createdAt: '2026-11-22T01:05:00Z' },
      { __typename: 'TicketMessage', id: 'm3', authorKind: 'AGENT', authorName: '刘洋', body: '我们正在催促快递 We are chasing the courier.', internal: false, createdAt: '2026-11-22T01:06:00Z' },
    ],
    timeline: [],
    remedies: [],
    followUps: [],
    returns: [],
    survey: null,
    duplicateOf: null,
    ...extra,
  } as StaffTicket
}

function renderWorkspace(ticket: StaffTicket, respond: (name: string, vars: Record<string, unknown>) => unknown = () => undefined) {
  const client = mockClient((name, vars) => {
    if (name === 'Viewer') return viewerData('AGENT', AGENT_PERMISSIONS, { id: 'acc_agent' })
    if (name === 'SuggestedRepliesForTicket')
      return {
        data: {
          suggestedReplies: [
            {
              __typename: 'SuggestedReply',
              macro: { __typename: 'Macro', id: 'mac_1', key: 'greeting', kind: 'REPLY', category: 'ANY' },
              titleZh: '问候',
              titleEn: 'Greeting',
              bodyZh: '王芳您好，关于订单 WB-20261120-000146 由我为您处理。',
              bodyEn: 'Hello 王芳, I will take care of order WB-20261120-000146.',
            },
          ],
        },
      }
    if (name === 'SupportAgentsList') return { data: { supportAgents: [] } }
    const answer = respond(name, vars)
    if (answer !== undefined) return answer
    throw new Error(`unexpected ${name}`)
  })
  render(
    <Wrapper client={client} token="t0k">
      <TicketWorkspace ticket={ticket} onChanged={() => {}} />
    </Wrapper>,
  )
  return client
}

describe('agent ticket view', () => {
  it('shows the order with its lines beside the conversation, internal notes set apart', () => {
    renderWorkspace(staffTicket())
    const order = screen.getByTestId('ticket-order')
    expect(order.getAttribute('data-order')).toBe('WB-20261120-000146')
    const lines = within(screen.getByTestId('ticket-order-lines')).getAllByRole('row')
    expect(lines).toHaveLength(3)
    // the line the complaint is about is marked
    expect(lines[2].getAttribute('data-about')).toBe('true')
    expect(within(screen.getByTestId('ticket-context')).getByTestId('ticket-order')).toBe(order)

    const messages = within(screen.getByTestId('staff-conversation')).getAllByTestId('message')
    expect(messages).toHaveLength(3)
    const note = messages[1]
    expect(note.getAttribute('data-internal')).toBe('true')
    expect(note.className).toContain('sup-msg-note')
    expect(within(note).getByTestId('internal-label').textContent).toBe('Internal note')
    expect(messages[2].className).toContain('sup-msg-mine')
    expect(messages[2].className).not.toContain('sup-msg-note')
    expect(within(messages[2]).queryByTestId('internal-label')).toBeNull()
    // why the priority, in words
    expect(screen.getByText(/Priority because:/).textContent).toContain('Category: Not received → High')
  })

  it('inserts a suggested reply in the chosen language and sends an internal note as a note', async () => {
    const sent: Record<string, unknown>[] = []
    renderWorkspace(staffTicket(), (name, vars) => {
      if (name === 'StaffReply') {
        sent.push(vars)
        return { data: { replyToTicket: { __typename: 'TicketMessagePayload', message: { __typename: 'TicketMessage', id: 'm4' }, ticket: staffTicket(), userErrors: [] } } }
      }
      return undefined
    })
    fireEvent.click(screen.getByLabelText('English'))
    fireEvent.click(screen.getByTestId('macro'))
    const box = screen.getByTestId('staff-reply-body') as HTMLTextAreaElement
    expect(box.value).toBe('Hello 王芳, I will take care of order WB-20261120-000146.')
    fireEvent.click(screen.getByTestId('staff-reply-internal'))
    expect(screen.getByTestId('staff-reply').className).toContain('sup-reply-internal')
    fireEvent.click(screen.getByTestId('staff-reply-send'))
    await screen.findByTestId('staff-reply-sent')
    expect(sent).toEqual([{ input: { ticketId: 'tkt_1', body: 'Hello 王芳, I will take care of order WB-20261120-000146.', internal: true } }])
  })

  it('refunds no more than can still be refunded, after a confirmation', async () => {
    const refunds: Record<string, unknown>[] = []
    renderWorkspace(staffTicket(), (name, vars) => {
      if (name === 'RefundTicketOrder') {
        refunds.push(vars)
        return { data: { refundFromTicket: { __typename: 'RemedyPayload', refunded: 9300, ticket: staffTicket(), userErrors: [] } } }
      }
      return undefined
    })
    fireEvent.click(screen.getByTestId('remedy-refund'))
    fireEvent.change(screen.getByTestId('refund-amount'), { target: { value: '600' } })
    fireEvent.click(screen.getByTestId('refund-review'))
    expect(screen.getByText('At most ¥492.00 can be refunded.')).toBeTruthy()
    expect(screen.queryByTestId('remedy-confirm')).toBeNull()
    fireEvent.change(screen.getByTestId('refund-amount'), { target: { value: '93' } })
    fireEvent.click(screen.getByTestId('refund-review'))
    expect(screen.getByTestId('remedy-confirm').textContent).toContain('Refund ¥93.00 of order WB-20261120-000146')
    expect(refunds).toEqual([])
    fireEvent.click(screen.getByTestId('remedy-confirm-yes'))
    await screen.findByTestId('remedy-done')
    expect(refunds).toEqual([{ input: { ticketId: 'tkt_1', amount: 9300 } }])
  })
})

describe('resolving needs a root cause', () => {
  it('asks for the root cause and the note before sending anything', async () => {
    const calls: Record<string, unknown>[] = []
    const client = mockClient((name, vars) => {
      if (name === 'ResolveTicketWithCause') {
        calls.push(vars)
        return { data: { resolveTicket: { __typename: 'TicketPayload', ticket: staffTicket({ status: 'RESOLVED', rootCause: 'CARRIER_DELAY' }), userErrors: [] } } }
      }
      throw new Error(`unexpected ${name}`)
    })
    let resolved = 0
    render(
      <Wrapper client={client} token="t0k">
        <ResolveForm ticketId="tkt_1" ticketNumber="TK-000009" onResolved={() => resolved++} />
      </Wrapper>,
    )
    fireEvent.click(screen.getByTestId('resolve-submit'))
    expect(screen.getByText('Choose a root cause: the dashboards count them.')).toBeTruthy()
    expect(screen.getByText('Write what was done.')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Root cause'))
    expect(client.executeMutation).not.toHaveBeenCalled()

    // a note alone is not enough
    fireEvent.change(screen.getByLabelText('Resolution note'), { target: { value: 'Courier delay; coupon issued.' } })
    fireEvent.click(screen.getByTestId('resolve-submit'))
    expect(screen.getByText('Choose a root cause: the dashboards count them.')).toBeTruthy()
    expect(client.executeMutation).not.toHaveBeenCalled()

    fireEvent.change(screen.getByLabelText('Root cause'), { target: { value: 'CARRIER_DELAY' } })
    expect(screen.queryByText('Choose a root cause: the dashboards count them.')).toBeNull()
    fireEvent.click(screen.getByTestId('resolve-submit'))
    await waitFor(() => expect(resolved).toBe(1))
    expect(calls).toEqual([{ input: { ticketId: 'tkt_1', rootCause: 'CARRIER_DELAY', resolutionNote: 'Courier delay; coupon issued.' } }])
  })

  it('shows the server’s refusal next to the field', async () => {
    const client = mockClient((name) => {
      if (name === 'ResolveTicketWithCause')
        return {
          data: {
            resolveTicket: {
              __typename: 'TicketPayload',
              ticket: null,
              userErrors: [{ __typename: 'UserError', field: ['input', 'rootCause'], message: 'A root cause is required.', code: 'ROOT_CAUSE_REQUIRED' }],
            },
          },
        }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} token="t0k" locale="zh-CN">
        <ResolveForm ticketId="tkt_1" ticketNumber="TK-000009" />
      </Wrapper>,
    )
    fireEvent.change(screen.getByLabelText('根本原因'), { target: { value: 'OTHER' } })
    fireEvent.change(screen.getByLabelText('处理说明'), { target: { value: '已处理' } })
    fireEvent.click(screen.getByTestId('resolve-submit'))
    expect(await screen.findByText('请选择根本原因。')).toBeTruthy()
  })

  it('checks the pure rules', () => {
    expect(resolveProblems({ rootCause: '', note: ' ' })).toEqual({ rootCause: 'missing', note: 'missing' })
    expect(resolveProblems({ rootCause: 'OTHER', note: 'x' })).toEqual({})
    expect(parseMoneyInput('20', 'CNY')).toBe(2000)
    expect(parseMoneyInput('19.9', 'CNY')).toBe(1990)
    expect(parseMoneyInput('¥1,299.00', 'CNY')).toBe(129900)
    expect(parseMoneyInput('1.999', 'CNY')).toBeNull()
    expect(parseMoneyInput('0', 'CNY')).toBeNull()
    expect(parseMoneyInput('-5', 'CNY')).toBeNull()
    expect(
      refundableAmount([
        { status: 'CAPTURED', capturedAmount: 5000, refundedAmount: 0 },
        { status: 'PARTIALLY_REFUNDED', capturedAmount: 3000, refundedAmount: 1000 },
        { status: 'AUTHORIZED', capturedAmount: 0, refundedAmount: 0 },
        { status: 'REFUNDED', capturedAmount: 900, refundedAmount: 900 },
      ]),
    ).toBe(7000)
    const tv = (p: string, v: string) => `${p}:${v}`
    expect(describePriorityReason('HIGH_VALUE_ORDER ¥2,000.00 ≥ ¥1,000.00: +1', tv)).toBe('priorityReason:HIGH_VALUE_ORDER: ¥2,000.00 ≥ ¥1,000.00: +1')
  })
})
