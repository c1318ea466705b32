import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { StaffPage } from './Staff'

const me = { __typename: 'Account', id: 'acc_1', email: 'admin@waybill.test', role: 'ADMIN', displayName: 'Admin' }
const orders = {
  __typename: 'OrderConnection',
  edges: [
    {
      __typename: 'OrderEdge',
      node: {
        __typename: 'Order',
        id: 'ord_1',
        number: 'WB-2026-0001',
        status: 'ON_HOLD',
        channel: 'MARKETPLACE',
        contactName: '张伟',
        total: { __typename: 'Money', amount: 25900, currency: 'CNY' },
        createdAt: '2026-11-21T10:00:00Z',
      },
    },
  ],
}
const warehouses = {
  __typename: 'WarehouseConnection',
  edges: [{ __typename: 'WarehouseEdge', node: { __typename: 'Warehouse', id: 'wh_1', code: 'SH1', name: '上海青浦仓', city: '上海', dailyCapacity: 5000 } }],
}

describe('<StaffPage>', () => {
  it('shows the orders and warehouses tables to staff', () => {
    const client = mockClient((name) => {
      if (name === 'Me') return { data: { me } }
      if (name === 'RecentOrders') return { data: { orders } }
      if (name === 'Warehouses') return { data: { warehouses } }
      throw new Error(name)
    })
    render(
      <Wrapper client={client}>
        <StaffPage />
      </Wrapper>,
    )
    const row = within(screen.getByTestId('orders-table')).getAllByRole('row')[1]
    expect(row.textContent).toContain('WB-2026-0001')
    expect(row.textContent).toContain('On hold')
    expect(row.textContent).toContain('Marketplace')
    expect(row.textContent).toContain('¥259.00')
    expect(within(screen.getByTestId('warehouses-table')).getAllByRole('row')[1].textContent).toContain('5,000 / day')
    const ordersCall = client.executeQuery.mock.calls.find(([req]) => req.variables && 'first' in req.variables && req.variables.first === 20)
    expect(ordersCall).toBeTruthy()
  })

  it('asks an anonymous visitor to sign in', () => {
    const client = mockClient(() => ({ data: { me: null } }))
    render(
      <Wrapper client={client} locale="zh-CN">
        <StaffPage />
      </Wrapper>,
    )
    const link = screen.getByRole('link', { name: '前往登录' })
    expect(link.getAttribute('href')).toBe('/login')
  })
})
