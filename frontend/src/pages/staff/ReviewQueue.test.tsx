import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AGENT_PERMISSIONS, mockClient, viewerData, Wrapper } from '../../test/mockClient'
import { StaffPage } from '../Staff'

function held(n: number, reasons: string[], createdAt: string) {
  return {
    __typename: 'Order',
    id: `ord_${n}`,
    number: `WB-20261122-00000${n}`,
    status: 'ON_HOLD',
    channel: 'WEB',
    createdAt,
    contactName: `顾客 ${n}`,
    contactEmail: `c${n}@example.cn`,
    contactPhone: '+8613800138000',
    shipCountry: 'CN',
    shipProvince: '上海市',
    shipCity: '上海',
    deliveryOption: 'STANDARD',
    holdReasons: reasons,
    total: { __typename: 'Money', amount: 650000, currency: 'CNY' },
    lines: [{ __typename: 'OrderLine', id: `l${n}`, sku: 'EL-0001', name: '无线蓝牙降噪耳机', quantity: 25 }],
  }
}

function queue(nodes: ReturnType<typeof held>[]) {
  return {
    data: {
      orders: {
        __typename: 'OrderConnection',
        totalCount: nodes.length,
        edges: nodes.map((node) => ({ __typename: 'OrderEdge', node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  }
}

const decision = (field: string, userErrors: unknown[] = [], status = 'CONFIRMED') => ({
  data: {
    [field]: {
      __typename: 'OrderPayload',
      order: userErrors.length ? null : { __typename: 'Order', id: 'ord_1', number: 'WB-20261122-000001', status },
      userErrors,
    },
  },
})

function setup() {
  const a = held(1, ['LARGE_ORDER', 'HIGH_QUANTITY'], '2026-11-21T08:00:00Z')
  const b = held(2, ['PAYMENT_RISK'], '2026-11-22T01:00:00Z')
  let pending = [a, b]
  const mutations: { name: string; vars: Record<string, unknown> }[] = []
  const rejectAnswers: unknown[] = []
  const client = mockClient((name, vars) => {
    if (name === 'Viewer') return viewerData('AGENT', AGENT_PERMISSIONS)
    if (name === 'ReviewQueue') {
      expect(vars).toMatchObject({ first: 20 })
      return queue(pending)
    }
    if (name === 'ApproveOrder') {
      mutations.push({ name, vars })
      pending = pending.filter((o) => o.id !== vars.orderId)
      return decision('approveOrder')
    }
    if (name === 'RejectOrder') {
      mutations.push({ name, vars })
      const answer = rejectAnswers.shift() ?? decision('rejectOrder', [], 'CANCELLED')
      if (!(answer as { data: { rejectOrder: { userErrors: unknown[] } } }).data.rejectOrder.userErrors.length)
        pending = pending.filter((o) => o.id !== vars.orderId)
      return answer
    }
    throw new Error(`unexpected ${name}`)
  })
  render(
    <Wrapper client={client} token="t0k">
      <StaffPage section="review" />
    </Wrapper>,
  )
  return { client, mutations, rejectAnswers }
}

describe('review queue', () => {
  it('lists held orders oldest first with their reasons translated', () => {
    const { client } = setup()
    const cards = screen.getAllByTestId('review-order')
    expect(cards.map((c) => c.getAttribute('data-number'))).toEqual(['WB-20261122-000001', 'WB-20261122-000002'])
    expect(within(cards[0]).getByTestId('hold-reasons').textContent).toContain('Large order')
    expect(within(cards[0]).getByTestId('hold-reasons').textContent).toContain('Unusual quantity')
    expect(within(cards[1]).getByTestId('hold-reasons').textContent).toContain('Payment flagged as risky')
    expect(screen.getByTestId('review-count').textContent).toBe('2 waiting')
    expect(screen.getByTestId('staff-tab-review').getAttribute('aria-current')).toBe('page')
    const query = client.executeQuery.mock.calls.find(([req]) => req.variables && 'first' in req.variables)![0]
    expect(query.query.loc?.source.body ?? '').toContain('direction: ASC')
  })

  it('approves with a note, and the order leaves the list', async () => {
    const { mutations } = setup()
    const first = screen.getAllByTestId('review-order')[0]
    fireEvent.change(within(first).getByLabelText('Note'), { target: { value: '老客户，已电话确认' } })
    fireEvent.click(within(first).getByTestId('review-approve'))
    await screen.findByTestId('review-decided')
    expect(mutations).toEqual([{ name: 'ApproveOrder', vars: { orderId: 'ord_1', note: '老客户，已电话确认' } }])
    expect(screen.getByTestId('review-decided').textContent).toBe('Order WB-20261122-000001 approved.')
    await waitFor(() => expect(screen.getAllByTestId('review-order').map((c) => c.getAttribute('data-number'))).toEqual(['WB-20261122-000002']))
    expect(screen.getByTestId('review-count').textContent).toBe('1 waiting')
  })

  it('rejects only with a note: the server’s NOTE_REQUIRED shows at the note', async () => {
    const { mutations, rejectAnswers } = setup()
    rejectAnswers.push(
      decision('rejectOrder', [{ __typename: 'UserError', field: ['note'], code: 'NOTE_REQUIRED', message: 'Say why.' }]),
    )
    const second = screen.getAllByTestId('review-order')[1]
    fireEvent.click(within(second).getByTestId('review-reject'))
    await within(second).findByTestId('review-note-ord_2-error')
    expect(within(second).getByTestId('review-note-ord_2-error').textContent).toBe(
      'Write a note: the customer is told why the order was rejected.',
    )
    await waitFor(() => expect(document.activeElement).toBe(within(second).getByLabelText('Note')))
    expect(screen.getAllByTestId('review-order')).toHaveLength(2)

    fireEvent.change(within(second).getByLabelText('Note'), { target: { value: 'Card reported stolen' } })
    fireEvent.click(within(second).getByTestId('review-reject'))
    await screen.findByText('Order WB-20261122-000002 rejected.')
    expect(mutations.map((m) => [m.name, m.vars])).toEqual([
      ['RejectOrder', { orderId: 'ord_2', note: '' }],
      ['RejectOrder', { orderId: 'ord_2', note: 'Card reported stolen' }],
    ])
    await waitFor(() => expect(screen.getAllByTestId('review-order')).toHaveLength(1))
  })

  it('says so when someone else decided first', async () => {
    const { rejectAnswers } = setup()
    rejectAnswers.push(
      decision('rejectOrder', [{ __typename: 'UserError', field: null, code: 'ILLEGAL_TRANSITION', message: 'An order that is CONFIRMED cannot become CANCELLED.' }]),
    )
    const first = screen.getAllByTestId('review-order')[0]
    fireEvent.change(within(first).getByLabelText('Note'), { target: { value: 'duplicate' } })
    fireEvent.click(within(first).getByTestId('review-reject'))
    const alert = await within(first).findByTestId('review-errors')
    expect(alert.textContent).toBe('Order WB-20261122-000001 was already decided by someone else.')
  })
})
