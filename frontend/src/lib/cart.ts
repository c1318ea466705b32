// The shopping cart: kept in localStorage so it survives a reload (and is shared by the tabs of
// this browser). Each line remembers the unit price the shopper saw; checkout sends it as
// `expectedUnitPrice`, and a newer price the server reports (PRICE_CHANGED) is kept beside it
// until the shopper accepts it. A line also remembers whether its product may be backordered
// (policy ALLOW): such a line is limited only by the max-per-line rule, not by what is in stock,
// and the part beyond stock ships when it arrives.
import { useSyncExternalStore } from 'react'

export const CART_STORAGE_KEY = 'waybill.cart'
const CHANGE_EVENT = 'waybill:cart'

export interface CartLine {
  sku: string
  productId: string
  nameZh: string
  nameEn: string
  /** minor units: the price the shopper saw and agreed to */
  unitPrice: number
  currency: string
  quantity: number
  /** a different current price reported by the server, not yet accepted */
  newPrice?: number | null
  /** the product may be ordered beyond stock (backorder policy ALLOW) */
  backorder?: boolean
  /** when more stock is expected (for the "ships when restocked" note) */
  restockEta?: string | null
}

export interface Cart {
  lines: CartLine[]
}

const EMPTY: Cart = { lines: [] }

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function isLine(v: unknown): v is CartLine {
  if (!v || typeof v !== 'object') return false
  const l = v as Record<string, unknown>
  return (
    typeof l.sku === 'string' &&
    l.sku !== '' &&
    typeof l.unitPrice === 'number' &&
    Number.isInteger(l.unitPrice) &&
    typeof l.quantity === 'number' &&
    Number.isInteger(l.quantity) &&
    l.quantity > 0 &&
    typeof l.currency === 'string'
  )
}

/** Parses what is stored, dropping anything malformed (an old format, a hand edit). */
export function parseCart(raw: string | null): Cart {
  if (!raw) return EMPTY
  try {
    const parsed = JSON.parse(raw) as { lines?: unknown }
    if (!parsed || !Array.isArray(parsed.lines)) return EMPTY
    const lines = parsed.lines.filter(isLine).map((l) => ({
      sku: l.sku,
      productId: typeof l.productId === 'string' ? l.productId : '',
      nameZh: typeof l.nameZh === 'string' ? l.nameZh : '',
      nameEn: typeof l.nameEn === 'string' ? l.nameEn : '',
      unitPrice: l.unitPrice,
      currency: l.currency,
      quantity: l.quantity,
      newPrice: typeof l.newPrice === 'number' ? l.newPrice : null,
      backorder: l.backorder === true,
      restockEta: typeof l.restockEta === 'string' ? l.restockEta : null,
    }))
    return { lines }
  } catch {
    return EMPTY
  }
}

let cachedRaw: string | null | undefined
let cachedCart: Cart = EMPTY

/** The stored cart; the same object while nothing changed (for useSyncExternalStore). */
export function readCart(): Cart {
  const raw = storage()?.getItem(CART_STORAGE_KEY) ?? null
  if (raw !== cachedRaw) {
    cachedRaw = raw
    cachedCart = parseCart(raw)
  }
  return cachedCart
}

function writeCart(cart: Cart): void {
  const s = storage()
  try {
    if (cart.lines.length === 0) s?.removeItem(CART_STORAGE_KEY)
    else s?.setItem(CART_STORAGE_KEY, JSON.stringify({ lines: cart.lines }))
  } catch {
    // storage full or unavailable: the cart then lives in this page only
    cachedRaw = undefined
    cachedCart = cart
  }
  window.dispatchEvent(new Event(CHANGE_EVENT))
}

function update(change: (lines: CartLine[]) => CartLine[]): void {
  writeCart({ lines: change(readCart().lines.slice()) })
}

export const MAX_QUANTITY_DEFAULT = 999

function clamp(quantity: number, max: number): number {
  if (!Number.isFinite(quantity)) return 1
  return Math.min(Math.max(1, Math.trunc(quantity)), Math.max(1, max))
}

export interface CartProduct {
  sku: string
  id: string
  nameZh: string
  nameEn: string
  price: { amount: number; currency: string }
  /** DENY or ALLOW; left out, what the line knew is kept */
  backorderPolicy?: string | null
  restockEta?: string | null
}

function stockSnapshot(product: CartProduct, line?: CartLine): Pick<CartLine, 'backorder' | 'restockEta'> {
  if (product.backorderPolicy == null) return { backorder: line?.backorder ?? false, restockEta: line?.restockEta ?? null }
  return { backorder: product.backorderPolicy === 'ALLOW', restockEta: product.restockEta ?? null }
}

/** Adds a product (or more of it: one line per SKU, so the server never sees DUPLICATE_LINE). */
export function addToCart(product: CartProduct, quantity = 1, max = MAX_QUANTITY_DEFAULT): void {
  update((lines) => {
    const i = lines.findIndex((l) => l.sku === product.sku)
    if (i >= 0) {
      const l = lines[i]
      lines[i] = {
        ...l,
        quantity: clamp(l.quantity + quantity, max),
        // adding again at today's price is agreeing to it
        unitPrice: product.price.amount,
        currency: product.price.currency,
        newPrice: null,
        nameZh: product.nameZh,
        nameEn: product.nameEn,
        productId: product.id,
        ...stockSnapshot(product, l),
      }
      return lines
    }
    return [
      ...lines,
      {
        sku: product.sku,
        productId: product.id,
        nameZh: product.nameZh,
        nameEn: product.nameEn,
        unitPrice: product.price.amount,
        currency: product.price.currency,
        quantity: clamp(quantity, max),
        newPrice: null,
        ...stockSnapshot(product),
      },
    ]
  })
}

export function setCartQuantity(sku: string, quantity: number, max = MAX_QUANTITY_DEFAULT): void {
  update((lines) => lines.map((l) => (l.sku === sku ? { ...l, quantity: clamp(quantity, max) } : l)))
}

export function removeFromCart(sku: string): void {
  update((lines) => lines.filter((l) => l.sku !== sku))
}

export function clearCart(): void {
  writeCart(EMPTY)
}

/** The server says the price is now `price` (PRICE_CHANGED, or a fresher catalogue read). */
export function markPriceChanged(sku: string, price: number): void {
  update((lines) => lines.map((l) => (l.sku === sku ? { ...l, newPrice: price === l.unitPrice ? null : price } : l)))
}

/** What the catalogue says now about a line's product: may it be backordered, when is it expected. */
export function syncCartStock(sku: string, backorder: boolean, restockEta: string | null): void {
  const line = readCart().lines.find((l) => l.sku === sku)
  if (!line || (line.backorder === backorder && (line.restockEta ?? null) === restockEta)) return
  update((lines) => lines.map((l) => (l.sku === sku ? { ...l, backorder, restockEta } : l)))
}

/** The shopper accepts the new price of a line. */
export function acceptNewPrice(sku: string): void {
  update((lines) =>
    lines.map((l) => (l.sku === sku && l.newPrice != null ? { ...l, unitPrice: l.newPrice, newPrice: null } : l)),
  )
}

export function cartSubtotal(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0)
}

export function cartCount(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + l.quantity, 0)
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === CART_STORAGE_KEY || e.key === null) onChange()
  }
  window.addEventListener(CHANGE_EVENT, onChange)
  window.addEventListener('storage', onStorage)
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange)
    window.removeEventListener('storage', onStorage)
  }
}

/** The cart, re-rendering on every change (here or in another tab). */
export function useCart(): Cart {
  return useSyncExternalStore(subscribe, readCart, () => EMPTY)
}
