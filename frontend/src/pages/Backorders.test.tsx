// Stock told truthfully: the status from stockStatus, the restock date, substitutes when out,
// backorders in the product page / cart / checkout, the live feed, the backordered badge on order
// lines and the staff control for a product's backorder policy.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { getOperationName, type GraphQLRequest } from 'urql'
import { describe, expect, it } from 'vitest'
import { makeSubject } from 'wonka'
import { OrderDetails, type OrderDetail } from '../components/OrderDetails'
import { CART_STORAGE_KEY, readCart } from '../lib/cart'
import { mergeStockChange } from '../lib/stockLive'
import { mockClient, viewerData, WAREHOUSE_PERMISSIONS, Wrapper, type Responder } from '../test/mockClient'
import { CartPage } from './Cart'
import { CheckoutPage } from './Checkout'
import { CONFIRMATION_STORAGE_KEY } from './OrderConfirmation'
import { OrderConfirmationPage, saveConfirmation } from './OrderConfirmation'
import { AVAILABILITY_POLL_MS, ProductPage } from './Product'
import { BackorderLookupCard, BackorderPolicyControl } from './staff/BackorderPolicy'
import { Storefront } from './Storefront'

// noon UTC: the same calendar day in every time zone the tests may run in
const ETA = '2026-12-03T12:00:00Z'

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
      maxQuantity: 20,
      pointValue: 1,
    },
  },
}

function product(extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Product',
    id: 'prd_k',
    sku: 'HM-0007',
    nameZh: '手冲壶',
    nameEn: 'Pour-over Kettle',
    descriptionZh: '细嘴。',
    descriptionEn: 'Gooseneck spout.',
    category: 'home',
    active: true,
    available: 0,
    stockStatus: 'OUT_OF_STOCK',
    restockEta: null as string | null,
    backorderPolicy: 'DENY',
    weightGrams: 900,
    price: { __typename: 'Money', amount: 25900, currency: 'CNY' },
    ...extra,
  }
}

const productPage = (p: ReturnType<typeof product>) => ({
  data: { products: { __typename: 'ProductConnection', edges: [{ __typename: 'ProductEdge', node: p }] } },
})

const substitutes = {
  data: {
    products: {
      __typename: 'ProductConnection',
      edges: [
        {
          __typename: 'ProductEdge',
          node: {
            __typename: 'Product',
            id: 'prd_k',
            substitutes: [
              { __typename: 'Product', id: 'prd_s1', sku: 'HM-0008', nameZh: '电热水壶', nameEn: 'Electric Kettle', available: 40, stockStatus: 'IN_STOCK', price: { __typename: 'Money', amount: 24900, currency: 'CNY' } },
              { __typename: 'Product', id: 'prd_s2', sku: 'HM-0009', nameZh: '温控壶', nameEn: 'Temperature Kettle', available: 2, stockStatus: 'LOW_STOCK', price: { __typename: 'Money', amount: 27900, currency: 'CNY' } },
            ],
          },
        },
      ],
    },
  },
}

/** A mock client whose subscriptions can be pushed to. */
function liveClient(respond: Responder) {
  const client = mockClient(respond)
  const subjects = new Map<string, ReturnType<typeof makeSubject<unknown>>>()
  const subscribed: { name: string; variables: unknown }[] = []
  client.executeSubscription.mockImplementation(((request: GraphQLRequest) => {
    const name = getOperationName(request.query) ?? ''
    subscribed.push({ name, variables: request.variables })
    const subject = makeSubject<unknown>()
    subjects.set(name, subject)
    return subject.source
  }) as never)
  const push = (name: string, data: unknown) =>
    act(() => subjects.get(name)!.next({ operation: { kind: 'subscription' }, data, stale: false, hasNext: true }))
  return { client, subscribed, push }
}

describe('storefront cards', () => {
  const page = (nodes: ReturnType<typeof product>[]) => ({
    data: {
      products: {
        __typename: 'ProductConnection',
        edges: nodes.map((node) => ({ __typename: 'ProductEdge', cursor: `c_${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  })

  it('shows the server’s status, the restock date, and substitutes for a product that is out', () => {
    const client = mockClient((name, vars) => {
      if (name === 'ProductCategories') return { data: { productCategories: [] } }
      if (name === 'StorefrontProducts')
        return page([
          product({ id: 'prd_b', sku: 'HM-0001', nameEn: 'Teapot', stockStatus: 'BACKORDER', backorderPolicy: 'ALLOW', restockEta: ETA }),
          product({ restockEta: ETA }),
          // the count says 3, the server says in stock (it decides, not the page)
          product({ id: 'prd_i', sku: 'HM-0002', nameEn: 'Mug', available: 3, stockStatus: 'IN_STOCK' }),
        ])
      if (name === 'ProductSubstitutes') {
        expect(vars).toEqual({ id: 'prd_k', first: 3 })
        return substitutes
      }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <Storefront />
      </Wrapper>,
    )
    const [backorder, out, mug] = screen.getAllByTestId('product-card')
    expect(within(backorder).getByTestId('product-stock').textContent).toBe('On backorder')
    expect(within(backorder).getByTestId('restock-eta').textContent).toBe('Ships when restocked (expected Dec 3, 2026).')
    // a backorder can be put in the cart from the grid
    fireEvent.click(within(backorder).getByTestId('quick-add'))
    expect(readCart().lines).toMatchObject([{ sku: 'HM-0001', quantity: 1, backorder: true, restockEta: ETA }])

    expect(within(out).getByTestId('product-stock').textContent).toBe('Out of stock')
    expect(within(out).getByTestId('restock-eta').textContent).toBe('Expected back around Dec 3, 2026')
    expect(within(out).queryByTestId('quick-add')).toBeNull()
    expect(within(mug).getByTestId('product-stock').textContent).toBe('In stock')
    expect(within(mug).queryByTestId('show-substitutes')).toBeNull()

    // substitutes are read only when asked for
    expect(client.executeQuery.mock.calls.some((c) => getOperationName(c[0].query) === 'ProductSubstitutes')).toBe(false)
    const toggle = within(out).getByTestId('show-substitutes')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const subs = within(out).getAllByTestId('substitute')
    expect(subs.map((s) => s.getAttribute('data-sku'))).toEqual(['HM-0008', 'HM-0009'])
    expect(within(subs[0]).getByRole('link', { name: 'Electric Kettle' }).getAttribute('href')).toBe('/p/HM-0008')
    expect(subs[0].textContent).toContain('¥249.00')
    expect(subs[1].textContent).toContain('Only 2 left')
  })

  it('words the statuses in Chinese', () => {
    const client = mockClient((name) =>
      name === 'ProductCategories'
        ? { data: { productCategories: [] } }
        : page([product({ stockStatus: 'BACKORDER', backorderPolicy: 'ALLOW', restockEta: ETA }), product({ id: 'prd_o', sku: 'HM-0003', restockEta: ETA })]),
    )
    render(
      <Wrapper client={client} locale="zh-CN">
        <Storefront />
      </Wrapper>,
    )
    const [backorder, out] = screen.getAllByTestId('product-card')
    expect(within(backorder).getByTestId('product-stock').textContent).toBe('可预订')
    expect(within(backorder).getByTestId('restock-eta').textContent).toMatch(/^补货后发货（预计 2026年12月3日 到货）。$/)
    expect(within(out).getByTestId('restock-eta').textContent).toBe('预计 2026年12月3日 到货')
  })
})

describe('product page', () => {
  it('lets a BACKORDER product be ordered beyond stock, with the ships-later notice and the restock date', () => {
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') return productPage(product({ stockStatus: 'BACKORDER', backorderPolicy: 'ALLOW', restockEta: ETA }))
      return undefined
    })
    render(
      <Wrapper client={client}>
        <ProductPage sku="HM-0007" />
      </Wrapper>,
    )
    expect(screen.getByTestId('product-availability').textContent).toBe('Out of stock · can still be ordered')
    expect(screen.getByTestId('restock-eta').textContent).toBe('Expected back around Dec 3, 2026')
    expect(screen.getByTestId('ships-later').textContent).toBe('Ships when restocked (expected Dec 3, 2026).')
    // only the max-per-line rule limits it
    const qty = screen.getByLabelText('Quantity')
    expect(qty.getAttribute('max')).toBe('20')
    expect(qty.getAttribute('aria-describedby')).toBe(screen.getByTestId('ships-later').id)
    // delivery can be booked: it ships when restocked
    expect(screen.queryByText('No delivery option can be booked while the item is out of stock.')).toBeNull()
    expect(screen.queryByTestId('product-substitutes')).toBeNull()

    fireEvent.change(qty, { target: { value: '4' } })
    fireEvent.click(screen.getByTestId('add-to-cart'))
    expect(screen.getByTestId('added-to-cart').textContent).toContain('4 added to your cart.')
    expect(readCart().lines).toMatchObject([{ sku: 'HM-0007', quantity: 4, backorder: true, restockEta: ETA }])
  })

  it('says how many ship now and how many later for a quantity above what is available', () => {
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') return productPage(product({ available: 3, stockStatus: 'LOW_STOCK', backorderPolicy: 'ALLOW', restockEta: ETA }))
      return undefined
    })
    render(
      <Wrapper client={client}>
        <ProductPage sku="HM-0007" />
      </Wrapper>,
    )
    expect(screen.getByTestId('product-availability').textContent).toBe('Only 3 left')
    // the date matters only once it is out
    expect(screen.queryByTestId('restock-eta')).toBeNull()
    expect(screen.queryByTestId('ships-later')).toBeNull()
    const qty = screen.getByLabelText('Quantity')
    fireEvent.change(qty, { target: { value: '5' } })
    expect(screen.getByTestId('ships-later').textContent).toBe('3 ship now, 2 when restocked (expected Dec 3, 2026).')
    fireEvent.click(screen.getByTestId('add-to-cart'))
    expect(readCart().lines[0].quantity).toBe(5)
    // what is in the cart takes the stock first: one more now waits entirely
    expect(screen.getByTestId('ships-later').textContent).toBe('Ships when restocked (expected Dec 3, 2026).')
  })

  it('keeps a DENY product within what is available', () => {
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') return productPage(product({ available: 3, stockStatus: 'LOW_STOCK' }))
      return undefined
    })
    render(
      <Wrapper client={client}>
        <ProductPage sku="HM-0007" />
      </Wrapper>,
    )
    expect(screen.getByLabelText('Quantity').getAttribute('max')).toBe('3')
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '9' } })
    expect(screen.queryByTestId('ships-later')).toBeNull()
  })

  it('offers in-stock substitutes when the product is out of stock', () => {
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') return productPage(product({ restockEta: ETA }))
      if (name === 'ProductSubstitutes') return substitutes
      return undefined
    })
    render(
      <Wrapper client={client} locale="zh-CN">
        <ProductPage sku="HM-0007" />
      </Wrapper>,
    )
    expect(screen.getByTestId('product-availability').textContent).toBe('缺货')
    expect(screen.getByTestId('restock-eta').textContent).toBe('预计 2026年12月3日 到货')
    expect(screen.queryByTestId('add-to-cart')).toBeNull()
    const section = screen.getByTestId('product-substitutes')
    expect(within(section).getByRole('heading').textContent).toBe('您可能也喜欢')
    const links = within(section).getAllByRole('link')
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['电热水壶', '/p/HM-0008'],
      ['温控壶', '/p/HM-0009'],
    ])
    expect(within(section).getAllByTestId('substitute')[1].textContent).toContain('仅剩 2 件')
  })

  it('says so when no substitute is in stock, and offers a retry when they fail to load', () => {
    let fail = true
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') return productPage(product())
      if (name === 'ProductSubstitutes')
        return fail
          ? { error: new Error('offline') }
          : { data: { products: { __typename: 'ProductConnection', edges: [{ __typename: 'ProductEdge', node: { __typename: 'Product', id: 'prd_k', substitutes: [] } }] } } }
      return undefined
    })
    render(
      <Wrapper client={client}>
        <ProductPage sku="HM-0007" />
      </Wrapper>,
    )
    const section = screen.getByTestId('product-substitutes')
    fail = false
    fireEvent.click(within(section).getByRole('button', { name: 'Try again' }))
    expect(within(section).getByTestId('substitutes-none').textContent).toBe('No similar items are in stock right now.')
  })

  it('updates live through stockChanged, and polls only while the feed is not live', () => {
    let page = product({ available: 12, stockStatus: 'IN_STOCK', backorderPolicy: 'ALLOW', restockEta: ETA })
    const { client, subscribed, push } = liveClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'ProductPage') return productPage(page)
      if (name === 'ProductSubstitutes') return substitutes
      return undefined
    })
    render(
      <Wrapper client={client}>
        <ProductPage sku="HM-0007" />
      </Wrapper>,
    )
    expect(subscribed).toEqual([{ name: 'ProductStockLive', variables: { productIds: ['prd_k'] } }])
    expect(screen.getByTestId('product-availability').textContent).toBe('In stock · 12 available')
    expect(screen.getByTestId('availability-freshness').getAttribute('data-live')).toBeNull()

    // (a status change reads the page again: the server then has the same)
    page = product({ available: 2, stockStatus: 'LOW_STOCK', backorderPolicy: 'ALLOW', restockEta: ETA })
    push('ProductStockLive', { stockChanged: { __typename: 'StockChange', productId: 'prd_k', sku: 'HM-0007', available: 2, stockStatus: 'LOW_STOCK', at: '2026-11-22T01:00:00Z' } })
    expect(screen.getByTestId('product-availability').textContent).toBe('Only 2 left')
    expect(screen.getByTestId('availability-freshness').getAttribute('data-live')).toBe('true')
    expect(screen.getByTestId('availability-freshness').textContent).toBe('Live: availability updates as stock changes.')

    // sold out: the status changed, so the page is read again (for the restock date)
    const reads = () => client.executeQuery.mock.calls.filter((c) => getOperationName(c[0].query) === 'ProductPage').length
    const before = reads()
    page = product({ available: 0, stockStatus: 'BACKORDER', backorderPolicy: 'ALLOW', restockEta: ETA })
    push('ProductStockLive', { stockChanged: { __typename: 'StockChange', productId: 'prd_k', sku: 'HM-0007', available: 0, stockStatus: 'BACKORDER', at: '2026-11-22T01:05:00Z' } })
    expect(reads()).toBe(before + 1)
    expect(screen.getByTestId('product-availability').textContent).toBe('Out of stock · can still be ordered')
    expect(screen.getByTestId('restock-eta').textContent).toBe('Expected back around Dec 3, 2026')
    expect(screen.getByTestId('ships-later')).toBeTruthy()

    // a change within the same status is shown as it comes, without reading the page again
    const after = reads()
    push('ProductStockLive', { stockChanged: { __typename: 'StockChange', productId: 'prd_k', sku: 'HM-0007', available: 0, stockStatus: 'BACKORDER', at: '2026-11-22T01:06:00Z' } })
    push('ProductStockLive', { stockChanged: { __typename: 'StockChange', productId: 'prd_k', sku: 'HM-0007', available: 1, stockStatus: 'LOW_STOCK', at: '2026-11-22T01:07:00Z' } })
    expect(screen.getByTestId('product-availability').textContent).toBe('Only 1 left')
    expect(reads()).toBe(after + 1)
  })

  it('falls back to polling every few seconds while there is no live feed', async () => {
    const { vi } = await import('vitest')
    vi.useFakeTimers()
    try {
      const client = mockClient((name) => {
        if (name === 'OrderRules') return rules
        if (name === 'ProductPage') return productPage(product({ available: 12, stockStatus: 'IN_STOCK' }))
        return undefined
      })
      render(
        <Wrapper client={client}>
          <ProductPage sku="HM-0007" />
        </Wrapper>,
      )
      const before = client.executeQuery.mock.calls.length
      act(() => {
        vi.advanceTimersByTime(AVAILABILITY_POLL_MS + 10)
      })
      expect(client.executeQuery.mock.calls.length).toBeGreaterThan(before)
    } finally {
      vi.useRealTimers()
    }
  })

  it('never lets an older pushed change replace a newer one', () => {
    const a = { __typename: 'StockChange' as const, productId: 'p', sku: 'S', available: 2, stockStatus: 'LOW_STOCK' as const, at: '2026-11-22T01:05:00Z' }
    const b = { ...a, available: 9, stockStatus: 'IN_STOCK' as const, at: '2026-11-22T01:00:00Z' }
    const merged = mergeStockChange(mergeStockChange(undefined, a), b)
    expect(merged.p.available).toBe(2)
    expect(mergeStockChange(merged, { ...a, available: 1, at: '2026-11-22T01:06:00Z' }).p.available).toBe(1)
  })
})

describe('cart', () => {
  const live = (nodes: Record<string, unknown>[]) => ({
    data: {
      products: {
        __typename: 'ProductConnection',
        edges: nodes.map((node) => ({ __typename: 'ProductEdge', node: { __typename: 'Product', active: true, restockEta: null, price: { __typename: 'Money', amount: 25900, currency: 'CNY' }, ...node } })),
      },
    },
  })

  it('keeps a backorder quantity beyond stock and says what ships later; a DENY line must be reduced', () => {
    window.localStorage.setItem(
      CART_STORAGE_KEY,
      JSON.stringify({
        lines: [
          { sku: 'HM-0007', productId: 'prd_k', nameZh: '手冲壶', nameEn: 'Pour-over Kettle', unitPrice: 25900, currency: 'CNY', quantity: 6, backorder: true },
          { sku: 'HM-0002', productId: 'prd_m', nameZh: '杯子', nameEn: 'Mug', unitPrice: 25900, currency: 'CNY', quantity: 6 },
        ],
      }),
    )
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'CartProducts')
        return live([
          { id: 'prd_k', sku: 'HM-0007', available: 2, stockStatus: 'LOW_STOCK', backorderPolicy: 'ALLOW', restockEta: ETA },
          { id: 'prd_m', sku: 'HM-0002', available: 4, stockStatus: 'LOW_STOCK', backorderPolicy: 'DENY' },
        ])
      return undefined
    })
    render(
      <Wrapper client={client}>
        <CartPage />
      </Wrapper>,
    )
    const [kettle, mug] = screen.getAllByTestId('cart-line')
    expect(within(kettle).getByTestId('ships-later').textContent).toBe('2 ship now, 4 when restocked (expected Dec 3, 2026).')
    expect(within(kettle).queryByRole('button', { name: /Reduce to/ })).toBeNull()
    expect(within(kettle).getByRole('spinbutton').getAttribute('aria-invalid')).toBeNull()
    // the quantity is limited only by the max-per-line rule
    fireEvent.change(within(kettle).getByRole('spinbutton'), { target: { value: '15' } })
    expect(readCart().lines[0].quantity).toBe(15)
    expect(within(kettle).getByTestId('ships-later').textContent).toBe('2 ship now, 13 when restocked (expected Dec 3, 2026).')
    // the catalogue's answer is remembered on the line
    expect(readCart().lines[0]).toMatchObject({ backorder: true, restockEta: ETA })

    expect(within(mug).queryByTestId('ships-later')).toBeNull()
    expect(within(mug).getByRole('button', { name: 'Reduce to 4' })).toBeTruthy()
  })
})

describe('checkout', () => {
  it('says per line what ships later, and keeps what placeOrder backordered for the confirmation', async () => {
    window.history.replaceState(null, '', '/checkout')
    window.localStorage.setItem(
      CART_STORAGE_KEY,
      JSON.stringify({ lines: [{ sku: 'HM-0007', productId: 'prd_k', nameZh: '手冲壶', nameEn: 'Pour-over Kettle', unitPrice: 25900, currency: 'CNY', quantity: 5, backorder: true }] }),
    )
    const client = mockClient((name) => {
      if (name === 'OrderRules') return rules
      if (name === 'CartProducts')
        return {
          data: {
            products: {
              __typename: 'ProductConnection',
              edges: [{ __typename: 'ProductEdge', node: { __typename: 'Product', id: 'prd_k', sku: 'HM-0007', active: true, available: 1, stockStatus: 'LOW_STOCK', restockEta: null, backorderPolicy: 'ALLOW', price: { __typename: 'Money', amount: 25900, currency: 'CNY' } } }],
            },
          },
        }
      if (name === 'PlaceOrder')
        return {
          data: {
            placeOrder: {
              __typename: 'PlaceOrderPayload',
              replayed: false,
              userErrors: [],
              order: {
                __typename: 'Order',
                id: 'ord_9',
                number: 'WB-20261122-12345678',
                status: 'CONFIRMED',
                holdReasons: null,
                paymentExpiresAt: null,
                total: { __typename: 'Money', amount: 129500, currency: 'CNY' },
                lines: [{ __typename: 'OrderLine', id: 'ol_1', sku: 'HM-0007', backorderedQuantity: 4 }],
              },
            },
          },
        }
      return undefined
    })
    render(
      <Wrapper client={client}>
        <CheckoutPage />
      </Wrapper>,
    )
    const line = screen.getByTestId('summary-line')
    const note = within(line).getByTestId('ships-later')
    expect(note.textContent).toBe('1 ship now, 4 when restocked.')
    expect(within(line).getByRole('spinbutton').getAttribute('aria-describedby')).toBe(note.id)

    const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
    type('Recipient name', '张三')
    type('Email', 'zhang@example.cn')
    type('Mobile phone', '13800138000')
    fireEvent.change(screen.getByLabelText('Province'), { target: { value: '上海市' } })
    type('City', '上海')
    type('District / county', '浦东新区')
    type('Postal code', '200120')
    type('Street address', '世纪大道 100 号')
    type('Card number', '4242 4242 4242 4242')
    fireEvent.click(screen.getByTestId('place-order'))
    await waitFor(() => expect(window.location.pathname).toBe('/order/confirmed/WB-20261122-12345678'))
    const saved = JSON.parse(window.sessionStorage.getItem(CONFIRMATION_STORAGE_KEY) ?? '{}')
    expect(saved.lines).toEqual([{ sku: 'HM-0007', nameZh: '手冲壶', nameEn: 'Pour-over Kettle', quantity: 5, unitPrice: 25900, backordered: 4 }])
  })
})

describe('backordered order lines', () => {
  const order = (backordered: number): OrderDetail => ({
    id: 'ord_9',
    number: 'WB-20261122-12345678',
    status: 'CONFIRMED',
    channel: 'WEB',
    createdAt: '2026-11-22T01:00:00Z',
    currency: 'CNY',
    subtotalAmount: 103600,
    discountAmount: 0,
    shippingAmount: 0,
    pointsDiscountAmount: 0,
    total: { amount: 103600, currency: 'CNY' },
    lines: [
      { id: 'ol_1', sku: 'HM-0007', name: 'Pour-over Kettle', quantity: 4, unitPriceAmount: 25900, lineTotalAmount: 103600, backorderedQuantity: backordered },
    ],
    events: [],
    shipments: [],
  })

  it('shows "N backordered — ships when restocked" on a line that waits for stock', () => {
    const { rerender } = render(
      <Wrapper client={mockClient(() => undefined)}>
        <OrderDetails order={order(3)} />
      </Wrapper>,
    )
    expect(within(screen.getByTestId('order-lines')).getByTestId('backordered-badge').textContent).toBe('3 backordered — ships when restocked')
    // filled: nothing to say
    rerender(
      <Wrapper client={mockClient(() => undefined)}>
        <OrderDetails order={order(0)} />
      </Wrapper>,
    )
    expect(screen.queryByTestId('backordered-badge')).toBeNull()
  })

  it('shows the badge in Chinese on a guest’s confirmation', () => {
    saveConfirmation({
      id: 'ord_9',
      number: 'WB-20261122-12345678',
      status: 'CONFIRMED',
      holdReasons: [],
      total: { amount: 103600, currency: 'CNY' },
      paymentExpiresAt: null,
      email: 'guest@example.cn',
      guest: true,
      lines: [
        { sku: 'HM-0007', nameZh: '手冲壶', nameEn: 'Pour-over Kettle', quantity: 4, unitPrice: 25900, backordered: 2 },
        { sku: 'HM-0002', nameZh: '杯子', nameEn: 'Mug', quantity: 1, unitPrice: 2900, backordered: 0 },
      ],
    })
    render(
      <Wrapper client={mockClient(() => undefined)} locale="zh-CN">
        <OrderConfirmationPage number="WB-20261122-12345678" />
      </Wrapper>,
    )
    const badges = within(screen.getByTestId('confirmation-lines')).getAllByTestId('backordered-badge')
    expect(badges.map((b) => b.textContent)).toEqual(['2 件待补货 — 补货后发货'])
  })
})

describe('backorder policy (staff)', () => {
  const found = (policy: string) => ({
    data: {
      stockBySku: {
        __typename: 'StockBySku',
        available: 0,
        product: {
          __typename: 'Product',
          id: 'prd_k',
          sku: 'HM-0007',
          nameZh: '手冲壶',
          nameEn: 'Pour-over Kettle',
          active: true,
          available: 0,
          stockStatus: policy === 'ALLOW' ? 'BACKORDER' : 'OUT_OF_STOCK',
          restockEta: ETA,
          backorderPolicy: policy,
        },
      },
    },
  })

  it('finds a SKU, sets Allow backorders and confirms it; userErrors and request errors are shown', async () => {
    const calls: Record<string, unknown>[] = []
    let answer: unknown = {
      data: {
        setBackorderPolicy: {
          __typename: 'ProductPayload',
          product: { __typename: 'Product', id: 'prd_k', sku: 'HM-0007', backorderPolicy: 'ALLOW', stockStatus: 'BACKORDER', available: 0 },
          userErrors: [],
        },
      },
    }
    const client = mockClient((name, vars) => {
      if (name === 'Viewer') return viewerData('WAREHOUSE', WAREHOUSE_PERMISSIONS)
      if (name === 'BackorderLookup') return vars.sku === 'HM-0007' ? found('DENY') : { data: { stockBySku: null } }
      if (name === 'SetBackorderPolicy') {
        calls.push(vars)
        return answer
      }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} token="tok">
        <BackorderLookupCard />
      </Wrapper>,
    )
    // nothing typed
    fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    expect(screen.getByText('Enter a SKU.')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('SKU'), { target: { value: 'XX-9999' } })
    fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    expect(screen.getByTestId('backorder-lookup-none').textContent).toBe('No product has the SKU XX-9999.')

    fireEvent.change(screen.getByLabelText('SKU'), { target: { value: ' HM-0007 ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    const result = screen.getByTestId('backorder-lookup-result')
    expect(result.textContent).toContain('Pour-over Kettle')
    expect(result.textContent).toContain('0 available over all warehouses')
    expect(within(result).getByTestId('restock-eta').textContent).toBe('Expected back around Dec 3, 2026')

    const deny = screen.getByRole('radio', { name: /Do not sell beyond stock/ })
    const allow = screen.getByRole('radio', { name: /Allow backorders/ })
    expect((deny as HTMLInputElement).checked).toBe(true)
    expect(within(deny.closest('label')!).getByTestId('backorder-policy-current')).toBeTruthy()

    // saving what is already set asks nothing of the server
    fireEvent.click(screen.getByTestId('backorder-policy-save'))
    expect(screen.getByTestId('backorder-policy-done').textContent).toBe('This is the current policy.')
    expect(calls).toEqual([])

    fireEvent.click(allow)
    fireEvent.click(screen.getByTestId('backorder-policy-save'))
    await waitFor(() => expect(screen.getByTestId('backorder-policy-done').textContent).toBe('Backorders are now allowed for HM-0007.'))
    expect(calls).toEqual([{ productId: 'prd_k', policy: 'ALLOW' }])
    expect(within(allow.closest('label')!).getByTestId('backorder-policy-current')).toBeTruthy()

    // back to DENY, refused by the server
    answer = { data: { setBackorderPolicy: { __typename: 'ProductPayload', product: null, userErrors: [{ __typename: 'UserError', field: ['productId'], code: 'NOT_FOUND', message: 'No such product.' }] } } }
    fireEvent.click(deny)
    fireEvent.click(screen.getByTestId('backorder-policy-save'))
    await waitFor(() => expect(screen.getByTestId('backorder-policy-errors')).toBeTruthy())
    expect(screen.queryByTestId('backorder-policy-done')).toBeNull()
    expect(within(allow.closest('label')!).getByTestId('backorder-policy-current')).toBeTruthy()
  })

  it('shows the policy without the control to staff who may not manage stock', () => {
    const client = mockClient((name) => (name === 'Viewer' ? viewerData('PICKER', ['FULFIL', 'RECORD_SCANS']) : undefined))
    render(
      <Wrapper client={client} token="tok" locale="zh-CN">
        <BackorderPolicyControl product={{ id: 'prd_k', sku: 'HM-0007', backorderPolicy: 'ALLOW' }} />
      </Wrapper>,
    )
    expect(screen.getByTestId('backorder-policy-readonly').textContent).toBe('当前：允许缺货预订。仅库存管理人员可以更改。')
    expect(screen.queryByRole('radio')).toBeNull()
  })
})
