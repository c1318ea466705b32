// Checkout without surprises: building placeOrder's input from the cart and the form, one
// idempotency key per attempt (kept across retries of the same cart and form, so a double click,
// a retry after a network error or a reload never makes a second order; renewed when anything
// changes), and the server's userErrors placed next to the input they are about. The server does
// all the validation; this file only words and places what it says.
import type { PlaceOrderInput } from '../gql/graphql'
import { interpolate, type I18n } from '../i18n/i18n'
import type { Cart } from './cart'
import type { UserErrorLike } from './errors'
import { formatMoney } from './format'

export type DeliveryOption = 'STANDARD' | 'EXPRESS' | 'NEXT_DAY' | 'SCHEDULED'
export const DELIVERY_OPTIONS: readonly DeliveryOption[] = ['STANDARD', 'EXPRESS', 'NEXT_DAY', 'SCHEDULED']

export function isDeliveryOption(v: string): v is DeliveryOption {
  return (DELIVERY_OPTIONS as readonly string[]).includes(v)
}

/** What the checkout form holds (the card number is kept apart: it is never saved in a draft). */
export interface CheckoutForm extends Record<string, string | boolean> {
  name: string
  email: string
  phone: string
  international: boolean
  country: string
  province: string
  city: string
  district: string
  line1: string
  line2: string
  postalCode: string
  option: string
  date: string
  window: string
  coupon: string
  points: string
  notes: string
}

export const EMPTY_CHECKOUT_FORM: CheckoutForm = {
  name: '',
  email: '',
  phone: '',
  international: false,
  country: '',
  province: '',
  city: '',
  district: '',
  line1: '',
  line2: '',
  postalCode: '',
  option: 'STANDARD',
  date: '',
  window: '',
  coupon: '',
  points: '',
  notes: '',
}

export type PlaceOrderFields = Omit<PlaceOrderInput, 'idempotencyKey'>

/**
 * placeOrder's input without the key. Fields are sent as typed (trimmed only where a stray space
 * can't be meant): the server normalizes and validates them.
 */
export function buildPlaceOrderFields(
  form: CheckoutForm,
  cart: Cart,
  cardNumber: string,
  { canRedeemPoints }: { canRedeemPoints: boolean },
): PlaceOrderFields {
  const option = isDeliveryOption(form.option) ? form.option : 'STANDARD'
  const address: PlaceOrderFields['shippingAddress'] = form.international
    ? {
        country: form.country.trim(),
        province: form.province.trim() || null,
        city: form.city.trim(),
        line1: form.line1.trim(),
        line2: form.line2.trim() || null,
        postalCode: form.postalCode.trim() || null,
      }
    : {
        country: 'CN',
        province: form.province.trim(),
        city: form.city.trim(),
        district: form.district.trim(),
        line1: form.line1.trim(),
        line2: form.line2.trim() || null,
        postalCode: form.postalCode.trim(),
      }
  const points = Number.parseInt(form.points, 10)
  return {
    channel: 'WEB',
    contact: { name: form.name.trim(), email: form.email.trim(), phone: form.phone.trim() },
    shippingAddress: address,
    lines: cart.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, expectedUnitPrice: l.unitPrice })),
    delivery:
      option === 'SCHEDULED'
        ? { option, date: form.date ? `${form.date}T00:00:00Z` : null, window: form.window || null }
        : { option },
    couponCode: form.coupon.trim() || null,
    pointsToRedeem: canRedeemPoints && Number.isFinite(points) && points > 0 ? points : null,
    notes: form.notes.trim() || null,
    payment: { cardNumber: cardNumber.replace(/[\s-]+/g, '') },
  }
}

// ---------- idempotency ----------

export const ATTEMPT_STORAGE_KEY = 'waybill.checkout.attempt'

export interface Attempt {
  key: string
  /** a hash of the order the key was made for (never the order itself: it holds the card) */
  fingerprint: string
}

/** A short, stable hash of a string (cyrb53): enough to tell two orders apart, not a secret. */
export function hashString(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

/** JSON with object keys sorted, so the same order always gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export function orderFingerprint(fields: PlaceOrderFields): string {
  return hashString(stableJson(fields))
}

export function newIdempotencyKey(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return `web-${c.randomUUID()}`
  const bytes = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** The attempt for an order: the previous one if it was for the very same order, else a new key. */
export function attemptFor(previous: Attempt | null, fingerprint: string, make: () => string = newIdempotencyKey): Attempt {
  if (previous && previous.fingerprint === fingerprint && previous.key) return previous
  return { key: make(), fingerprint }
}

function session(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

export function readAttempt(): Attempt | null {
  try {
    const raw = session()?.getItem(ATTEMPT_STORAGE_KEY)
    if (!raw) return null
    const a = JSON.parse(raw) as Partial<Attempt>
    return typeof a.key === 'string' && typeof a.fingerprint === 'string' ? { key: a.key, fingerprint: a.fingerprint } : null
  } catch {
    return null
  }
}

/**
 * The idempotency key to send for this order, remembered in sessionStorage (this tab: a reload
 * in the middle of a retry keeps it).
 */
export function idempotencyKeyFor(fields: PlaceOrderFields): string {
  const attempt = attemptFor(readAttempt(), orderFingerprint(fields))
  try {
    session()?.setItem(ATTEMPT_STORAGE_KEY, JSON.stringify(attempt))
  } catch {
    // no storage: the key lives as long as this page
  }
  return attempt.key
}

/** After an order was placed (or its key refused), the next checkout starts a new attempt. */
export function forgetAttempt(): void {
  try {
    session()?.removeItem(ATTEMPT_STORAGE_KEY)
  } catch {
    // nothing to forget
  }
}

// ---------- userErrors → fields ----------

export interface CheckoutUserError extends UserErrorLike {
  details?: Record<string, unknown> | null
}

/** 'contact.email', 'shippingAddress.postalCode', 'lines.0.quantity' … (the path after 'input'). */
export function errorKey(ue: UserErrorLike): string {
  const path = [...(ue.field ?? [])]
  if (path[0] === 'input') path.shift()
  return path.join('.')
}

/** The input ids of the checkout form, by error key. Lines are handled apart ('lines.N.*'). */
export const CHECKOUT_FIELD_IDS: Record<string, string> = {
  'contact.name': 'co-name',
  'contact.email': 'co-email',
  'contact.phone': 'co-phone',
  'shippingAddress.country': 'co-country',
  'shippingAddress.province': 'co-province',
  'shippingAddress.city': 'co-city',
  'shippingAddress.district': 'co-district',
  'shippingAddress.line1': 'co-line1',
  'shippingAddress.line2': 'co-line2',
  'shippingAddress.postalCode': 'co-postal',
  'delivery.option': 'co-option',
  'delivery.date': 'co-date',
  'delivery.window': 'co-window',
  couponCode: 'co-coupon',
  pointsToRedeem: 'co-points',
  notes: 'co-notes',
  'payment.cardNumber': 'co-card',
  lines: 'co-lines',
}

export interface LineErrors {
  sku?: CheckoutUserError
  quantity?: CheckoutUserError
  price?: CheckoutUserError
}

export interface MappedErrors {
  /** by form field key (see CHECKOUT_FIELD_IDS), first error per field */
  fields: Record<string, CheckoutUserError>
  /** by cart line index */
  lines: Record<number, LineErrors>
  /** about nothing the form shows: above the form */
  general: CheckoutUserError[]
  /** every error in the order the form shows them, with the id of the element to focus and its key */
  ordered: { id: string; key: string; error: CheckoutUserError }[]
}

const LINE_KEY = /^lines\.(\d+)\.(sku|productId|quantity|expectedUnitPrice)$/

/** The element id of a cart line's part, for focus and aria-describedby. */
export function lineElementId(index: number, part: 'sku' | 'quantity' | 'price'): string {
  return part === 'quantity' ? `co-line-${index}-qty` : part === 'price' ? `co-line-${index}-price` : `co-line-${index}`
}

/**
 * Places each userError: next to a form field, on a cart line (index < lineCount), or above the
 * form. `international` says which address form is shown (province/district only exist in the
 * Chinese one).
 */
export function mapCheckoutErrors(
  errors: readonly CheckoutUserError[],
  {
    lineCount,
    international = false,
    hidden = [],
  }: { lineCount: number; international?: boolean; /** keys of fields the form does not show now */ hidden?: readonly string[] },
): MappedErrors {
  const fields: Record<string, CheckoutUserError> = {}
  const lines: Record<number, LineErrors> = {}
  const general: CheckoutUserError[] = []
  for (const ue of errors) {
    const key = errorKey(ue)
    const m = LINE_KEY.exec(key)
    if (m) {
      const i = Number(m[1])
      if (i < lineCount) {
        const part = m[2] === 'quantity' ? 'quantity' : m[2] === 'expectedUnitPrice' ? 'price' : 'sku'
        const slot = (lines[i] ??= {})
        if (!slot[part]) slot[part] = ue
        continue
      }
    }
    const shown =
      key in CHECKOUT_FIELD_IDS &&
      !hidden.includes(key) &&
      !(international && key === 'shippingAddress.district') &&
      !(!international && key === 'shippingAddress.country')
    if (shown) {
      if (!fields[key]) fields[key] = ue
    } else general.push(ue)
  }
  // the form's order: contact, address, delivery, extras, card, then the cart lines in the summary
  const ordered: MappedErrors['ordered'] = []
  for (const [key, id] of Object.entries(CHECKOUT_FIELD_IDS)) {
    if (key !== 'lines' && fields[key]) ordered.push({ id, key, error: fields[key] })
  }
  if (fields.lines) ordered.push({ id: CHECKOUT_FIELD_IDS.lines, key: 'lines', error: fields.lines })
  for (const i of Object.keys(lines).map(Number).sort((a, b) => a - b)) {
    const l = lines[i]
    for (const part of ['sku', 'price', 'quantity'] as const) {
      const e = l[part]
      if (e) ordered.push({ id: lineElementId(i, part), key: `lines.${i}.${part}`, error: e })
    }
  }
  return { fields, lines, general, ordered }
}

function num(details: Record<string, unknown> | null | undefined, name: string): number | null {
  const v = details?.[name]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/**
 * The sentence for a checkout userError, by its code (and, where one code covers several inputs,
 * its field), with the facts from `details` filled in. An unknown code shows the server's message.
 */
export function checkoutErrorMessage(
  ue: CheckoutUserError,
  i18n: Pick<I18n, 'te' | 'tv' | 'locale'>,
  { currency = 'CNY', maxQuantity }: { currency?: string; maxQuantity?: number } = {},
): string {
  const key = errorKey(ue)
  const field = key.split('.').pop() ?? ''
  const money = (amount: number) => formatMoney(amount, String(ue.details?.currency ?? currency), i18n.locale)
  const label = (suffix: string) => {
    const text = i18n.tv('error', `${ue.code}.${suffix}`)
    return text === `${ue.code}.${suffix}` ? null : text
  }
  switch (ue.code) {
    case 'INCOMPLETE_ADDRESS':
      return label(field) ?? i18n.te(ue.code, ue.message)
    case 'DELIVERY_OPTION_UNAVAILABLE':
      return label(field) ?? i18n.te(ue.code, ue.message)
    case 'PRICE_CHANGED': {
      const price = num(ue.details, 'currentPrice')
      return price == null ? i18n.te(ue.code, ue.message) : interpolate(i18n.tv('error', 'PRICE_CHANGED.to'), { price: money(price) })
    }
    case 'INSUFFICIENT_STOCK': {
      const available = num(ue.details, 'available')
      if (available == null) return i18n.te(ue.code, ue.message)
      return available <= 0
        ? i18n.tv('error', 'INSUFFICIENT_STOCK.none')
        : interpolate(i18n.tv('error', 'INSUFFICIENT_STOCK.some'), { count: available })
    }
    case 'COUPON_MIN_SPEND': {
      const min = num(ue.details, 'minSpend')
      return min == null ? i18n.te(ue.code, ue.message) : interpolate(i18n.tv('error', 'COUPON_MIN_SPEND.amount'), { amount: money(min) })
    }
    case 'POINTS_INSUFFICIENT': {
      const balance = num(ue.details, 'balance')
      return balance == null
        ? i18n.te(ue.code, ue.message)
        : interpolate(i18n.tv('error', 'POINTS_INSUFFICIENT.balance'), { balance: balance.toLocaleString(i18n.locale) })
    }
    case 'QUANTITY_OUT_OF_RANGE':
      return maxQuantity ? interpolate(i18n.tv('error', 'QUANTITY_OUT_OF_RANGE.max'), { max: maxQuantity }) : i18n.te(ue.code, ue.message)
    default:
      return i18n.te(ue.code, ue.message)
  }
}
