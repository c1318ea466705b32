import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  acceptNewPrice,
  addToCart,
  CART_STORAGE_KEY,
  cartCount,
  cartSubtotal,
  clearCart,
  markPriceChanged,
  parseCart,
  readCart,
  removeFromCart,
  setCartQuantity,
  useCart,
} from './cart'

const charger = { id: 'prd_2', sku: 'EL-0002', nameZh: '充电器', nameEn: 'Charger', price: { amount: 14900, currency: 'CNY' } }
const book = { id: 'prd_9', sku: 'BK-0001', nameZh: '三体', nameEn: 'Three-Body', price: { amount: 9300, currency: 'CNY' } }

function CartView() {
  const cart = useCart()
  return (
    <p data-testid="cart">
      {cart.lines.map((l) => `${l.sku}×${l.quantity}@${l.unitPrice}${l.newPrice != null ? `→${l.newPrice}` : ''}`).join(' ')}
    </p>
  )
}

describe('cart', () => {
  it('survives a reload: it is kept in localStorage', () => {
    addToCart(charger, 2)
    addToCart(book)
    addToCart(charger) // the same SKU adds to its line, never a second line
    const stored = window.localStorage.getItem(CART_STORAGE_KEY)
    expect(stored).not.toBeNull()
    // what a fresh page load reads
    const reloaded = parseCart(stored)
    expect(reloaded.lines.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual([
      ['EL-0002', 3, 14900],
      ['BK-0001', 1, 9300],
    ])
    expect(cartSubtotal(reloaded)).toBe(3 * 14900 + 9300)
    expect(cartCount(reloaded)).toBe(4)
  })

  it('edits quantities within 1..max, removes lines and empties', () => {
    addToCart(charger, 5)
    setCartQuantity('EL-0002', 0)
    expect(readCart().lines[0].quantity).toBe(1)
    setCartQuantity('EL-0002', 5000, 999)
    expect(readCart().lines[0].quantity).toBe(999)
    addToCart(book, 1)
    removeFromCart('EL-0002')
    expect(readCart().lines.map((l) => l.sku)).toEqual(['BK-0001'])
    clearCart()
    expect(readCart().lines).toEqual([])
    expect(window.localStorage.getItem(CART_STORAGE_KEY)).toBeNull()
  })

  it('keeps a new server price beside the one the shopper saw until it is accepted', () => {
    addToCart(charger, 1)
    markPriceChanged('EL-0002', 15900)
    expect(readCart().lines[0]).toMatchObject({ unitPrice: 14900, newPrice: 15900 })
    // still there after a reload
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY)).lines[0].newPrice).toBe(15900)
    acceptNewPrice('EL-0002')
    expect(readCart().lines[0]).toMatchObject({ unitPrice: 15900, newPrice: null })
    // the same price again is no change
    markPriceChanged('EL-0002', 15900)
    expect(readCart().lines[0].newPrice).toBeNull()
  })

  it('ignores what it cannot read', () => {
    expect(parseCart('not json').lines).toEqual([])
    expect(parseCart(JSON.stringify({ lines: [{ sku: 'X', quantity: -1, unitPrice: 1, currency: 'CNY' }, { nope: true }] })).lines).toEqual([])
    window.localStorage.setItem(CART_STORAGE_KEY, '{"lines":[{"sku":"A-1","quantity":2,"unitPrice":100,"currency":"CNY"}]}')
    expect(readCart().lines[0]).toMatchObject({ sku: 'A-1', quantity: 2, nameEn: '' })
  })

  it('re-renders on changes here and in another tab', () => {
    render(<CartView />)
    act(() => addToCart(charger, 1))
    expect(screen.getByTestId('cart').textContent).toBe('EL-0002×1@14900')
    act(() => {
      window.localStorage.setItem(CART_STORAGE_KEY, JSON.stringify({ lines: [{ sku: 'BK-0001', quantity: 4, unitPrice: 9300, currency: 'CNY' }] }))
      window.dispatchEvent(new StorageEvent('storage', { key: CART_STORAGE_KEY }))
    })
    expect(screen.getByTestId('cart').textContent).toBe('BK-0001×4@9300')
  })
})
