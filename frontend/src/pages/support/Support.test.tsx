import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeSubject } from 'wonka'
import { mockClient, viewerData, Wrapper } from '../../test/mockClient'
import { Conversation, visibleMessages } from './Conversation'
import { SurveyForm } from './SurveyForm'
import { returnStepIndex } from './supportData'
import { CustomerTicketPage } from './TicketPage'

const messages = [
  { __typename: 'TicketMessage', id: 'm1', authorKind: 'CUSTOMER', authorName: '王芳', body: '包裹还没到', internal: false, createdAt: '2026-11-22T01:00:00Z' },
  { __typename: 'TicketMessage', id: 'm2', authorKind: 'AGENT', authorName: '刘洋', body: 'SECRET courier note', internal: true, createdAt: '2026-11-22T01:05:00Z' },
  { __typename: 'TicketMessage', id: 'm3', authorKind: 'AGENT', authorName: '刘洋', body: '我们正在催促快递', internal: false, createdAt: '2026-11-22T01:06:00Z' },
]

function customerTicket(extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Ticket',
    id: 'tkt_1',
    number: 'TK-000009',
    subject: '未收到包裹 Parcel not received',
    category: 'NOT_RECEIVED',
    status: 'OPEN',
    createdAt: '2026-11-22T01:00:00Z',
    updatedAt: '2026-11-22T01:06:00Z',
    resolvedAt: null,
    closedAt: null,
    order: { __typename: 'Order', id: 'ord_1', number: 'WB-20261120-000146' },
    shipment: { __typename: 'Shipment', id: 'shp_1', trackingNumber: 'WB123456785CN' },
    conversation: messages,
    allowedTransitions: [],
    surveyOpen: false,
    survey: null,
    ...extra,
  }
}

describe('conversation', () => {
  it('never shows internal notes to the customer', () => {
    expect(visibleMessages(messages, 'customer').map((m) => m.id)).toEqual(['m1', 'm3'])
    expect(visibleMessages(messages, 'agent').map((m) => m.id)).toEqual(['m1', 'm2', 'm3'])
    render(
      <Wrapper client={mockClient(() => undefined)}>
        <Conversation messages={messages} audience="customer" />
      </Wrapper>,
    )
    const shown = screen.getAllByTestId('message')
    expect(shown).toHaveLength(2)
    expect(screen.queryByText('SECRET courier note')).toBeNull()
    expect(screen.queryByTestId('internal-label')).toBeNull()
    // the customer's own message is on their side; the agent's is labelled as customer service
    expect(shown[0].className).toContain('sup-msg-mine')
    expect(within(shown[1]).getByText('刘洋 · Customer service')).toBeTruthy()
  })

  it('marks internal notes for agents', () => {
    render(
      <Wrapper client={mockClient(() => undefined)} locale="zh-CN">
        <Conversation messages={messages} audience="agent" />
      </Wrapper>,
    )
    const note = screen.getAllByTestId('message')[1]
    expect(note.getAttribute('data-internal')).toBe('true')
    expect(note.className).toContain('sup-msg-note')
    expect(within(note).getByTestId('internal-label').textContent).toBe('内部备注')
  })
})

describe('<CustomerTicketPage>', () => {
  it('shows the conversation without internal notes and updates live', async () => {
    let push: ((v: unknown) => void) | null = null as ((v: unknown) => void) | null
    const client = mockClient((name, vars) => {
      if (name === 'Viewer') return viewerData('CUSTOMER', [])
      if (name === 'CustomerTicket') {
        expect(vars).toEqual({ number: 'TK-000009' })
        return { data: { tickets: { __typename: 'TicketConnection', edges: [{ __typename: 'TicketEdge', node: customerTicket() }] } } }
      }
      throw new Error(`unexpected ${name}`)
    })
    // the subscription: a live message brings the resolved ticket with a new reply and the survey open
    const live = customerTicket({
      status: 'RESOLVED',
      surveyOpen: true,
      allowedTransitions: ['CLOSED', 'REOPENED'],
      conversation: [
        ...messages,
        { __typename: 'TicketMessage', id: 'm4', authorKind: 'AGENT', authorName: '刘洋', body: '包裹明天送达 It arrives tomorrow.', internal: false, createdAt: '2026-11-22T01:10:00Z' },
      ],
    })
    const subject = makeSubject<unknown>()
    client.executeSubscription.mockImplementation(((request: { variables?: Record<string, unknown> }) => {
      expect(request.variables).toEqual({ ticketId: 'tkt_1' })
      push = (data) => subject.next({ operation: request, data, stale: false, hasNext: true })
      return subject.source
    }) as never)

    render(
      <Wrapper client={client} token="t">
        <CustomerTicketPage number="TK-000009" />
      </Wrapper>,
    )
    expect(screen.getByTestId('customer-ticket').getAttribute('data-status')).toBe('OPEN')
    expect(screen.getAllByTestId('message')).toHaveLength(2)
    expect(screen.queryByText('SECRET courier note')).toBeNull()
    expect(screen.queryByTestId('ticket-survey')).toBeNull()

    expect(push).not.toBeNull()
    push!({ ticketUpdated: live })
    await screen.findByText('包裹明天送达 It arrives tomorrow.')
    expect(screen.getByTestId('customer-ticket').getAttribute('data-status')).toBe('RESOLVED')
    expect(screen.getAllByTestId('message')).toHaveLength(3)
    expect(screen.queryByText('SECRET courier note')).toBeNull()
    expect(screen.getByTestId('ticket-survey')).toBeTruthy()
    expect(screen.getByTestId('ticket-reopen')).toBeTruthy()
  })
})

describe('<SurveyForm>', () => {
  function setup(answers: unknown[]) {
    const calls: Record<string, unknown>[] = []
    const client = mockClient((name, vars) => {
      if (name !== 'SurveyAnswer') throw new Error(`unexpected ${name}`)
      calls.push(vars)
      return answers.shift()
    })
    render(
      <Wrapper client={client}>
        <SurveyForm kind="TICKET" subjectId="tkt_1" question="How satisfied are you?" testId="s" />
      </Wrapper>,
    )
    return calls
  }
  const ok = { data: { answerSurvey: { __typename: 'SurveyPayload', response: { __typename: 'SurveyResponse', id: 'sr_1', kind: 'TICKET', subjectID: 'tkt_1', score: 4, comment: 'fast' }, userErrors: [] } } }

  it('needs a score, sends one answer and then only thanks', async () => {
    const calls = setup([ok])
    fireEvent.click(screen.getByTestId('s-submit'))
    expect(screen.getByRole('alert').textContent).toBe('Choose 1 to 5 stars.')
    expect(calls).toEqual([])
    fireEvent.click(screen.getByTestId('s-score-4'))
    fireEvent.change(screen.getByLabelText(/Anything to add/), { target: { value: ' fast ' } })
    fireEvent.click(screen.getByTestId('s-submit'))
    await screen.findByTestId('s-done')
    expect(screen.getByTestId('s-done').textContent).toContain('You rated this 4 of 5.')
    // the form is gone: there is no way to answer twice
    expect(screen.queryByTestId('s-submit')).toBeNull()
    expect(screen.queryByTestId('s-score-1')).toBeNull()
    expect(calls).toEqual([{ input: { kind: 'TICKET', subjectId: 'tkt_1', score: 4, comment: 'fast' } }])
  })

  it('says so when the survey was already answered (another tab, another device)', async () => {
    const calls = setup([
      { data: { answerSurvey: { __typename: 'SurveyPayload', response: null, userErrors: [{ __typename: 'UserError', field: null, message: 'Already answered.', code: 'ALREADY_ANSWERED' }] } } },
    ])
    fireEvent.click(screen.getByTestId('s-score-5'))
    fireEvent.click(screen.getByTestId('s-submit'))
    await waitFor(() => expect(screen.getByTestId('s-done').textContent).toContain('You have already answered this survey.'))
    expect(screen.queryByTestId('s-submit')).toBeNull()
    expect(calls).toHaveLength(1)
  })

  it('follows a return step by step', () => {
    expect(returnStepIndex('REQUESTED')).toBe(0)
    expect(returnStepIndex('PICKUP_SCHEDULED')).toBe(2)
    expect(returnStepIndex('REFUNDED')).toBe(5)
    expect(returnStepIndex('EXCHANGED')).toBe(5)
  })
})
