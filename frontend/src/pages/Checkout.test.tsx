import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { CombinedError } from 'urql'
import { describe, expect, it } from 'vitest'
import { CART_STORAGE_KEY, readCart } from '../lib/cart'
import { ATTEMPT_STORAGE_KEY } from '../lib/checkout'
import { mockClient, Wrapper } from '../test/mockClient'
import { CheckoutPage } from './Checkout'
import { CONFIRMATION_STORAGE_KEY } from './OrderConfirmation'

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
      scheduledWindows: ['09:00-12:00', '12:00-15:00'],
      scheduledMaxDays: 14,
      maxQuantity: 999,
      pointValue: 1,
    },
  },
}

const products = {
  data: {
    products: {
      __typename: 'ProductConnection',
      edges: [
        { __typename: 'ProductEdge', node: { __typename: 'Product', id: 'prd_2', sku: 'EL-0002', active: true, available: 50, price: { __typename: 'Money', amount: 14900, currency: 'CNY' } } },
        { __typename: 'ProductEdge', node: { __typename: 'Product', id: 'prd_9', sku: 'BK-0001', active: true, available: 2, price: { __typename: 'Money', amount: 9300, currency: 'CNY' } } },
      ],
    },
  },
}

function putCart(lines: { sku: string; quantity: number; unitPrice: number }[]) {
  window.localStorage.setItem(
    CART_STORAGE_KEY,
    JSON.stringify({ lines: lines.map((l) => ({ ...l, productId: '', nameZh: l.sku, nameEn: `Item ${l.sku}`, currency: 'CNY' })) }),
  )
}

const payload = (fields: Record<string, unknown>) => ({
  data: { placeOrder: { __typename: 'PlaceOrderPayload', replayed: false, order: null, userErrors: [], ...fields } },
})

const placed = payload({
  order: {
    __typename: 'Order',
    id: 'ord_1',
    number: 'WB-20261122-000001',
    status: 'CONFIRMED',
    holdReasons: null,
    paymentExpiresAt: null,
    total: { __typename: 'Money', amount: 29800, currency: 'CNY' },
  },
})

function setup(answers: unknown[]) {
  window.history.replaceState(null, '', '/checkout')
  const calls: Record<string, unknown>[] = []
  const client = mockClient((name, vars) => {
    if (name === 'OrderRules') return rules
    if (name === 'CartProducts') return products
    if (name === 'PlaceOrder') {
      calls.push(vars.input as Record<string, unknown>)
      return answers.shift()
    }
    throw new Error(`unexpected ${name}`)
  })
  render(
    <Wrapper client={client}>
      <CheckoutPage />
    </Wrapper>,
  )
  return calls
}

function fillForm() {
  const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
  type('Recipient name', '张三')
  type('Email', 'zhang@example.cn')
  type('Mobile phone', '12345')
  fireEvent.change(screen.getByLabelText('Province'), { target: { value: '上海市' } })
  type('City', '上海')
  type('District / county', '浦东新区')
  type('Postal code', '200120')
  type('Street address', '世纪大道 100 号')
  type('Card number', '4242 4242 4242 4242')
}

const keyOf = (input: Record<string, unknown>) => input.idempotencyKey as string

describe('<CheckoutPage>', () => {
  it('retries with the same key, shows userErrors at their field, and sends a new key after a fix', async () => {
    putCart([{ sku: 'EL-0002', quantity: 2, unitPrice: 14900 }])
    const calls = setup([
      { error: new CombinedError({ networkError: new Error('offline') }) },
      payload({
        userErrors: [{ __typename: 'UserError', field: ['input', 'contact', 'phone'], code: 'INVALID_PHONE', message: 'bad phone', details: null }],
      }),
      placed,
    ])
    fillForm()
    expect(screen.getByTestId('summary-shipping').textContent).toBe('Free')
    expect(screen.getByTestId('place-order').textContent).toBe('Place order · ¥298.00')

    fireEvent.click(screen.getByTestId('place-order'))
    await screen.findByText('Nothing was charged twice: placing the order again is safe.')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      channel: 'WEB',
      contact: { name: '张三', email: 'zhang@example.cn', phone: '12345' },
      shippingAddress: { country: 'CN', province: '上海市', city: '上海', district: '浦东新区', line1: '世纪大道 100 号', postalCode: '200120' },
      lines: [{ sku: 'EL-0002', quantity: 2, expectedUnitPrice: 14900 }],
      delivery: { option: 'STANDARD' },
      payment: { cardNumber: '4242424242424242' },
    })
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('zhang@example.cn')

    // the retry of the very same order: the same key
    fireEvent.click(screen.getByTestId('place-order'))
    await screen.findByTestId('co-phone-error')
    expect(calls).toHaveLength(2)
    expect(keyOf(calls[1])).toBe(keyOf(calls[0]))
    expect(screen.getByTestId('co-phone-error').textContent).toBe(
      'Please enter a Chinese mobile number or an international number starting with +.',
    )
    const phone = screen.getByLabelText('Mobile phone')
    expect(phone.getAttribute('aria-invalid')).toBe('true')
    expect(phone.getAttribute('aria-describedby')).toContain('co-phone-error')
    await waitFor(() => expect(document.activeElement).toBe(phone))
    expect(screen.getByTestId('checkout-errors').getAttribute('role')).toBe('alert')
    expect(screen.getByTestId('checkout-errors').textContent).toContain('Please check these before placing the order (1)')
    // nothing typed was lost
    expect((screen.getByLabelText('Street address') as HTMLInputElement).value).toBe('世纪大道 100 号')
    expect((screen.getByLabelText('Card number') as HTMLInputElement).value).toBe('4242 4242 4242 4242')

    // fixing the phone clears its error and makes it another order: a new key
    fireEvent.change(phone, { target: { value: '13800138000' } })
    expect(screen.queryByTestId('co-phone-error')).toBeNull()
    fireEvent.click(screen.getByTestId('place-order'))
    await waitFor(() => expect(window.location.pathname).toBe('/order/confirmed/WB-20261122-000001'))
    expect(calls).toHaveLength(3)
    expect(keyOf(calls[2])).not.toBe(keyOf(calls[0]))
    expect(readCart().lines).toEqual([])
    expect(window.sessionStorage.getItem(ATTEMPT_STORAGE_KEY)).toBeNull()
    expect(JSON.parse(window.sessionStorage.getItem(CONFIRMATION_STORAGE_KEY) ?? '{}')).toMatchObject({
      number: 'WB-20261122-000001',
      status: 'CONFIRMED',
      email: 'zhang@example.cn',
      guest: true,
    })
  })

  it('offers to accept a new price and to reduce a quantity to what is in stock', async () => {
    putCart([
      { sku: 'EL-0002', quantity: 1, unitPrice: 14900 },
      { sku: 'BK-0001', quantity: 5, unitPrice: 9300 },
    ])
    const calls = setup([
      payload({
        userErrors: [
          { __typename: 'UserError', field: ['input', 'lines', '0', 'expectedUnitPrice'], code: 'PRICE_CHANGED', message: 'x', details: { currentPrice: 15900, currency: 'CNY' } },
          { __typename: 'UserError', field: ['input', 'lines', '1', 'quantity'], code: 'INSUFFICIENT_STOCK', message: 'x', details: { available: 2 } },
          { __typename: 'UserError', field: ['input', 'couponCode'], code: 'COUPON_MIN_SPEND', message: 'x', details: { minSpend: 50000 } },
        ],
      }),
      placed,
    ])
    fillForm()
    fireEvent.change(screen.getByLabelText('Mobile phone'), { target: { value: '13800138000' } })
    fireEvent.change(screen.getByLabelText('Coupon code (optional)'), { target: { value: 'big50' } })
    fireEvent.click(screen.getByTestId('place-order'))

    const lines = await screen.findAllByTestId('summary-line')
    await within(lines[0]).findByTestId('line-price-error')
    expect(within(lines[0]).getByTestId('line-price-error').textContent).toBe('The price is now ¥159.00. Accept it to continue.')
    expect(within(lines[1]).getByTestId('line-quantity-error').textContent).toBe('Only 2 can be ordered right now.')
    expect(screen.getByTestId('co-coupon-error').textContent).toBe('This coupon needs an order of at least ¥500.00.')
    // the first problem in the form's order gets the focus: the coupon (the lines come after it)
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Coupon code (optional)')))

    fireEvent.click(within(lines[0]).getByTestId('update-price'))
    fireEvent.click(within(lines[1]).getByTestId('reduce-quantity'))
    expect(readCart().lines.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual([
      ['EL-0002', 1, 15900],
      ['BK-0001', 2, 9300],
    ])
    fireEvent.change(screen.getByLabelText('Coupon code (optional)'), { target: { value: '' } })
    fireEvent.click(screen.getByTestId('place-order'))
    await waitFor(() => expect(calls).toHaveLength(2))
    expect(calls[1].lines).toEqual([
      { sku: 'EL-0002', quantity: 1, expectedUnitPrice: 15900 },
      { sku: 'BK-0001', quantity: 2, expectedUnitPrice: 9300 },
    ])
    expect(keyOf(calls[1])).not.toBe(keyOf(calls[0]))
  })

  it('asks for a card before sending anything, and shows the empty cart', () => {
    putCart([{ sku: 'EL-0002', quantity: 1, unitPrice: 14900 }])
    const calls = setup([])
    fireEvent.click(screen.getByTestId('place-order'))
    expect(screen.getByTestId('co-card-error').textContent).toBe('Enter a card number.')
    expect(calls).toHaveLength(0)
  })
})
