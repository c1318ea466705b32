import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  ADMIN_PERMISSIONS,
  AGENT_PERMISSIONS,
  mockClient,
  viewerData,
  WAREHOUSE_PERMISSIONS,
  Wrapper,
} from '../test/mockClient'
import { StaffPage, visibleSections, type StaffSectionId } from './Staff'

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
const emptyConnection = (typename: string) => ({
  __typename: typename,
  totalCount: 0,
  edges: [],
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
})

function renderAs(role: string, permissions: string[], section: StaffSectionId = 'orders', locale: 'en' | 'zh-CN' = 'en') {
  const client = mockClient((name) => {
    if (name === 'Viewer') return viewerData(role, permissions)
    if (name === 'RecentOrders') return { data: { orders } }
    if (name === 'Warehouses') return { data: { warehouses } }
    if (name === 'LowStock') return { data: { stockLevels: { __typename: 'StockLevelConnection', edges: [] } } }
    if (name === 'StaffAccounts') return { data: { accounts: emptyConnection('AccountConnection') } }
    if (name === 'AuditLog') return { data: { auditEntries: emptyConnection('AuditEntryConnection') } }
    throw new Error(`unexpected operation ${name}`)
  })
  render(
    <Wrapper client={client} token="t0k" locale={locale}>
      <StaffPage section={section} />
    </Wrapper>,
  )
  return client
}

const tabNames = () => within(screen.getByTestId('staff-tabs')).getAllByRole('link').map((a) => a.textContent)
const operations = (client: ReturnType<typeof mockClient>) =>
  client.executeQuery.mock.calls.map(([req]) => req.query.definitions.map((d) => ('name' in d ? d.name?.value : '')).join())

describe('<StaffPage>', () => {
  it('shows the orders table to staff', () => {
    const client = renderAs('ADMIN', ADMIN_PERMISSIONS)
    const row = within(screen.getByTestId('orders-table')).getAllByRole('row')[1]
    expect(row.textContent).toContain('WB-2026-0001')
    expect(row.textContent).toContain('On hold')
    expect(row.textContent).toContain('Marketplace')
    expect(row.textContent).toContain('¥259.00')
    const ordersCall = client.executeQuery.mock.calls.find(([req]) => req.variables && 'first' in req.variables && req.variables.first === 20)
    expect(ordersCall).toBeTruthy()
  })

  it('shows an administrator every section', () => {
    renderAs('ADMIN', ADMIN_PERMISSIONS)
    expect(tabNames()).toEqual([
      'Orders',
      'Review queue',
      'Support',
      'Shipments',
      'Stock',
      'Warehouse',
      'Carriers',
      'Staff accounts',
      'Audit log',
      'Service dashboard',
    ])
    expect(screen.getByTestId('staff-tab-orders').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('staff-tab-audit').getAttribute('href')).toBe('/staff/audit')
  })

  it('hides the sections an agent may not use', () => {
    renderAs('AGENT', AGENT_PERMISSIONS)
    expect(tabNames()).toEqual(['Orders', 'Review queue', 'Support', 'Shipments', 'Service dashboard'])
    expect(screen.queryByText('Staff accounts')).toBeNull()
    expect(screen.queryByText('Audit log')).toBeNull()
  })

  it('gives warehouse staff the stock section but not accounts or audit', () => {
    renderAs('WAREHOUSE', WAREHOUSE_PERMISSIONS, 'stock')
    expect(tabNames()).toEqual(['Orders', 'Shipments', 'Stock', 'Warehouse'])
    expect(within(screen.getByTestId('warehouses-table')).getAllByRole('row')[1].textContent).toContain('5,000 / day')
  })

  it('refuses a section by URL without asking the API for it', () => {
    const client = renderAs('AGENT', AGENT_PERMISSIONS, 'audit')
    expect(screen.getByTestId('section-forbidden').textContent).toContain('No access to this section')
    expect(screen.queryByTestId('audit-table')).toBeNull()
    expect(operations(client)).not.toContain('AuditLog')
  })

  it('tells a customer the console is for staff only', () => {
    const client = renderAs('CUSTOMER', [], 'orders', 'zh-CN')
    expect(screen.getByTestId('staff-only').textContent).toContain('仅限员工')
    expect(screen.getByRole('link', { name: '前往我的账户' }).getAttribute('href')).toBe('/account')
    expect(screen.queryByTestId('staff-tabs')).toBeNull()
    expect(operations(client)).toEqual(['Viewer'])
  })

  it('asks an anonymous visitor to sign in and come back', () => {
    const client = mockClient(() => {
      throw new Error('no request expected without a session')
    })
    render(
      <Wrapper client={client} locale="zh-CN">
        <StaffPage section="accounts" />
      </Wrapper>,
    )
    const link = screen.getByRole('link', { name: '前往登录' })
    expect(link.getAttribute('href')).toBe('/login?next=%2Fstaff%2Faccounts')
  })

  it('maps permissions to sections', () => {
    expect(visibleSections([]).map((s) => s.id)).toEqual(['orders', 'shipments'])
    expect(visibleSections(['VIEW_AUDIT']).map((s) => s.id)).toEqual(['orders', 'shipments', 'audit'])
    expect(visibleSections(ADMIN_PERMISSIONS).map((s) => s.id)).toEqual([
      'orders',
      'review',
      'support',
      'shipments',
      'stock',
      'warehouse',
      'carriers',
      'accounts',
      'audit',
      'support-dashboard',
    ])
    // Carrier API tokens are for admins (MANAGE_CARRIERS); warehouse staff do not see them.
    expect(visibleSections(['FULFIL', 'MANAGE_STOCK', 'RECORD_SCANS']).map((s) => s.id)).not.toContain('carriers')
    expect(visibleSections(['REVIEW_ORDERS']).map((s) => s.id)).toEqual(['orders', 'review', 'shipments'])
  })
})
