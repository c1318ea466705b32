import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { CombinedError } from 'urql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { buildProductWhere, productOrder, Storefront } from './Storefront'

/** What the server says for a count (DENY products): the page shows stockStatus, never the count's reading. */
function statusFor(available: number) {
  return available <= 0 ? 'OUT_OF_STOCK' : available <= 5 ? 'LOW_STOCK' : 'IN_STOCK'
}

function product(i: number, extra: Partial<Record<string, unknown>> = {}) {
  const available = typeof extra.available === 'number' ? extra.available : 20
  return {
    __typename: 'Product',
    id: `prd_${i}`,
    sku: `SKU-${String(i).padStart(3, '0')}`,
    nameZh: `商品 ${i}`,
    nameEn: `Product ${i}`,
    category: 'Kitchen',
    available,
    stockStatus: statusFor(available),
    restockEta: null as string | null,
    backorderPolicy: 'DENY',
    weightGrams: 500,
    price: { __typename: 'Money', amount: 12900 + i, currency: 'CNY' },
    ...extra,
  }
}

function page(items: ReturnType<typeof product>[], hasNextPage: boolean, endCursor: string | null) {
  return {
    data: {
      products: {
        __typename: 'ProductConnection',
        edges: items.map((node) => ({ __typename: 'ProductEdge', cursor: `c_${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
      },
    },
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('buildProductWhere', () => {
  it('searches names and SKU, and filters by category', () => {
    expect(buildProductWhere('  ', null)).toBeUndefined()
    expect(buildProductWhere(' kettle ', 'Kitchen')).toEqual({
      or: [{ nameZhContainsFold: 'kettle' }, { nameEnContainsFold: 'kettle' }, { skuContainsFold: 'kettle' }],
      category: 'Kitchen',
    })
  })
})

describe('productOrder', () => {
  it('sorts names in the language shown', () => {
    expect(productOrder('sku', 'en')).toEqual({ field: 'SKU', direction: 'ASC' })
    expect(productOrder('priceDesc', 'en')).toEqual({ field: 'PRICE', direction: 'DESC' })
    expect(productOrder('name', 'zh-CN')).toEqual({ field: 'NAME_ZH', direction: 'ASC' })
    expect(productOrder('name', 'en')).toEqual({ field: 'NAME_EN', direction: 'ASC' })
  })
})

describe('<Storefront>', () => {
  it('lists products with price and availability, and loads more by cursor', () => {
    const client = mockClient((name, vars) => {
      if (name === 'ProductCategories') return { data: { productCategories: ['Kitchen', 'Outdoor'] } }
      if (name === 'StorefrontProducts') {
        if (!vars.after) return page([product(1), product(2, { available: 3 }), product(3, { available: 0 })], true, 'cur1')
        if (vars.after === 'cur1') return page([product(4)], false, 'cur2')
      }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <Storefront />
      </Wrapper>,
    )

    const cards = screen.getAllByTestId('product-card')
    expect(cards).toHaveLength(3)
    expect(within(cards[0]).getByRole('heading').textContent).toBe('Product 1')
    expect(within(cards[0]).getByTestId('product-price').textContent).toBe('¥129.01')
    expect(within(cards[0]).getByTestId('product-stock').textContent).toBe('In stock')
    expect(within(cards[1]).getByTestId('product-stock').textContent).toBe('Only 3 left')
    expect(within(cards[2]).getByTestId('product-stock').textContent).toBe('Out of stock')
    expect(screen.getByRole('button', { name: 'Outdoor' }).getAttribute('aria-pressed')).toBe('false')

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
    expect(screen.getAllByTestId('product-card')).toHaveLength(4)
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    const lastCall = client.executeQuery.mock.calls.at(-1)![0]
    expect(lastCall.variables).toMatchObject({ first: 24, after: 'cur1', orderBy: { field: 'SKU', direction: 'ASC' } })

    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'priceDesc' } })
    expect(client.executeQuery.mock.calls.at(-1)![0].variables).toMatchObject({
      after: null,
      orderBy: { field: 'PRICE', direction: 'DESC' },
    })
  })

  it('sends the search and category to the API', () => {
    vi.useFakeTimers()
    const client = mockClient((name, vars) => {
      if (name === 'ProductCategories') return { data: { productCategories: ['Kitchen', 'Outdoor'] } }
      const where = vars.where as { category?: string } | undefined
      if (where?.category === 'Outdoor') return page([product(9, { nameEn: 'Tent', category: 'Outdoor' })], false, null)
      if (where) return page([product(7, { nameEn: 'Kettle' })], false, null)
      return page([product(1), product(2)], false, null)
    })
    render(
      <Wrapper client={client}>
        <Storefront />
      </Wrapper>,
    )
    expect(screen.getAllByTestId('product-card')).toHaveLength(2)

    fireEvent.change(screen.getByLabelText('Search products'), { target: { value: 'kett' } })
    act(() => {
      vi.advanceTimersByTime(350)
    })
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Kettle'])
    const searchCall = client.executeQuery.mock.calls.at(-1)![0]
    expect((searchCall.variables as { where: { or: unknown[] } }).where.or).toContainEqual({ skuContainsFold: 'kett' })

    fireEvent.change(screen.getByLabelText('Search products'), { target: { value: '' } })
    act(() => {
      vi.advanceTimersByTime(350)
    })
    fireEvent.click(screen.getByRole('button', { name: 'Outdoor' }))
    expect(screen.getByRole('button', { name: 'Outdoor' }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Tent'])
  })

  it('shows the Chinese name in Chinese', () => {
    const client = mockClient((name) =>
      name === 'ProductCategories' ? { data: { productCategories: [] } } : page([product(1)], false, null),
    )
    render(
      <Wrapper client={client} locale="zh-CN">
        <Storefront />
      </Wrapper>,
    )
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('商品 1')
    expect(screen.getByTestId('product-stock').textContent).toBe('有货')
  })

  it('shows a skeleton while loading, and an error with a retry button', () => {
    let fail = true
    const client = mockClient((name) => {
      if (name === 'ProductCategories') return { data: { productCategories: [] } }
      return fail ? { error: new CombinedError({ networkError: new Error('offline') }) } : page([product(1)], false, null)
    })
    render(
      <Wrapper client={client}>
        <Storefront />
      </Wrapper>,
    )
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong')
    fail = false
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getAllByTestId('product-card')).toHaveLength(1)

    const pending = mockClient(() => undefined)
    const { container } = render(
      <Wrapper client={pending}>
        <Storefront />
      </Wrapper>,
    )
    expect(container.querySelector('[data-testid="product-skeleton"]')).not.toBeNull()
  })
})
