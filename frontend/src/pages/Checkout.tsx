import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, Spinner, useCountdown } from '../components/Feedback'
import { SelectField, TextAreaField, TextField } from '../components/Field'
import { CardNumberField } from '../components/Payment'
import { QuantityInput } from '../components/QuantityInput'
import { ShipsLaterNote } from '../components/Stock'
import { graphql } from '../gql'
import type { PlaceOrderMutation } from '../gql/graphql'
import { useI18n, type Locale } from '../i18n/i18n'
import {
  acceptNewPrice,
  cartSubtotal,
  clearCart,
  markPriceChanged,
  MAX_QUANTITY_DEFAULT,
  removeFromCart,
  setCartQuantity,
  useCart,
  type CartLine,
} from '../lib/cart'
import {
  buildPlaceOrderFields,
  CHECKOUT_FIELD_IDS,
  checkoutErrorMessage,
  DELIVERY_OPTIONS,
  EMPTY_CHECKOUT_FORM,
  forgetAttempt,
  idempotencyKeyFor,
  isDeliveryOption,
  lineElementId,
  mapCheckoutErrors,
  type CheckoutForm,
  type CheckoutUserError,
  type DeliveryOption,
  type MappedErrors,
} from '../lib/checkout'
import { useDraft } from '../lib/draft'
import { hasErrorCode, retryAfterSeconds } from '../lib/errors'
import { formatMoney } from '../lib/format'
import { feeFor, freeShippingGap, localDate, shippingFor, useOrderRules, type OrderRules } from '../lib/orderRules'
import { PROVINCES, findProvince } from '../lib/regions'
import { Link, navigate } from '../lib/router'
import { useSession } from '../lib/session'
import { useViewer } from '../lib/viewer'
import { lineAllowsBackorder, useLiveCartProducts, type LiveProduct } from './Cart'
import { saveConfirmation } from './OrderConfirmation'
import { productName, productPath } from './Storefront'

export const PlaceOrderDocument = graphql(`
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      replayed
      order {
        id
        number
        status
        holdReasons
        paymentExpiresAt
        total {
          amount
          currency
        }
        lines {
          id
          sku
          backorderedQuantity
        }
      }
      userErrors {
        field
        message
        code
        details
      }
    }
  }
`)

// Only what the customer record adds to the viewer: contact details to start from and points.
export const CheckoutCustomerDocument = graphql(`
  query CheckoutCustomer {
    me {
      id
      customer {
        id
        name
        email
        phone
        pointsBalance
      }
    }
  }
`)

export type PlacedOrder = NonNullable<PlaceOrderMutation['placeOrder']['order']>

/** Destinations offered in the international address form (ISO 3166-1 alpha-2). */
export const COUNTRIES = [
  'HK', 'MO', 'SG', 'JP', 'KR', 'MY', 'TH', 'VN', 'PH', 'ID', 'IN', 'AU', 'NZ',
  'US', 'CA', 'MX', 'BR', 'GB', 'IE', 'FR', 'DE', 'NL', 'BE', 'IT', 'ES', 'PT', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'PL', 'AE', 'SA', 'IL', 'TR', 'ZA',
] as const

export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

/** Moves focus to the element for an error id (the chosen radio for the delivery option). */
function focusField(id: string) {
  const el =
    id === 'co-option'
      ? (document.querySelector<HTMLInputElement>('input[name="co-option"]:checked') ??
        document.querySelector<HTMLInputElement>('input[name="co-option"]'))
      : document.getElementById(id)
  el?.focus()
  el?.scrollIntoView?.({ block: 'center' })
}

export function CheckoutPage() {
  const i18n = useI18n()
  const { t, locale } = i18n
  const cart = useCart()
  const { token } = useSession()
  const viewer = useViewer()
  const { rules, error: rulesError, loading: rulesLoading, retry: retryRules } = useOrderRules()
  const [{ data: customerData }] = useQuery({ query: CheckoutCustomerDocument, pause: !token })
  const customer = token && viewer.me?.role === 'CUSTOMER' ? (customerData?.me?.customer ?? null) : null
  const { bySku: liveProducts } = useLiveCartProducts(cart.lines.map((l) => l.sku))

  const draft = useDraft<CheckoutForm>('checkout', EMPTY_CHECKOUT_FORM, '/checkout')
  const form = draft.values
  const [card, setCard] = useState('')
  const [mapped, setMapped] = useState<MappedErrors | null>(null)
  /** the cart's SKUs when the errors came: line errors name lines by position */
  const [submittedSkus, setSubmittedSkus] = useState<string[]>([])
  /** line errors by SKU (indices move when a line is removed) */
  const [lineErrors, setLineErrors] = useState<Record<string, MappedErrors['lines'][number]>>({})
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({})
  const [requestErrors, setRequestErrors] = useState<string[]>([])
  const [focusTarget, setFocusTarget] = useState<{ id: string; n: number } | null>(null)
  const countdown = useCountdown()
  const [{ fetching }, placeOrder] = useMutation(PlaceOrderDocument)
  const busy = useRef(false)
  const [placed, setPlaced] = useState(false)
  const errorSummaryRef = useRef<HTMLDivElement>(null)

  // start from the signed-in customer's contact details
  const prefilled = useRef(false)
  useEffect(() => {
    if (!customer || prefilled.current) return
    prefilled.current = true
    draft.set((v) => ({
      ...v,
      name: v.name || customer.name,
      email: v.email || customer.email,
      phone: v.phone || customer.phone,
    }))
  }, [customer, draft])

  useEffect(() => {
    if (!focusTarget) return
    if (focusTarget.id === 'co-errors') errorSummaryRef.current?.focus()
    else focusField(focusTarget.id)
  }, [focusTarget])

  const maxQuantity = rules?.maxQuantity ?? MAX_QUANTITY_DEFAULT
  const currency = rules?.currency ?? cart.lines[0]?.currency ?? 'CNY'
  const msg = (ue: CheckoutUserError) => checkoutErrorMessage(ue, i18n, { currency, maxQuantity })

  /** The message shown at a form field, from the server or from the one check done here. */
  const fieldError = (key: string): string | undefined => {
    if (clientErrors[key]) return clientErrors[key]
    const ue = mapped?.fields[key]
    return ue ? msg(ue) : undefined
  }
  const clearField = (...keys: string[]) => {
    if (keys.some((k) => mapped?.fields[k] || clientErrors[k])) {
      setMapped((m) => {
        if (!m) return m
        const fields = { ...m.fields }
        keys.forEach((k) => delete fields[k])
        return { ...m, fields }
      })
      setClientErrors((c) => {
        const next = { ...c }
        keys.forEach((k) => delete next[k])
        return next
      })
    }
  }
  const set = (patch: Partial<CheckoutForm>, ...errorKeys: string[]) => {
    draft.set(patch)
    clearField(...errorKeys)
  }
  const clearLine = (sku: string, part?: 'sku' | 'quantity' | 'price') =>
    setLineErrors((le) => {
      if (!le[sku]) return le
      const next = { ...le }
      if (!part) delete next[sku]
      else next[sku] = { ...next[sku], [part]: undefined }
      return next
    })

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy.current || fetching || countdown.seconds > 0) return
    setRequestErrors([])
    // The only checks made here, both for presence: a destination decides which address rules
    // apply, and a blank card would be declined (an order waiting for payment, not an error).
    const missing: Record<string, string> = {}
    if (form.international && !form.country) missing['shippingAddress.country'] = t('checkout.chooseCountry')
    if (!card.trim()) missing['payment.cardNumber'] = t('checkout.cardRequired')
    if (Object.keys(missing).length > 0) {
      setMapped(null)
      setClientErrors(missing)
      setFocusTarget({ id: missing['shippingAddress.country'] ? 'co-country' : 'co-card', n: Date.now() })
      return
    }
    setClientErrors({})
    const fields = buildPlaceOrderFields(form, cart, card, { canRedeemPoints: !!customer })
    const idempotencyKey = idempotencyKeyFor(fields)
    const submittedSkus = cart.lines.map((l) => l.sku)
    busy.current = true
    let res
    try {
      res = await placeOrder({ input: { ...fields, idempotencyKey } })
    } finally {
      busy.current = false
    }
    const payload = res.data?.placeOrder
    if (res.error || !payload) {
      // nothing is lost, and the same key is sent again: retrying can never make two orders
      const wait = hasErrorCode(res.error, 'RATE_LIMITED') ? retryAfterSeconds(res.error) : null
      if (wait) countdown.start(wait)
      setRequestErrors([
        res.error ? describeRequestError(res.error, i18n) : t('checkout.failed'),
        t('checkout.safeToRetry'),
      ])
      setMapped(null)
      setFocusTarget({ id: 'co-errors', n: Date.now() })
      return
    }
    if (payload.userErrors.length > 0) {
      const errors = payload.userErrors as CheckoutUserError[]
      if (errors.some((ue) => ue.code === 'IDEMPOTENCY_KEY_REUSED')) forgetAttempt()
      // keep the server's current price beside the one the shopper saw
      for (const ue of errors) {
        if (ue.code !== 'PRICE_CHANGED') continue
        const i = Number(ue.field?.[2])
        const price = ue.details?.currentPrice
        if (Number.isInteger(i) && submittedSkus[i] && typeof price === 'number') markPriceChanged(submittedSkus[i], price)
      }
      const m = mapCheckoutErrors(errors, {
        lineCount: submittedSkus.length,
        international: form.international,
        hidden: customer ? [] : ['pointsToRedeem'],
      })
      const bySku: Record<string, MappedErrors['lines'][number]> = {}
      for (const [i, le] of Object.entries(m.lines)) bySku[submittedSkus[Number(i)]] = le
      setMapped(m)
      setSubmittedSkus(submittedSkus)
      setLineErrors(bySku)
      setFocusTarget({ id: m.ordered[0]?.id ?? 'co-errors', n: Date.now() })
      return
    }
    if (payload.order) {
      const order = payload.order
      const guest = !token
      saveConfirmation({
        id: order.id,
        number: order.number,
        status: order.status,
        holdReasons: order.holdReasons ?? [],
        total: order.total,
        paymentExpiresAt: order.paymentExpiresAt ?? null,
        email: fields.contact.email,
        guest,
        lines: cart.lines.map((l) => ({
          sku: l.sku,
          nameZh: l.nameZh,
          nameEn: l.nameEn,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          // what the server recorded as waiting for stock (the buyer sees the order's lines)
          backordered: order.lines?.find((ol) => ol.sku === l.sku)?.backorderedQuantity ?? 0,
        })),
      })
      forgetAttempt()
      setPlaced(true)
      navigate(`/order/confirmed/${encodeURIComponent(order.number)}`)
      // a guest whose card was declined can only try again with a new order: keep what they had
      if (!(guest && order.status === 'PENDING_PAYMENT')) {
        clearCart()
        draft.clear()
      }
    }
  }

  if (placed) return <Spinner />

  if (cart.lines.length === 0)
    return (
      <section className="page page-narrow" aria-labelledby="checkout-title">
        <h1 id="checkout-title">{t('checkout.title')}</h1>
        <div className="empty" data-testid="checkout-empty">
          <p>{t('cart.empty')}</p>
          <p>
            <Link to="/" className="btn btn-primary">
              {t('account.startShopping')}
            </Link>
          </p>
        </div>
      </section>
    )

  const general = [
    ...requestErrors,
    ...(mapped?.general ?? []).map((ue) =>
      ue.code === 'IDEMPOTENCY_KEY_REUSED' ? t('checkout.keyReused') : msg(ue),
    ),
  ]
  // the summary lists what is still wrong: a field edited since, or a line fixed, drops out
  const open = (mapped?.ordered ?? []).filter(({ key, error }) => {
    const line = /^lines\.(\d+)\.(sku|price|quantity)$/.exec(key)
    if (line) return lineErrors[submittedSkus[Number(line[1])]]?.[line[2] as 'sku' | 'price' | 'quantity'] === error
    return mapped?.fields[key] === error
  })
  const errorCount = open.length + Object.keys(clientErrors).length
  const option: DeliveryOption = isDeliveryOption(form.option) ? form.option : 'STANDARD'

  return (
    <section className="page" aria-labelledby="checkout-title">
      <div className="page-head">
        <div>
          <p>
            <Link to="/cart" className="back-link">
              ← {t('checkout.backToCart')}
            </Link>
          </p>
          <h1 id="checkout-title">{t('checkout.title')}</h1>
        </div>
      </div>

      {draft.restored ? (
        <p className="notice notice-info draft-note" role="status" data-testid="draft-restored">
          {t('checkout.draftRestored')}
        </p>
      ) : null}

      <form className="checkout" onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="checkout-form">
        <div
          className="checkout-errors"
          ref={errorSummaryRef}
          tabIndex={-1}
          id="co-errors"
          role="alert"
          aria-live="assertive"
          data-testid="checkout-errors"
        >
          {errorCount > 0 ? (
            <div className="notice notice-error">
              <p className="notice-title">{t('checkout.problems', { count: errorCount })}</p>
              <ul className="error-links">
                {Object.entries(clientErrors).map(([key, text]) => (
                  <li key={key}>
                    <ErrorLink id={CHECKOUT_FIELD_IDS[key] ?? 'co-card'}>{text}</ErrorLink>
                  </li>
                ))}
                {open.map(({ id, error }) => (
                  <li key={`${id}:${error.code}`}>
                    <ErrorLink id={id}>{msg(error)}</ErrorLink>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {general.length > 0 ? (
            <div className="notice notice-error" data-testid="checkout-general-errors">
              {general.map((text, i) => (
                <p key={i}>{text}</p>
              ))}
              {countdown.seconds > 0 ? <p>{t('errors.rateLimitedIn', { seconds: countdown.seconds })}</p> : null}
            </div>
          ) : null}
        </div>

        <div className="checkout-form">
          <Section title={t('checkout.contact')}>
            <div className="form-grid">
              <TextField
                id="co-name"
                label={t('checkout.name')}
                autoComplete="name"
                value={form.name}
                onChange={(e) => set({ name: e.target.value }, 'contact.name')}
                error={fieldError('contact.name')}
                required
              />
              <TextField
                id="co-email"
                label={t('checkout.email')}
                type="email"
                autoComplete="email"
                value={form.email}
                onChange={(e) => set({ email: e.target.value }, 'contact.email')}
                error={fieldError('contact.email')}
                required
              />
              <TextField
                id="co-phone"
                label={t('checkout.phone')}
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                value={form.phone}
                onChange={(e) => set({ phone: e.target.value }, 'contact.phone')}
                error={fieldError('contact.phone')}
                hint={t('register.phoneHint')}
                required
              />
            </div>
          </Section>

          <AddressSection form={form} set={set} fieldError={fieldError} />

          <DeliverySection form={form} option={option} rules={rules} rulesError={!!rulesError && !rulesLoading} onRetryRules={retryRules} set={set} fieldError={fieldError} />

          <Section title={t('checkout.discounts')}>
            <div className="form-grid">
              <TextField
                id="co-coupon"
                label={t('checkout.coupon')}
                optional
                autoComplete="off"
                autoCapitalize="characters"
                value={form.coupon}
                onChange={(e) => set({ coupon: e.target.value }, 'couponCode')}
                error={fieldError('couponCode')}
                hint={t('checkout.couponHint')}
              />
              {customer ? (
                <TextField
                  id="co-points"
                  label={t('checkout.points')}
                  optional
                  type="text"
                  inputMode="numeric"
                  value={form.points}
                  onChange={(e) => set({ points: e.target.value.replace(/[^\d]/g, '') }, 'pointsToRedeem')}
                  error={fieldError('pointsToRedeem')}
                  hint={
                    <span data-testid="points-balance">
                      {t('checkout.pointsBalance', {
                        count: customer.pointsBalance.toLocaleString(locale),
                        value: rules ? formatMoney(customer.pointsBalance * rules.pointValue, currency, locale) : '—',
                      })}
                    </span>
                  }
                />
              ) : !token ? (
                <p className="muted small points-signin">
                  <Link to="/login?next=%2Fcheckout">{t('checkout.signInForPoints')}</Link>
                </p>
              ) : null}
            </div>
          </Section>

          <Section title={t('checkout.notesTitle')}>
            <TextAreaField
              id="co-notes"
              label={t('checkout.notes')}
              optional
              rows={3}
              value={form.notes}
              onChange={(e) => set({ notes: e.target.value }, 'notes')}
              error={fieldError('notes')}
              hint={t('checkout.notesHint')}
            />
          </Section>

          <Section title={t('checkout.payment')}>
            <CardNumberField
              id="co-card"
              value={card}
              onChange={(v) => {
                setCard(v)
                clearField('payment.cardNumber')
              }}
              error={fieldError('payment.cardNumber')}
            />
            <p className="muted small">{t('checkout.cardNote')}</p>
          </Section>
        </div>

        <OrderSummary
          rules={rules}
          option={option}
          form={form}
          lineErrors={lineErrors}
          linesError={mapped?.fields.lines ? msg(mapped.fields.lines) : undefined}
          msg={msg}
          maxQuantity={maxQuantity}
          currency={currency}
          clearLine={clearLine}
          fetching={fetching}
          waiting={countdown.seconds > 0}
          liveProducts={liveProducts}
        />
      </form>
    </section>
  )
}

/** A link from the error summary to the input it is about (focus, not a jump in the URL). */
function ErrorLink({ id, children }: { id: string; children: ReactNode }) {
  return (
    <a
      href={`#${id}`}
      onClick={(e) => {
        e.preventDefault()
        focusField(id)
      }}
    >
      {children}
    </a>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="card checkout-section" aria-labelledby={id}>
      <h2 className="card-title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  )
}

type SetFn = (patch: Partial<CheckoutForm>, ...errorKeys: string[]) => void

function AddressSection({ form, set, fieldError }: { form: CheckoutForm; set: SetFn; fieldError: (k: string) => string | undefined }) {
  const { t, locale } = useI18n()
  const province = findProvince(form.province)
  const cities = province ? province.cities : PROVINCES.flatMap((p) => p.cities)
  const countries = useMemo(
    () => COUNTRIES.map((c) => ({ code: c, name: countryName(c, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale)),
    [locale],
  )
  const addressKeys = ['country', 'province', 'city', 'district', 'line1', 'line2', 'postalCode'].map((k) => `shippingAddress.${k}`)
  return (
    <Section title={t('checkout.address')}>
      <label className="check-row">
        <input
          type="checkbox"
          checked={form.international}
          onChange={(e) => set({ international: e.target.checked }, ...addressKeys)}
          data-testid="international-toggle"
        />
        <span>{t('checkout.international')}</span>
      </label>
      {form.international ? (
        <div className="form-grid">
          <SelectField
            id="co-country"
            label={t('checkout.country')}
            value={form.country}
            onChange={(e) => set({ country: e.target.value }, 'shippingAddress.country')}
            error={fieldError('shippingAddress.country')}
            autoComplete="country"
            required
          >
            <option value="">{t('checkout.chooseCountryOption')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <TextField
            id="co-province"
            label={t('checkout.region')}
            optional
            autoComplete="address-level1"
            value={form.province}
            onChange={(e) => set({ province: e.target.value }, 'shippingAddress.province')}
            error={fieldError('shippingAddress.province')}
          />
          <TextField
            id="co-city"
            label={t('checkout.city')}
            autoComplete="address-level2"
            value={form.city}
            onChange={(e) => set({ city: e.target.value }, 'shippingAddress.city')}
            error={fieldError('shippingAddress.city')}
            required
          />
          <TextField
            id="co-postal"
            label={t('checkout.postalCode')}
            optional
            autoComplete="postal-code"
            value={form.postalCode}
            onChange={(e) => set({ postalCode: e.target.value }, 'shippingAddress.postalCode')}
            error={fieldError('shippingAddress.postalCode')}
          />
          <div className="form-grid-wide">
            <TextField
              id="co-line1"
              label={t('checkout.line1Intl')}
              autoComplete="address-line1"
              value={form.line1}
              onChange={(e) => set({ line1: e.target.value }, 'shippingAddress.line1')}
              error={fieldError('shippingAddress.line1')}
              required
            />
          </div>
          <div className="form-grid-wide">
            <TextField
              id="co-line2"
              label={t('checkout.line2Intl')}
              optional
              autoComplete="address-line2"
              value={form.line2}
              onChange={(e) => set({ line2: e.target.value }, 'shippingAddress.line2')}
              error={fieldError('shippingAddress.line2')}
            />
          </div>
        </div>
      ) : (
        <div className="form-grid">
          <SelectField
            id="co-province"
            label={t('checkout.province')}
            value={province?.zh ?? form.province}
            onChange={(e) => set({ province: e.target.value }, 'shippingAddress.province')}
            error={fieldError('shippingAddress.province')}
            autoComplete="address-level1"
            required
          >
            <option value="">{t('checkout.chooseProvince')}</option>
            {!province && form.province ? <option value={form.province}>{form.province}</option> : null}
            {PROVINCES.map((p) => (
              <option key={p.zh} value={p.zh}>
                {locale === 'zh-CN' ? p.zh : `${p.en} ${p.zh}`}
              </option>
            ))}
          </SelectField>
          <TextField
            id="co-city"
            label={t('checkout.cityCn')}
            list="co-city-list"
            autoComplete="address-level2"
            value={form.city}
            onChange={(e) => set({ city: e.target.value }, 'shippingAddress.city')}
            error={fieldError('shippingAddress.city')}
            required
          />
          <datalist id="co-city-list">
            {cities.map(([zh, en]) => (
              <option key={zh} value={locale === 'zh-CN' ? zh : en} />
            ))}
          </datalist>
          <TextField
            id="co-district"
            label={t('checkout.district')}
            autoComplete="address-level3"
            value={form.district}
            onChange={(e) => set({ district: e.target.value }, 'shippingAddress.district')}
            error={fieldError('shippingAddress.district')}
            required
          />
          <TextField
            id="co-postal"
            label={t('checkout.postalCode')}
            inputMode="numeric"
            autoComplete="postal-code"
            value={form.postalCode}
            onChange={(e) => set({ postalCode: e.target.value }, 'shippingAddress.postalCode')}
            error={fieldError('shippingAddress.postalCode')}
            required
          />
          <div className="form-grid-wide">
            <TextField
              id="co-line1"
              label={t('checkout.line1')}
              autoComplete="address-line1"
              placeholder={t('checkout.line1Placeholder')}
              value={form.line1}
              onChange={(e) => set({ line1: e.target.value }, 'shippingAddress.line1')}
              error={fieldError('shippingAddress.line1')}
              required
            />
          </div>
          <div className="form-grid-wide">
            <TextField
              id="co-line2"
              label={t('checkout.line2')}
              optional
              autoComplete="address-line2"
              value={form.line2}
              onChange={(e) => set({ line2: e.target.value }, 'shippingAddress.line2')}
              error={fieldError('shippingAddress.line2')}
            />
          </div>
        </div>
      )}
    </Section>
  )
}

function DeliverySection({
  form,
  option,
  rules,
  rulesError,
  onRetryRules,
  set,
  fieldError,
}: {
  form: CheckoutForm
  option: DeliveryOption
  rules: OrderRules | null
  rulesError: boolean
  onRetryRules: () => void
  set: SetFn
  fieldError: (k: string) => string | undefined
}) {
  const { t, tv, locale } = useI18n()
  const cart = useCart()
  const goods = cartSubtotal(cart)
  const currency = rules?.currency ?? 'CNY'
  const optionError = fieldError('delivery.option')
  const note = (o: DeliveryOption) =>
    o === 'STANDARD'
      ? rules && rules.freeShippingFrom > 0
        ? t('checkout.option.STANDARD', { amount: formatMoney(rules.freeShippingFrom, currency, locale) })
        : ''
      : o === 'SCHEDULED'
        ? t('checkout.option.SCHEDULED', { days: rules?.scheduledMaxDays ?? 14 })
        : t(`checkout.option.${o}`)
  return (
    <section className="card checkout-section" aria-labelledby="co-delivery-title">
      <h2 className="card-title" id="co-delivery-title">
        {t('checkout.delivery')}
      </h2>
      {rulesError ? (
        <p className="notice notice-warning">
          {t('checkout.rulesUnavailable')}{' '}
          <button type="button" className="btn btn-secondary btn-small" onClick={onRetryRules}>
            {t('common.retry')}
          </button>
        </p>
      ) : null}
      <div
        className="delivery-options"
        role="radiogroup"
        aria-labelledby="co-delivery-title"
        aria-describedby={optionError ? 'co-option-error' : undefined}
      >
        {DELIVERY_OPTIONS.map((o) => {
          const fee = rules ? shippingFor(rules, o, goods) : null
          return (
            <label key={o} className={`delivery-option ${option === o ? 'selected' : ''}`}>
              <input
                type="radio"
                name="co-option"
                value={o}
                checked={option === o}
                onChange={() => set({ option: o }, 'delivery.option', 'delivery.date', 'delivery.window')}
                aria-invalid={optionError && option === o ? true : undefined}
              />
              <span className="delivery-option-body">
                <span className="delivery-option-head">
                  <span className="delivery-option-name">{tv('deliveryOption', o)}</span>
                  <span className="delivery-option-fee">
                    {fee == null ? '' : fee === 0 ? t('order.freeShipping') : formatMoney(fee, currency, locale)}
                  </span>
                </span>
                {note(o) ? <span className="delivery-option-note">{note(o)}</span> : null}
              </span>
            </label>
          )
        })}
      </div>
      {optionError ? (
        <p id="co-option-error" className="field-error" data-testid="co-option-error">
          {optionError}
        </p>
      ) : null}
      {option === 'SCHEDULED' ? (
        <div className="form-grid scheduled">
          <TextField
            id="co-date"
            label={t('checkout.date')}
            type="date"
            min={localDate(1)}
            max={localDate(rules?.scheduledMaxDays ?? 14)}
            value={form.date}
            onChange={(e) => set({ date: e.target.value }, 'delivery.date')}
            error={fieldError('delivery.date')}
            required
          />
          <SelectField
            id="co-window"
            label={t('checkout.window')}
            value={form.window}
            onChange={(e) => set({ window: e.target.value }, 'delivery.window')}
            error={fieldError('delivery.window')}
            required
          >
            <option value="">{t('checkout.chooseWindow')}</option>
            {(rules?.scheduledWindows ?? []).map((w) => (
              <option key={w} value={w}>
                {w.replace('-', ' – ')}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
    </section>
  )
}

function OrderSummary({
  rules,
  option,
  form,
  lineErrors,
  linesError,
  msg,
  maxQuantity,
  currency,
  clearLine,
  fetching,
  waiting,
  liveProducts,
}: {
  rules: OrderRules | null
  option: DeliveryOption
  form: CheckoutForm
  lineErrors: Record<string, MappedErrors['lines'][number]>
  linesError?: string
  msg: (ue: CheckoutUserError) => string
  maxQuantity: number
  currency: string
  clearLine: (sku: string, part?: 'sku' | 'quantity' | 'price') => void
  fetching: boolean
  waiting: boolean
  liveProducts?: Map<string, LiveProduct>
}) {
  const { t, locale } = useI18n()
  const cart = useCart()
  const money = (amount: number) => formatMoney(amount, currency, locale)
  const subtotal = cartSubtotal(cart)
  const shipping = rules ? shippingFor(rules, option, subtotal) : null
  const gap = rules ? freeShippingGap(rules, subtotal) : null
  const total = subtotal + (shipping ?? 0)
  const standardFee = rules ? feeFor(rules, 'STANDARD') : null
  return (
    <aside className="card checkout-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="card-title">
        {t('checkout.summary')}
      </h2>
      {linesError ? (
        <p id="co-lines" tabIndex={-1} className="field-error">
          {linesError}
        </p>
      ) : null}
      <ul className="summary-lines" data-testid="summary-lines">
        {cart.lines.map((line, i) => (
          <SummaryLine
            key={line.sku}
            line={line}
            index={i}
            errors={lineErrors[line.sku]}
            msg={msg}
            maxQuantity={maxQuantity}
            clearLine={clearLine}
            live={liveProducts?.get(line.sku)}
          />
        ))}
      </ul>
      <dl className="totals totals-full">
        <div>
          <dt>{t('order.subtotal')}</dt>
          <dd>{money(subtotal)}</dd>
        </div>
        <div>
          <dt>{t('order.shipping')}</dt>
          <dd data-testid="summary-shipping">{shipping == null ? '—' : shipping === 0 ? t('order.freeShipping') : money(shipping)}</dd>
        </div>
        {form.coupon.trim() ? (
          <div>
            <dt>{t('checkout.couponLine', { code: form.coupon.trim().toUpperCase() })}</dt>
            <dd className="muted">{t('checkout.appliedOnPlace')}</dd>
          </div>
        ) : null}
        {Number(form.points) > 0 ? (
          <div>
            <dt>{t('checkout.pointsLine', { count: Number(form.points).toLocaleString(locale) })}</dt>
            <dd className="muted">{t('checkout.appliedOnPlace')}</dd>
          </div>
        ) : null}
        <div className="totals-grand">
          <dt>{t('order.total')}</dt>
          <dd data-testid="summary-total">{money(total)}</dd>
        </div>
      </dl>
      {gap !== null && standardFee ? (
        <p className={`ship-hint ${gap === 0 && option === 'STANDARD' ? 'ship-hint-ok' : ''}`} data-testid="free-shipping-hint">
          {gap > 0
            ? t('cart.freeShippingGap', { amount: money(gap) })
            : option === 'STANDARD'
              ? t('cart.freeShippingReached')
              : t('checkout.freeWithStandard')}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block place-order" disabled={fetching || waiting} data-testid="place-order">
        {fetching ? t('checkout.placing') : t('checkout.place', { total: money(total) })}
      </button>
      <p className="muted small">{t('checkout.finalNote')}</p>
    </aside>
  )
}

function SummaryLine({
  line,
  index,
  errors,
  msg,
  maxQuantity,
  clearLine,
  live,
}: {
  line: CartLine
  index: number
  errors?: MappedErrors['lines'][number]
  msg: (ue: CheckoutUserError) => string
  maxQuantity: number
  clearLine: (sku: string, part?: 'sku' | 'quantity' | 'price') => void
  /** the product as the catalogue has it now */
  live?: LiveProduct
}) {
  const { t, locale } = useI18n()
  const money = (amount: number) => formatMoney(amount, line.currency, locale)
  const name = productName(line, locale) || line.sku
  // a product that may be backordered: say what ships later instead of asking to reduce
  const later = !!live && live.active && lineAllowsBackorder(line, live) && live.available < line.quantity
  const laterId = `${lineElementId(index, 'quantity')}-later`
  const skuErr = errors?.sku
  const qtyErr = errors?.quantity
  const priceErr = errors?.price
  const available = typeof qtyErr?.details?.available === 'number' ? qtyErr.details.available : null
  const skuErrId = `${lineElementId(index, 'sku')}-error`
  const qtyErrId = `${lineElementId(index, 'quantity')}-error`
  const priceErrId = `${lineElementId(index, 'price')}-error`
  const remove = () => {
    removeFromCart(line.sku)
    clearLine(line.sku)
  }
  return (
    <li className={`summary-line ${errors && (skuErr || qtyErr || priceErr) ? 'has-error' : ''}`} data-testid="summary-line" data-sku={line.sku}>
      <div className="summary-line-head">
        <Link to={productPath(line.sku)} className="summary-line-name">
          {name}
        </Link>
        <span className="summary-line-total">{money(line.unitPrice * line.quantity)}</span>
      </div>
      <div className="summary-line-controls">
        <QuantityInput
          id={lineElementId(index, 'quantity')}
          label={t('cart.quantityFor', { name })}
          hideLabel
          value={line.quantity}
          max={maxQuantity}
          onChange={(q) => {
            setCartQuantity(line.sku, q, maxQuantity)
            clearLine(line.sku, 'quantity')
          }}
          invalid={!!qtyErr}
          describedBy={[qtyErr ? qtyErrId : '', later ? laterId : ''].filter(Boolean).join(' ') || undefined}
        />
        <span className="muted small">{t('cart.each', { price: money(line.unitPrice) })}</span>
        <button
          type="button"
          id={lineElementId(index, 'sku')}
          className="btn btn-ghost btn-small"
          onClick={remove}
          aria-describedby={skuErr ? skuErrId : undefined}
        >
          {t('cart.remove')}
          <span className="visually-hidden">: {name}</span>
        </button>
      </div>
      {later && live ? (
        <ShipsLaterNote id={laterId} available={live.available} quantity={line.quantity} eta={live.restockEta ?? line.restockEta} />
      ) : null}
      {skuErr ? (
        <p id={skuErrId} className="field-error" data-testid="line-sku-error">
          {msg(skuErr)}
        </p>
      ) : null}
      {priceErr || line.newPrice != null ? (
        <div className="line-fix">
          <p id={priceErrId} className="field-error" data-testid="line-price-error">
            {priceErr
              ? msg(priceErr)
              : t('cart.priceChanged', { from: money(line.unitPrice), to: money(line.newPrice ?? line.unitPrice) })}
          </p>
          {line.newPrice != null ? (
            <button
              type="button"
              id={lineElementId(index, 'price')}
              className="btn btn-secondary btn-small"
              aria-describedby={priceErrId}
              onClick={() => {
                acceptNewPrice(line.sku)
                clearLine(line.sku, 'price')
              }}
              data-testid="update-price"
            >
              {t('checkout.updatePrice', { price: money(line.newPrice) })}
            </button>
          ) : null}
        </div>
      ) : null}
      {qtyErr ? (
        <div className="line-fix">
          <p id={qtyErrId} className="field-error" data-testid="line-quantity-error">
            {msg(qtyErr)}
          </p>
          {available !== null && available > 0 && available < line.quantity ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => {
                setCartQuantity(line.sku, available, maxQuantity)
                clearLine(line.sku, 'quantity')
              }}
              data-testid="reduce-quantity"
            >
              {t('checkout.reduceTo', { count: available })}
            </button>
          ) : available === 0 ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={remove}>
              {t('cart.remove')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}
