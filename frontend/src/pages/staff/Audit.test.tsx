import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { mockClient, Wrapper } from '../../test/mockClient'
import { auditWhere, AuditSection, changedKeys, prettyJson } from './Audit'

const entry = (id: string, over: Record<string, unknown> = {}) => ({
  __typename: 'AuditEntry',
  id,
  actorID: 'acc_admin',
  actorEmail: 'admin@waybill.test',
  action: 'Account.update',
  objectType: 'Account',
  objectID: 'acc_agent',
  before: { role: 'AGENT', disabled: false, display_name: '刘洋' },
  after: { role: 'WAREHOUSE', disabled: false, display_name: '刘洋' },
  requestID: 'req-123',
  occurredAt: '2026-11-21T08:30:00Z',
  ...over,
})

function connection(nodes: unknown[], hasNextPage = false) {
  return {
    data: {
      auditEntries: {
        __typename: 'AuditEntryConnection',
        totalCount: nodes.length,
        edges: nodes.map((node) => ({ __typename: 'AuditEntryEdge', node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: hasNextPage ? 'c1' : null },
      },
    },
  }
}

describe('<AuditSection>', () => {
  it('renders entries and expands the before/after JSON', async () => {
    const client = mockClient(() =>
      connection([entry('aud_1'), entry('aud_2', { action: 'Account.create', before: null, after: { email: 'new@waybill.test', role: 'AGENT' } })]),
    )
    render(
      <Wrapper client={client}>
        <AuditSection />
      </Wrapper>,
    )
    const rows = screen.getAllByTestId('audit-row')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('admin@waybill.test')
    expect(rows[0].textContent).toContain('Updated')
    expect(rows[1].textContent).toContain('Created')
    expect(screen.getByTestId('audit-count').textContent).toBe('2 entries')
    expect(screen.queryByTestId('audit-detail')).toBeNull()

    const toggle = within(rows[0]).getByRole('button', { name: 'Show changes' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const detail = screen.getByTestId('audit-detail')
    const before = within(detail).getByTestId('audit-before').textContent ?? ''
    const after = within(detail).getByTestId('audit-after').textContent ?? ''
    expect(JSON.parse(before)).toEqual({ role: 'AGENT', disabled: false, display_name: '刘洋' })
    expect(JSON.parse(after)).toEqual({ role: 'WAREHOUSE', disabled: false, display_name: '刘洋' })
    // pretty-printed with sorted keys, so the two sides line up
    expect(before.split('\n')[1]).toBe('  "disabled": false,')
    expect(detail.textContent).toContain('Changed: role')
    expect(detail.textContent).toContain('req-123')

    // a creation has nothing before it
    fireEvent.click(within(rows[1]).getByRole('button', { name: 'Show changes' }))
    const details = screen.getAllByTestId('audit-detail')
    expect(details[1].textContent).toContain('(nothing)')
    expect(JSON.parse(within(details[1]).getByTestId('audit-after').textContent ?? '')).toEqual({ email: 'new@waybill.test', role: 'AGENT' })
  })

  it('sends the filters to the API', async () => {
    const client = mockClient(() => connection([]))
    render(
      <Wrapper client={client} locale="zh-CN">
        <AuditSection />
      </Wrapper>,
    )
    expect(screen.getByTestId('audit-empty').textContent).toBe('暂无记录。')
    fireEvent.change(screen.getByLabelText('操作人邮箱'), { target: { value: ' admin@ ' } })
    fireEvent.change(screen.getByLabelText('对象类型'), { target: { value: 'Account' } })
    fireEvent.change(screen.getByLabelText('开始日期'), { target: { value: '2026-11-01' } })
    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2026-11-21' } })
    fireEvent.click(screen.getByRole('button', { name: '筛选' }))
    await waitFor(() => expect(client.executeQuery.mock.calls.length).toBeGreaterThan(1))
    const where = client.executeQuery.mock.calls.at(-1)![0].variables?.where
    expect(where).toEqual(auditWhere({ actor: 'admin@', objectType: 'Account', from: '2026-11-01', to: '2026-11-21' }))
    expect(where.actorEmailContainsFold).toBe('admin@')
    expect(where.objectTypeEqualFold).toBe('Account')
    expect(screen.getByTestId('audit-empty').textContent).toBe('没有符合筛选条件的记录。')
  })

  it('refuses an inverted date range', () => {
    render(
      <Wrapper client={mockClient(() => connection([]))}>
        <AuditSection />
      </Wrapper>,
    )
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-21' } })
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-01' } })
    expect(screen.getByRole('alert').textContent).toContain('must not be after')
    expect((screen.getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true)
  })
})

describe('audit helpers', () => {
  it('turns local days into an inclusive UTC range', () => {
    const w = auditWhere({ actor: '', objectType: '', from: '2026-11-01', to: '2026-11-01' })!
    expect(Date.parse(w.occurredAtLTE!) - Date.parse(w.occurredAtGTE!)).toBe(24 * 3600 * 1000 - 1)
    expect(new Date(w.occurredAtGTE!).getHours()).toBe(0)
    expect(auditWhere({ actor: ' ', objectType: '', from: '', to: 'nonsense' })).toBeUndefined()
  })

  it('pretty-prints with sorted keys and finds what changed', () => {
    expect(prettyJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}')
    expect(changedKeys({ a: 1, b: 2 }, { a: 1, b: 3, c: 4 })).toEqual(['b', 'c'])
    expect(changedKeys(null, { a: 1 })).toEqual(['a'])
  })
})
