import { describe, expect, it } from 'vitest'
import { translate, translateValue, hasValueLabel, type I18n, type Locale } from '../i18n/i18n'
import type { Cart } from './cart'
import {
  attemptFor,
  buildPlaceOrderFields,
  checkoutErrorMessage,
  EMPTY_CHECKOUT_FORM,
  errorKey,
  mapCheckoutErrors,
  orderFingerprint,
  type CheckoutUserError,
} from './checkout'

const ue = (field: string[], code: string, details?: Record<string, unknown>): CheckoutUserError => ({
  field,
  code,
  message: `server says ${code}`,
  details: details ?? null,
})

function i18n(locale: Locale): Pick<I18n, 'te' | 'tv' | 'locale'> {
  return {
    locale,
    tv: (prefix, v) => translateValue(locale, prefix, v),
    te: (code, msg) => (hasValueLabel(locale, 'error', code) || !msg ? translateValue(locale, 'error', code) : msg),
  }
}

const cart: Cart = {
  lines: [
    { sku: 'EL-0002', productId: 'prd_2', nameZh: '充电器', nameEn: 'Charger', unitPrice: 14900, currency: 'CNY', quantity: 2 },
    { sku: 'BK-0001', productId: 'prd_9', nameZh: '三体', nameEn: 'Three-Body', unitPrice: 9300, currency: 'CNY', quantity: 1 },
  ],
}

const form = {
  ...EMPTY_CHECKOUT_FORM,
  name: '张三',
  email: 'zhang@example.cn',
  phone: '13800138000',
  province: '上海市',
  city: '上海',
  district: '浦东新区',
  line1: '世纪大道 100 号',
  postalCode: '200120',
}

describe('mapCheckoutErrors', () => {
  it('puts contact and address errors next to their inputs', () => {
    const m = mapCheckoutErrors(
      [
        ue(['input', 'contact', 'name'], 'INVALID_NAME'),
        ue(['input', 'contact', 'email'], 'INVALID_EMAIL'),
        ue(['input', 'contact', 'phone'], 'INVALID_PHONE'),
        ue(['input', 'shippingAddress', 'province'], 'INCOMPLETE_ADDRESS'),
        ue(['input', 'shippingAddress', 'district'], 'INCOMPLETE_ADDRESS'),
        ue(['input', 'shippingAddress', 'postalCode'], 'INVALID_POSTAL_CODE'),
        ue(['input', 'shippingAddress', 'country'], 'INVALID_COUNTRY'),
      ],
      { lineCount: 2 },
    )
    expect(Object.keys(m.fields)).toEqual([
      'contact.name',
      'contact.email',
      'contact.phone',
      'shippingAddress.province',
      'shippingAddress.district',
      'shippingAddress.postalCode',
    ])
    // the Chinese form has no country input: that error goes above the form
    expect(m.general.map((e) => e.code)).toEqual(['INVALID_COUNTRY'])
    expect(m.ordered.map((o) => o.id)).toEqual(['co-name', 'co-email', 'co-phone', 'co-province', 'co-district', 'co-postal'])

    const intl = mapCheckoutErrors(
      [ue(['input', 'shippingAddress', 'country'], 'INVALID_COUNTRY'), ue(['input', 'shippingAddress', 'district'], 'INCOMPLETE_ADDRESS')],
      { lineCount: 2, international: true },
    )
    expect(Object.keys(intl.fields)).toEqual(['shippingAddress.country'])
    expect(intl.general.map((e) => e.code)).toEqual(['INCOMPLETE_ADDRESS'])
  })

  it('puts line errors on the cart line they name', () => {
    const m = mapCheckoutErrors(
      [
        ue(['input', 'lines', '1', 'quantity'], 'INSUFFICIENT_STOCK', { available: 3 }),
        ue(['input', 'lines', '0', 'expectedUnitPrice'], 'PRICE_CHANGED', { currentPrice: 15900 }),
        ue(['input', 'lines', '0', 'sku'], 'PRODUCT_INACTIVE'),
        ue(['input', 'lines', '0', 'quantity'], 'QUANTITY_OUT_OF_RANGE'),
        ue(['input', 'lines', '1', 'sku'], 'DUPLICATE_LINE'),
        ue(['input', 'lines', '7', 'sku'], 'UNKNOWN_SKU'),
        ue(['input', 'lines'], 'TOO_MANY_LINES'),
      ],
      { lineCount: 2 },
    )
    expect(m.lines[0].price?.code).toBe('PRICE_CHANGED')
    expect(m.lines[0].sku?.code).toBe('PRODUCT_INACTIVE')
    expect(m.lines[0].quantity?.code).toBe('QUANTITY_OUT_OF_RANGE')
    expect(m.lines[1].quantity?.code).toBe('INSUFFICIENT_STOCK')
    expect(m.lines[1].sku?.code).toBe('DUPLICATE_LINE')
    // a line the cart does not have: shown above the form rather than lost
    expect(m.general.map((e) => e.code)).toEqual(['UNKNOWN_SKU'])
    expect(m.fields.lines.code).toBe('TOO_MANY_LINES')
    expect(m.ordered.map((o) => o.id)).toEqual(['co-lines', 'co-line-0', 'co-line-0-price', 'co-line-0-qty', 'co-line-1', 'co-line-1-qty'])
  })

  it('places delivery, coupon, points and notes errors, and the rest above the form', () => {
    const errors = [
      ue(['input', 'delivery', 'option'], 'DELIVERY_OPTION_UNAVAILABLE'),
      ue(['input', 'delivery', 'date'], 'DELIVERY_OPTION_UNAVAILABLE'),
      ue(['input', 'delivery', 'window'], 'DELIVERY_OPTION_UNAVAILABLE'),
      ue(['input', 'couponCode'], 'COUPON_MIN_SPEND', { minSpend: 20000 }),
      ue(['input', 'pointsToRedeem'], 'POINTS_INSUFFICIENT', { balance: 120 }),
      ue(['input', 'notes'], 'NOTES_TOO_LONG'),
      ue(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED'),
      ue([], 'STOCK_CONTENDED'),
    ]
    const m = mapCheckoutErrors(errors, { lineCount: 1 })
    expect(Object.keys(m.fields)).toEqual(['delivery.option', 'delivery.date', 'delivery.window', 'couponCode', 'pointsToRedeem', 'notes'])
    expect(m.general.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED', 'STOCK_CONTENDED'])
    // a guest has no points input: the points error is not dropped
    const guest = mapCheckoutErrors(errors, { lineCount: 1, hidden: ['pointsToRedeem'] })
    expect(guest.general.map((e) => e.code)).toContain('POINTS_INSUFFICIENT')
    expect(errorKey(ue(['input', 'contact', 'email'], 'X'))).toBe('contact.email')
  })
})

describe('checkoutErrorMessage', () => {
  const en = i18n('en')
  const zh = i18n('zh-CN')

  it('words each code, with the facts the server sent', () => {
    expect(checkoutErrorMessage(ue(['input', 'contact', 'phone'], 'INVALID_PHONE'), en)).toContain('Chinese mobile number')
    expect(checkoutErrorMessage(ue(['input', 'contact', 'email'], 'INVALID_EMAIL'), zh)).toBe('请输入有效的邮箱地址。')
    expect(checkoutErrorMessage(ue(['input', 'shippingAddress', 'district'], 'INCOMPLETE_ADDRESS'), en)).toBe('Enter the district or county.')
    expect(checkoutErrorMessage(ue(['input', 'shippingAddress', 'province'], 'INCOMPLETE_ADDRESS'), zh)).toBe('请选择省份。')
    expect(checkoutErrorMessage(ue(['input', 'lines', '0', 'expectedUnitPrice'], 'PRICE_CHANGED', { currentPrice: 15900 }), en)).toBe(
      'The price is now ¥159.00. Accept it to continue.',
    )
    expect(checkoutErrorMessage(ue(['input', 'lines', '0', 'quantity'], 'INSUFFICIENT_STOCK', { available: 3 }), en)).toBe(
      'Only 3 can be ordered right now.',
    )
    expect(checkoutErrorMessage(ue(['input', 'lines', '0', 'quantity'], 'INSUFFICIENT_STOCK', { available: 0 }), zh)).toBe('暂时售罄，请删除后继续。')
    expect(checkoutErrorMessage(ue(['input', 'lines', '0', 'quantity'], 'QUANTITY_OUT_OF_RANGE'), en, { maxQuantity: 999 })).toBe(
      'Choose a quantity from 1 to 999.',
    )
    expect(checkoutErrorMessage(ue(['input', 'couponCode'], 'COUPON_MIN_SPEND', { minSpend: 20000 }), zh)).toBe('该优惠券需订单满 ¥200.00 才能使用。')
    expect(checkoutErrorMessage(ue(['input', 'couponCode'], 'COUPON_EXPIRED'), en)).toBe('This coupon is not valid at this time.')
    expect(checkoutErrorMessage(ue(['input', 'pointsToRedeem'], 'POINTS_INSUFFICIENT', { balance: 1200 }), en)).toBe(
      'You have 1,200 points; use that many or fewer.',
    )
    expect(checkoutErrorMessage(ue(['input', 'delivery', 'window'], 'DELIVERY_OPTION_UNAVAILABLE'), en)).toBe('Choose one of the time windows.')
    expect(checkoutErrorMessage(ue(['input', 'delivery', 'option'], 'DELIVERY_OPTION_UNAVAILABLE'), zh)).toBe('该地址不支持此配送方式，请另选一种。')
    expect(checkoutErrorMessage(ue(['input', 'lines'], 'NO_LINES'), en)).toBe('Your cart is empty.')
  })

  it('falls back to the server’s message for a code it does not know', () => {
    expect(checkoutErrorMessage(ue(['input', 'contact', 'name'], 'SOMETHING_NEW'), en)).toBe('server says SOMETHING_NEW')
    // and to the generic wording when details are missing
    expect(checkoutErrorMessage(ue(['input', 'lines', '0', 'quantity'], 'INSUFFICIENT_STOCK'), en)).toBe('Not enough stock for this quantity.')
    expect(translate('en', 'checkout.problems', { count: 2 })).toContain('2')
  })
})

describe('placeOrder input and idempotency', () => {
  it('builds the Chinese or the international address, delivery and points', () => {
    const cn = buildPlaceOrderFields(form, cart, '4242 4242 4242 4242', { canRedeemPoints: false })
    expect(cn.shippingAddress).toMatchObject({ country: 'CN', province: '上海市', city: '上海', district: '浦东新区', postalCode: '200120' })
    expect(cn.lines).toEqual([
      { sku: 'EL-0002', quantity: 2, expectedUnitPrice: 14900 },
      { sku: 'BK-0001', quantity: 1, expectedUnitPrice: 9300 },
    ])
    expect(cn.payment.cardNumber).toBe('4242424242424242')
    expect(cn.delivery).toEqual({ option: 'STANDARD' })
    expect(cn.pointsToRedeem).toBeNull()

    const intl = buildPlaceOrderFields(
      { ...form, international: true, country: 'JP', province: 'Tokyo', city: 'Shibuya', option: 'SCHEDULED', date: '2026-11-25', window: '09:00-12:00', points: '300' },
      cart,
      '4242424242424242',
      { canRedeemPoints: true },
    )
    expect(intl.shippingAddress).toMatchObject({ country: 'JP', province: 'Tokyo', city: 'Shibuya' })
    expect(intl.shippingAddress.district).toBeUndefined()
    expect(intl.delivery).toEqual({ option: 'SCHEDULED', date: '2026-11-25T00:00:00Z', window: '09:00-12:00' })
    expect(intl.pointsToRedeem).toBe(300)
  })

  it('keeps the key for a retry of the same order and renews it after a change', () => {
    const fields = buildPlaceOrderFields(form, cart, '4242424242424242', { canRedeemPoints: false })
    let n = 0
    const make = () => `key-${++n}`
    const first = attemptFor(null, orderFingerprint(fields), make)
    expect(first.key).toBe('key-1')
    // the same cart and form, even rebuilt from scratch: the same key
    const again = attemptFor(first, orderFingerprint(buildPlaceOrderFields({ ...form }, { lines: cart.lines.map((l) => ({ ...l })) }, '4242 4242 4242 4242', { canRedeemPoints: false })), make)
    expect(again).toBe(first)
    // another quantity, email, card or accepted price: a new key
    const moreQty = { lines: [{ ...cart.lines[0], quantity: 3 }, cart.lines[1]] }
    expect(attemptFor(first, orderFingerprint(buildPlaceOrderFields(form, moreQty, '4242424242424242', { canRedeemPoints: false })), make).key).toBe('key-2')
    expect(attemptFor(first, orderFingerprint(buildPlaceOrderFields({ ...form, email: 'z@example.cn' }, cart, '4242424242424242', { canRedeemPoints: false })), make).key).toBe('key-3')
    expect(attemptFor(first, orderFingerprint(buildPlaceOrderFields(form, cart, '4000000000000002', { canRedeemPoints: false })), make).key).toBe('key-4')
    const newPrice = { lines: [{ ...cart.lines[0], unitPrice: 15900 }, cart.lines[1]] }
    expect(attemptFor(first, orderFingerprint(buildPlaceOrderFields(form, newPrice, '4242424242424242', { canRedeemPoints: false })), make).key).toBe('key-5')
  })
})
