// The pages around an order: product page (availability per delivery option, polling), the
// confirmation page, cancelling from My orders, and email verification.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readCart } from '../lib/cart'
import { mockClient, viewerData, Wrapper } from '../test/mockClient'
import { isSupportOperation } from './support/testing'
import { AccountOrderPage, AccountPage } from './Account'
import { OrderConfirmationPage, saveConfirmation } from './OrderConfirmation'
import { AVAILABILITY_POLL_MS, ProductPage } from './Product'
import { VerifyEmailPage } from './VerifyEmail'

afterEach(() => {
  vi.useRealTimers()
})

const rules = {
  data: {
    orderRules: {
      __typename: 'OrderRules',
      currency: 'CNY',
      freeShippingFrom: 9900,
      shippingFees: ['STANDARD', 'EXPRESS', 'NEXT_DAY', 'SCHEDULED'].map((option, i) => ({
        __typename: 'DeliveryFee',
        option,
        fee: { __typename: 'Money', amount: [1000, 2000, 3000, 1500][i], currency: 'CNY' },
      })),
      scheduledWindows: ['09:00-12:00'],
      scheduledMaxDays: 14,
      maxQuantity: 999,
      pointValue: 1,
    },
  },
}

const productData = (available: number, extra: Record<string, unknown> = {}) => ({
  data: {
    products: {
      __typename: 'ProductConnection',
      edges: [
        {
          __typename: 'ProductEdge',
          node: {
            __typename: 'Product',
            id: 'prd_2',
            sku: 'EL-0002',
            nameZh: '65W 氮化镓快充充电器',
            nameEn: '65W GaN Fast Charger',
            descriptionZh: '三口输出。',
            descriptionEn: 'Three ports.',
            category: 'electronics',
            active: true,
            available,
            stockStatus: available <= 0 ? 'OUT_OF_STOCK' : available <= 5 ? 'LOW_STOCK' : 'IN_STOCK',
            restockEta: null,
            backorderPolicy: 'DENY',
            weightGrams: 180,
            price: { __typename: 'Money', amount: 14900, currency: 'CNY' },
            ...extra,
          },
        },
      ],
    },
  },
})

describe('<ProductPage>', () => {
  it('shows price, live availability and each delivery option, and adds to the cart', () => {
    vi.useFakeTimers()
    let available = 12
    const client = mockClient((name, vars) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') {
        expect(vars).toEqual({ sku: 'EL-0002' })
        return productData(available)
      }
      if (isSupportOperation(name)) return undefined
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <ProductPage sku="EL-0002" />
      </Wrapper>,
    )
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('65W GaN Fast Charger')
    expect(screen.getByTestId('product-page-price').textContent).toBe('¥149.00')
    expect(screen.getByTestId('product-availability').textContent).toBe('In stock · 12 available')
    const options = within(screen.getByTestId('delivery-availability')).getAllByRole('listitem')
    expect(options.map((o) => o.getAttribute('data-option'))).toEqual(['STANDARD', 'EXPRESS', 'NEXT_DAY', 'SCHEDULED'])
    // ¥149 is above the free-shipping threshold
    expect(options[0].textContent).toContain('Free')
    expect(options[1].textContent).toContain('¥20.00')
    expect(options[2].textContent).toContain('to cities near our warehouses')

    // availability is read again while the page is open
    available = 3
    const before = client.executeQuery.mock.calls.length
    act(() => {
      vi.advanceTimersByTime(AVAILABILITY_POLL_MS + 10)
    })
    expect(client.executeQuery.mock.calls.length).toBeGreaterThan(before)
    expect(screen.getByTestId('product-availability').textContent).toBe('Only 3 left')

    fireEvent.click(screen.getByRole('button', { name: 'One more' }))
    fireEvent.click(screen.getByTestId('add-to-cart'))
    expect(screen.getByTestId('added-to-cart').textContent).toContain('2 added to your cart.')
    expect(readCart().lines).toMatchObject([{ sku: 'EL-0002', quantity: 2, unitPrice: 14900 }])
    // no more than what is left can be added
    expect(screen.getByLabelText('Quantity').getAttribute('max')).toBe('1')
  })

  it('says when nothing can be delivered because the item is out of stock', () => {
    const client = mockClient((name) => (name === 'OrderRules' ? rules : productData(0)))
    render(
      <Wrapper client={client} locale="zh-CN">
        <ProductPage sku="EL-0002" />
      </Wrapper>,
    )
    expect(screen.getByTestId('product-availability').textContent).toBe('缺货')
    expect(screen.queryByTestId('add-to-cart')).toBeNull()
    expect(screen.getByText('商品缺货期间无法预约配送。')).toBeTruthy()
  })
})

describe('<OrderConfirmationPage>', () => {
  const confirmation = (status: string) => ({
    id: 'ord_1',
    number: 'WB-20261122-000001',
    status,
    holdReasons: status === 'ON_HOLD' ? ['LARGE_ORDER'] : [],
    total: { amount: 650000, currency: 'CNY' },
    paymentExpiresAt: null,
    email: 'guest@example.cn',
    guest: true,
    lines: [{ sku: 'EL-0001', nameZh: '耳机', nameEn: 'Earbuds', quantity: 2, unitPrice: 325000 }],
  })

  it('tells a guest the order is being reviewed, with the number and a tracking link', () => {
    saveConfirmation(confirmation('ON_HOLD'))
    render(
      <Wrapper client={mockClient(() => undefined)}>
        <OrderConfirmationPage number="WB-20261122-000001" />
      </Wrapper>,
    )
    expect(screen.getByTestId('confirmation-title').textContent).toBe('Thank you — we’re reviewing your order')
    expect(screen.getByTestId('confirmation-number').textContent).toBe('WB-20261122-000001')
    expect(screen.getByTestId('confirmation-lines').textContent).toContain('2 × Earbuds')
    fireEvent.click(screen.getByTestId('track-order-link'))
    expect(window.location.pathname).toBe('/orders/find')
    expect(JSON.parse(window.sessionStorage.getItem('waybill.draft:/orders/find#guest-order') ?? '{}')).toEqual({
      number: 'WB-20261122-000001',
      email: 'guest@example.cn',
    })
  })

  it('explains a declined card to a guest and sends them back to checkout', () => {
    saveConfirmation(confirmation('PENDING_PAYMENT'))
    render(
      <Wrapper client={mockClient(() => undefined)} locale="zh-CN">
        <OrderConfirmationPage number="WB-20261122-000001" />
      </Wrapper>,
    )
    expect(screen.getByTestId('confirmation-title').textContent).toBe('支付未成功')
    expect(screen.getByTestId('guest-declined').textContent).toContain('换一张卡重新下单')
  })
})

const myOrder = (status: string) => ({
  __typename: 'Order',
  id: 'ord_7',
  number: 'WB-20261122-000007',
  status,
  channel: 'WEB',
  createdAt: '2026-11-22T01:00:00Z',
  currency: 'CNY',
  subtotalAmount: 14900,
  discountAmount: 0,
  shippingAmount: 0,
  pointsDiscountAmount: 0,
  paymentExpiresAt: '2026-11-22T01:30:00Z',
  total: { __typename: 'Money', amount: 14900, currency: 'CNY' },
  lines: [],
  payments: [{ __typename: 'Payment', id: 'p1', status: 'DECLINED', cardLast4: '0002', failureCode: 'DECLINED' }],
  events: [
    { __typename: 'OrderEvent', id: 'e1', fromStatus: '', toStatus: 'PENDING_PAYMENT', note: 'placed through WEB', occurredAt: '2026-11-22T01:00:00Z' },
    { __typename: 'OrderEvent', id: 'e2', fromStatus: 'PENDING_PAYMENT', toStatus: 'PENDING_PAYMENT', note: 'payment declined', occurredAt: '2026-11-22T01:00:01Z' },
  ],
  shipments: [],
})

describe('<AccountOrderPage> actions', () => {
  it('shows the timeline in words, pays again, and cancels with a reason', async () => {
    let order = myOrder('PENDING_PAYMENT')
    const mutations: [string, Record<string, unknown>][] = []
    const client = mockClient((name, vars) => {
      if (name === 'Viewer') return viewerData('CUSTOMER', [])
      if (name === 'MyOrder') return { data: { orders: { __typename: 'OrderConnection', edges: [{ __typename: 'OrderEdge', node: order }] } } }
      if (name === 'RetryPayment') {
        mutations.push([name, vars])
        return {
          data: {
            retryPayment: {
              __typename: 'OrderPayload',
              order: { ...order, holdReasons: null, payments: [...order.payments, { __typename: 'Payment', id: 'p2', status: 'DECLINED', cardLast4: '9995', failureCode: 'INSUFFICIENT_FUNDS' }] },
              userErrors: [],
            },
          },
        }
      }
      if (name === 'CancelOrder') {
        mutations.push([name, vars])
        order = { ...order, status: 'CANCELLED' }
        return { data: { cancelOrder: { __typename: 'OrderPayload', order: { __typename: 'Order', id: 'ord_7', status: 'CANCELLED' }, userErrors: [] } } }
      }
      if (isSupportOperation(name)) return undefined
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} token="t">
        <AccountOrderPage number="WB-20261122-000007" />
      </Wrapper>,
    )
    const timeline = screen.getByTestId('order-timeline')
    expect(timeline.textContent).toContain('Payment failed: Card declined')
    expect(timeline.textContent).toContain('Placed via Web shop')

    // a second card, declined too: said so, and the order still waits
    fireEvent.change(screen.getByLabelText('Card number'), { target: { value: '4000 0000 0000 9995' } })
    fireEvent.click(screen.getByRole('button', { name: 'Pay now' }))
    await screen.findByTestId('retry-declined')
    expect(screen.getByTestId('retry-declined').textContent).toContain('Insufficient funds')
    expect(mutations[0]).toEqual(['RetryPayment', { orderId: 'ord_7', payment: { cardNumber: '4000000000009995' } }])

    fireEvent.click(screen.getByTestId('cancel-order'))
    fireEvent.change(await screen.findByLabelText('Reason (optional)'), { target: { value: 'Ordered by mistake' } })
    fireEvent.click(screen.getByTestId('cancel-confirm'))
    await screen.findByTestId('order-cancelled')
    expect(mutations[1]).toEqual(['CancelOrder', { orderId: 'ord_7', reason: 'Ordered by mistake' }])
  })

  it('offers no cancel once the order is being picked', () => {
    const client = mockClient((name) =>
      name === 'Viewer'
        ? viewerData('CUSTOMER', [])
        : { data: { orders: { __typename: 'OrderConnection', edges: [{ __typename: 'OrderEdge', node: myOrder('PICKING') }] } } },
    )
    render(
      <Wrapper client={client} token="t">
        <AccountOrderPage number="WB-20261122-000007" />
      </Wrapper>,
    )
    expect(screen.getByTestId('order-details')).toBeTruthy()
    expect(screen.queryByTestId('cancel-order')).toBeNull()
  })
})

describe('email verification', () => {
  it('verifies the token from the link once', async () => {
    window.history.replaceState(null, '', '/verify-email?token=wbe_good')
    const client = mockClient((name, vars) => {
      if (name === 'VerifyEmail') {
        expect(vars).toEqual({ token: 'wbe_good' })
        return {
          data: {
            verifyEmail: {
              __typename: 'VerifyEmailPayload',
              account: { __typename: 'Account', id: 'acc_1', email: 'customer@waybill.test', emailVerifiedAt: '2026-11-22T01:00:00Z' },
              userErrors: [],
            },
          },
        }
      }
      if (isSupportOperation(name)) return undefined
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <VerifyEmailPage />
      </Wrapper>,
    )
    await screen.findByTestId('verify-ok')
    expect(screen.getByTestId('verify-ok').textContent).toContain('customer@waybill.test is verified')
    expect(client.executeMutation).toHaveBeenCalledTimes(1)
  })

  it('explains an invalid or used link', async () => {
    window.history.replaceState(null, '', '/verify-email?token=wbe_used')
    const client = mockClient(() => ({
      data: {
        verifyEmail: {
          __typename: 'VerifyEmailPayload',
          account: null,
          userErrors: [{ __typename: 'UserError', field: ['token'], code: 'INVALID_TOKEN', message: 'x' }],
        },
      },
    }))
    render(
      <Wrapper client={client} locale="zh-CN">
        <VerifyEmailPage />
      </Wrapper>,
    )
    await screen.findByTestId('verify-invalid')
    expect(screen.getByTestId('verify-invalid').textContent).toContain('链接无效或已过期')
  })

  it('reminds an unverified customer on /account and sends a new link', async () => {
    const client = mockClient((name) => {
      if (name === 'Viewer') return viewerData('CUSTOMER', [], { email: 'new@example.cn', emailVerifiedAt: null })
      if (name === 'MyOrders') return undefined
      if (name === 'RequestEmailVerification')
        return { data: { requestEmailVerification: { __typename: 'ChangePasswordPayload', ok: true, userErrors: [] } } }
      if (isSupportOperation(name)) return undefined
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} token="t">
        <AccountPage />
      </Wrapper>,
    )
    expect(screen.getByTestId('verify-banner').textContent).toContain('Verify new@example.cn')
    fireEvent.click(screen.getByTestId('verify-resend'))
    await waitFor(() => expect(screen.getByTestId('verify-sent').textContent).toContain('new@example.cn'))
  })
})
