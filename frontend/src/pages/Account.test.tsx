import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { draftKey } from '../lib/draft'
import { mockClient, viewerData, Wrapper } from '../test/mockClient'
import { isSupportOperation } from './support/testing'
import { AccountOrderPage, AccountPage } from './Account'
import { GuestOrderPage } from './GuestOrder'

const orderNode = (n: number, status = 'SHIPPED') => ({
  __typename: 'Order',
  id: `ord_${n}`,
  number: `WB-20261120-00014${n}`,
  status,
  createdAt: '2026-11-20T12:29:43Z',
  total: { __typename: 'Money', amount: 49200, currency: 'CNY' },
})

const detail = {
  __typename: 'Order',
  id: 'ord_1',
  number: 'WB-20261120-000146',
  status: 'SHIPPED',
  channel: 'MOBILE_APP',
  createdAt: '2026-11-20T12:29:43Z',
  currency: 'CNY',
  contactEmail: 'guest@example.cn',
  subtotalAmount: 49200,
  discountAmount: 0,
  shippingAmount: 0,
  pointsDiscountAmount: 0,
  total: { __typename: 'Money', amount: 49200, currency: 'CNY' },
  lines: [
    { __typename: 'OrderLine', id: 'l1', sku: 'EL-0001', name: '无线蓝牙降噪耳机', quantity: 1, unitPriceAmount: 39900, lineTotalAmount: 39900 },
    { __typename: 'OrderLine', id: 'l2', sku: 'BK-0001', name: '三体（全三册）', quantity: 1, unitPriceAmount: 9300, lineTotalAmount: 9300 },
  ],
  events: [
    { __typename: 'OrderEvent', id: 'e1', fromStatus: '', toStatus: 'PENDING_PAYMENT', note: 'Order placed', occurredAt: '2026-11-20T12:29:43Z' },
    { __typename: 'OrderEvent', id: 'e2', fromStatus: 'PACKED', toStatus: 'SHIPPED', note: 'Handed to carrier', occurredAt: '2026-11-20T19:03:43Z' },
  ],
  shipments: [{ __typename: 'Shipment', id: 's1', trackingNumber: 'WB123456785CN', status: 'IN_TRANSIT' }],
}

describe('<AccountPage>', () => {
  it('shows the profile and the customer’s orders, each linking to its page', () => {
    const client = mockClient((name) => {
      if (name === 'Viewer') return viewerData('CUSTOMER', [], { email: 'customer@waybill.test', displayName: '王芳' })
      if (name === 'MyOrders')
        return {
          data: {
            orders: {
              __typename: 'OrderConnection',
              totalCount: 2,
              edges: [orderNode(6), orderNode(5, 'DELIVERED')].map((node) => ({ __typename: 'OrderEdge', node })),
              pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
            },
          },
        }
      if (isSupportOperation(name)) return undefined
      throw new Error(name)
    })
    render(
      <Wrapper client={client} token="t" locale="zh-CN">
        <AccountPage />
      </Wrapper>,
    )
    expect(screen.getByTestId('profile-email').textContent).toBe('customer@waybill.test')
    expect(screen.getByTestId('profile').textContent).toContain('顾客')
    const rows = screen.getAllByTestId('my-order')
    expect(rows).toHaveLength(2)
    expect(rows[0].getAttribute('href')).toBe('/account/orders/WB-20261120-000146')
    expect(rows[0].textContent).toContain('已发货')
    expect(rows[0].textContent).toContain('¥492.00')
    expect(rows[1].textContent).toContain('已送达')
    expect(screen.getByTestId('my-orders-count').textContent).toBe('共 2 个订单')
    expect(screen.getByRole('heading', { name: '修改密码' })).toBeTruthy()
  })

  it('invites a visitor to sign in or find a guest order', () => {
    render(
      <Wrapper client={mockClient(() => undefined)}>
        <AccountPage />
      </Wrapper>,
    )
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login?next=%2Faccount')
    expect(screen.getByRole('link', { name: 'Create account' }).getAttribute('href')).toBe('/register')
    expect(screen.getByTestId('guest-lookup-link').getAttribute('href')).toBe('/orders/find')
  })

  it('changes the password and explains a wrong current one', async () => {
    let answer: unknown = {
      data: {
        changePassword: {
          __typename: 'ChangePasswordPayload',
          ok: false,
          userErrors: [{ __typename: 'UserError', field: ['currentPassword'], code: 'INVALID_CREDENTIALS', message: 'The current password is wrong.' }],
        },
      },
    }
    const client = mockClient((name) => {
      if (name === 'Viewer') return viewerData('CUSTOMER', [])
      if (name === 'MyOrders') return undefined
      if (name === 'ChangePassword') return answer
      if (isSupportOperation(name)) return undefined
      throw new Error(name)
    })
    render(
      <Wrapper client={client} token="t">
        <AccountPage />
      </Wrapper>,
    )
    fireEvent.change(screen.getByLabelText('Current password'), { target: { value: 'nope' } })
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'new-pass-123' } })
    fireEvent.change(screen.getByLabelText('Repeat new password'), { target: { value: 'new-pass-124' } })
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }))
    expect(screen.getByTestId('password-repeat-error').textContent).toBe('The two new passwords do not match.')
    expect(client.executeMutation).not.toHaveBeenCalled()

    fireEvent.change(screen.getByLabelText('Repeat new password'), { target: { value: 'new-pass-123' } })
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }))
    await waitFor(() => expect(screen.getByTestId('password-current-error').textContent).toBe('The current password is not right.'))

    answer = { data: { changePassword: { __typename: 'ChangePasswordPayload', ok: true, userErrors: [] } } }
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }))
    await screen.findByTestId('password-changed')
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('')
  })
})

describe('<AccountOrderPage>', () => {
  it('shows lines, the status history and tracking links', () => {
    const client = mockClient((name, vars) => {
      if (name === 'Viewer') return viewerData('CUSTOMER', [])
      if (name === 'MyOrder') {
        expect(vars).toEqual({ number: 'WB-20261120-000146' })
        return { data: { orders: { __typename: 'OrderConnection', edges: [{ __typename: 'OrderEdge', node: detail }] } } }
      }
      if (isSupportOperation(name)) return undefined
      throw new Error(name)
    })
    render(
      <Wrapper client={client} token="t">
        <AccountOrderPage number="WB-20261120-000146" />
      </Wrapper>,
    )
    const lines = within(screen.getByTestId('order-lines')).getAllByRole('row')
    expect(lines).toHaveLength(3)
    expect(lines[1].textContent).toContain('无线蓝牙降噪耳机')
    expect(lines[1].textContent).toContain('¥399.00')
    const events = within(screen.getByTestId('order-timeline')).getAllByRole('listitem')
    expect(events.map((e) => e.querySelector('strong')?.textContent)).toEqual(['Shipped', 'Awaiting payment'])
    expect(screen.getByRole('link', { name: 'Track' }).getAttribute('href')).toBe('/track/WB123456785CN')
  })

  it('says so when the order is not in the account', () => {
    const client = mockClient((name) =>
      name === 'Viewer' ? viewerData('CUSTOMER', []) : { data: { orders: { __typename: 'OrderConnection', edges: [] } } },
    )
    render(
      <Wrapper client={client} token="t">
        <AccountOrderPage number="WB-OTHER" />
      </Wrapper>,
    )
    expect(screen.getByTestId('order-not-found').textContent).toContain('WB-OTHER')
  })
})

describe('<GuestOrderPage>', () => {
  it('restores a typed draft and looks the order up by number and email', async () => {
    window.history.replaceState(null, '', '/orders/find')
    window.sessionStorage.setItem(draftKey('/orders/find', 'guest-order'), JSON.stringify({ number: 'wb-20261120-000146 ', email: 'guest@example.cn' }))
    const client = mockClient((name, vars) => {
      if (name !== 'GuestOrder') throw new Error(name)
      return { data: { guestOrder: vars.email === 'guest@example.cn' ? detail : null } }
    })
    render(
      <Wrapper client={client}>
        <GuestOrderPage />
      </Wrapper>,
    )
    expect((screen.getByLabelText('Order number') as HTMLInputElement).value).toBe('wb-20261120-000146 ')
    fireEvent.click(screen.getByRole('button', { name: 'Find order' }))
    await screen.findByTestId('order-details')
    expect(client.executeQuery.mock.calls[0][0].variables).toEqual({ number: 'WB-20261120-000146', email: 'guest@example.cn' })
    expect(screen.getByTestId('order-number').textContent).toBe('WB-20261120-000146')

    fireEvent.change(screen.getByLabelText('Email used for the order'), { target: { value: 'someone@else.cn' } })
    fireEvent.click(screen.getByRole('button', { name: 'Find order' }))
    await screen.findByTestId('guest-not-found')
  })

  it('asks for both fields before asking the server', () => {
    const client = mockClient(() => undefined)
    render(
      <Wrapper client={client}>
        <GuestOrderPage />
      </Wrapper>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Find order' }))
    expect(screen.getByTestId('guest-number-error').textContent).toBe('Please enter the order number.')
    expect(screen.getByTestId('guest-email-error').textContent).toBe('Please enter the email address.')
    expect(client.executeQuery).not.toHaveBeenCalled()
  })
})
