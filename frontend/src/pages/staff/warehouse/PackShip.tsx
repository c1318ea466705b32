// Packing and shipping one order of a pick list: the pack form (weight, dimensions) opens only
// when every line of the order is scanned; then a carrier and service (the API's quotes, the
// recommended one — cheapest that meets the promise — chosen by default); then the tracking
// number and the printable label.
import { useEffect, useId, useRef, useState } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, FormAlert, Spinner } from '../../../components/Feedback'
import { StatusBadge } from '../../../components/StatusBadge'
import type { WhCartonFieldsFragment, WhPickLineFieldsFragment, WhQuoteFieldsFragment } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { formatDate, formatMoney } from '../../../lib/format'
import { Link } from '../../../lib/router'
import { WhCartonQuotesDocument, WhPackDocument, WhShipDocument } from './operations'
import { errorAt, errorsBesides, isS10, parseNumber } from './shared'

interface Props {
  pickListId: string
  pickListOpen: boolean
  order: WhPickLineFieldsFragment['order']
  lines: WhPickLineFieldsFragment[]
  carton: WhCartonFieldsFragment | null
  onChanged: () => void
}

export function OrderPackShip({ pickListId, pickListOpen, order, lines, carton, onChanged }: Props) {
  const { t } = useI18n()
  const left = lines.reduce((s, l) => s + (l.status === 'PENDING' ? l.remaining : 0), 0)
  const units = lines.reduce((s, l) => s + l.quantity, 0)
  const complete = left === 0 && lines.every((l) => l.status !== 'PENDING')

  return (
    <div className="wh-order" data-testid="order-pack" data-order={order.number}>
      <div className="card-head">
        <h3 className="card-title">{t('wh.pack.orderTitle', { number: order.number })}</h3>
        <StatusBadge kind="orderStatus" status={order.status} />
      </div>
      {carton?.status === 'SHIPPED' && carton.shipment ? (
        <Shipped carton={carton} />
      ) : carton?.status === 'PACKED' ? (
        <ShipForm carton={carton} onShipped={onChanged} />
      ) : pickListOpen || complete ? (
        <PackForm
          pickListId={pickListId}
          orderId={order.id}
          complete={complete}
          left={left}
          units={units}
          itemGrams={lines.reduce((s, l) => s + l.quantity * (l.product?.weightGrams ?? 0), 0)}
          onPacked={onChanged}
        />
      ) : null}
    </div>
  )
}

function PackForm({
  pickListId,
  orderId,
  complete,
  left,
  units,
  itemGrams,
  onPacked,
}: {
  pickListId: string
  orderId: string
  complete: boolean
  left: number
  units: number
  /** what the items weigh without the carton (a hint for the scale) */
  itemGrams: number
  onPacked: () => void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const uid = useId()
  const [values, setValues] = useState({ weight: '', length: '', width: '', height: '' })
  const [clientErrors, setClientErrors] = useState<Partial<Record<keyof typeof values, string>>>({})
  const [serverErrors, setServerErrors] = useState<{ field?: readonly string[] | null; code: string; message: string }[]>([])
  const [general, setGeneral] = useState<string[]>([])
  const [state, pack] = useMutation(WhPackDocument)
  const refs = useRef<Partial<Record<keyof typeof values, HTMLInputElement | null>>>({})

  const submit = async () => {
    const kg = parseNumber(values.weight)
    const dims = { length: parseNumber(values.length), width: parseNumber(values.width), height: parseNumber(values.height) }
    const errs: typeof clientErrors = {}
    if (!(kg > 0)) errs.weight = t('wh.pack.weightRequired')
    for (const k of ['length', 'width', 'height'] as const) if (!(dims[k] > 0)) errs[k] = t('wh.pack.sideRequired')
    setClientErrors(errs)
    setServerErrors([])
    setGeneral([])
    const first = (['weight', 'length', 'width', 'height'] as const).find((k) => errs[k])
    if (first) {
      refs.current[first]?.focus()
      return
    }
    const res = await pack({
      input: {
        pickListId,
        orderId,
        weightGrams: Math.round(kg * 1000),
        lengthMm: Math.round(dims.length * 10),
        widthMm: Math.round(dims.width * 10),
        heightMm: Math.round(dims.height * 10),
      },
    })
    if (res.error) {
      setGeneral([describeRequestError(res.error, i18n)])
      return
    }
    const ue = res.data?.packOrder.userErrors ?? []
    if (ue.length) {
      setServerErrors(ue)
      const f = ue[0].field?.[ue[0].field.length - 1]
      const key = f === 'weightGrams' ? 'weight' : f === 'lengthMm' ? 'length' : f === 'widthMm' ? 'width' : f === 'heightMm' ? 'height' : null
      if (key) refs.current[key]?.focus()
      return
    }
    onPacked()
  }

  const fieldError = (k: keyof typeof values, apiField: string) => {
    if (clientErrors[k]) return clientErrors[k]
    const ue = errorAt(serverErrors, apiField)
    return ue ? i18n.te(ue.code, ue.message) : null
  }
  const others = errorsBesides(serverErrors, 'weightGrams', 'lengthMm', 'widthMm', 'heightMm').map((e) => i18n.te(e.code, e.message))

  const input = (k: keyof typeof values, label: string, apiField: string, unit: string, hint?: string) => {
    const id = `${uid}-${k}`
    const err = fieldError(k, apiField)
    const describedBy = [err ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined
    return (
      <div className="field">
        <label htmlFor={id}>
          {label} <span className="label-optional">({unit})</span>
        </label>
        <input
          id={id}
          ref={(el) => {
            refs.current[k] = el
          }}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={values[k]}
          onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
          aria-invalid={err ? true : undefined}
          aria-describedby={describedBy}
          data-testid={`pack-${k}`}
        />
        {err ? (
          <p id={`${id}-error`} className="field-error">
            {err}
          </p>
        ) : null}
        {hint ? (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        ) : null}
      </div>
    )
  }

  return (
    <form
      className="wh-pack-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (complete) void submit()
      }}
      noValidate
    >
      {complete ? (
        <p className="notice notice-success wh-compact" data-testid="pack-ready">
          {t('wh.pack.ready', { count: units })}
        </p>
      ) : (
        <p className="notice notice-info wh-compact" data-testid="pack-locked">
          {t('wh.pack.locked', { count: left })}
        </p>
      )}
      <fieldset disabled={!complete} className="wh-fieldset">
        <legend className="visually-hidden">{t('wh.pack.legend')}</legend>
        <div className="wh-pack-grid">
          {input(
            'weight',
            t('wh.pack.weight'),
            'weightGrams',
            'kg',
            itemGrams > 0 ? t('wh.pack.itemsWeigh', { kg: (itemGrams / 1000).toLocaleString(i18n.locale) }) : undefined,
          )}
          {input('length', t('wh.pack.length'), 'lengthMm', 'cm')}
          {input('width', t('wh.pack.width'), 'widthMm', 'cm')}
          {input('height', t('wh.pack.height'), 'heightMm', 'cm')}
        </div>
        <button type="submit" className="btn btn-primary" disabled={!complete || state.fetching} data-testid="pack-button">
          {state.fetching ? t('wh.pack.packing') : t('wh.pack.submit')}
        </button>
      </fieldset>
      <FormAlert messages={[...general, ...others]} testId="pack-errors" />
    </form>
  )
}

const quoteKey = (q: Pick<WhQuoteFieldsFragment, 'carrier' | 'serviceLevel'>) => `${q.carrier.id}:${q.serviceLevel}`

function ShipForm({ carton, onShipped }: { carton: WhCartonFieldsFragment; onShipped: () => void }) {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const uid = useId()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WhCartonQuotesDocument, variables: { id: carton.id } })
  const quotes = data?.node?.__typename === 'Carton' ? data.node.quotes : []
  const [choice, setChoice] = useState<string | null>(null)
  const [tracking, setTracking] = useState('')
  const [trackingError, setTrackingError] = useState<string | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [state, ship] = useMutation(WhShipDocument)
  const trackingRef = useRef<HTMLInputElement>(null)
  const recommended = quotes.find((q) => q.recommended) ?? quotes[0]
  const chosen = quotes.find((q) => quoteKey(q) === choice) ?? recommended

  useEffect(() => {
    if (recommended && choice === null) setChoice(quoteKey(recommended))
  }, [recommended, choice])

  const submit = async () => {
    setErrors([])
    setTrackingError(null)
    const number = tracking.replace(/[\s-]/g, '').toUpperCase()
    if (number && !isS10(number)) {
      setTrackingError(t('wh.ship.trackingInvalid'))
      trackingRef.current?.focus()
      return
    }
    const res = await ship({
      input: {
        cartonId: carton.id,
        ...(chosen ? { carrierId: chosen.carrier.id, serviceLevel: chosen.serviceLevel } : {}),
        ...(number ? { trackingNumber: number } : {}),
      },
    })
    if (res.error) {
      setErrors([describeRequestError(res.error, i18n)])
      return
    }
    const ue = res.data?.shipCarton.userErrors ?? []
    if (ue.length) {
      const atTracking = errorAt(ue, 'trackingNumber')
      if (atTracking) {
        setTrackingError(i18n.te(atTracking.code, atTracking.message))
        trackingRef.current?.focus()
      }
      setErrors(errorsBesides(ue, 'trackingNumber').map((e) => i18n.te(e.code, e.message)))
      return
    }
    onShipped()
  }

  const carrierName = (c: WhQuoteFieldsFragment['carrier']) => (locale === 'zh-CN' ? c.nameZh || c.name : c.name || c.nameZh)

  return (
    <form
      className="wh-ship-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      noValidate
      data-testid="ship-form"
    >
      <p className="notice notice-success wh-compact" data-testid="packed">
        {t('wh.ship.packed', {
          weight: (carton.weightGrams / 1000).toLocaleString(locale),
          dims: `${carton.lengthMm / 10} × ${carton.widthMm / 10} × ${carton.heightMm / 10}`,
        })}
      </p>
      {fetching && !data ? <Spinner label={t('wh.ship.loadingQuotes')} /> : null}
      {error && !data ? (
        <div className="form-stack">
          <FormAlert messages={[describeRequestError(error, i18n)]} />
          <button type="button" className="btn btn-secondary btn-small" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {data && quotes.length === 0 ? <p className="muted">{t('wh.ship.noQuotes')}</p> : null}
      {quotes.length > 0 ? (
        <fieldset className="wh-fieldset">
          <legend className="wh-legend">{t('wh.ship.choose')}</legend>
          <div className="wh-quotes">
            {quotes.map((q) => {
              const key = quoteKey(q)
              const id = `${uid}-${key}`
              return (
                <label key={key} htmlFor={id} className={`wh-quote${chosen && key === quoteKey(chosen) ? ' wh-quote-chosen' : ''}`} data-testid="quote">
                  <input
                    type="radio"
                    id={id}
                    name={`${uid}-quote`}
                    value={key}
                    checked={chosen ? key === quoteKey(chosen) : false}
                    onChange={() => setChoice(key)}
                  />
                  <span className="wh-quote-main">
                    <span className="wh-quote-name">
                      {carrierName(q.carrier)} · {tv('serviceLevel', q.serviceLevel)}
                    </span>
                    <span className="wh-quote-meta">
                      {t('wh.ship.days', { count: q.transitDays })} · {t('wh.ship.arrives', { date: formatDate(q.estimatedDelivery, locale) })}
                    </span>
                  </span>
                  <span className="wh-quote-side">
                    <strong>{formatMoney(q.cost.amount, q.cost.currency, locale)}</strong>
                    {q.recommended ? <span className="badge badge-info">{t('wh.ship.recommended')}</span> : null}
                    {q.meetsPromise ? (
                      <span className="badge badge-success">{t('wh.ship.onTime')}</span>
                    ) : (
                      <span className="badge badge-warning">{t('wh.ship.late')}</span>
                    )}
                  </span>
                </label>
              )
            })}
          </div>
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={`${uid}-tracking`}>
          {t('wh.ship.tracking')} <span className="label-optional">{t('form.optional')}</span>
        </label>
        <input
          id={`${uid}-tracking`}
          ref={trackingRef}
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={tracking}
          onChange={(e) => setTracking(e.target.value)}
          aria-invalid={trackingError ? true : undefined}
          aria-describedby={`${uid}-tracking-hint${trackingError ? ` ${uid}-tracking-error` : ''}`}
        />
        {trackingError ? (
          <p id={`${uid}-tracking-error`} className="field-error" data-testid="tracking-error">
            {trackingError}
          </p>
        ) : null}
        <p id={`${uid}-tracking-hint`} className="field-hint">
          {t('wh.ship.trackingHint')}
        </p>
      </div>
      <button type="submit" className="btn btn-primary" disabled={state.fetching || (fetching && !data)} data-testid="ship-button">
        {state.fetching ? t('wh.ship.shipping') : chosen ? t('wh.ship.submitWith', { carrier: carrierName(chosen.carrier) }) : t('wh.ship.submit')}
      </button>
      <FormAlert messages={errors} testId="ship-errors" />
    </form>
  )
}

function Shipped({ carton }: { carton: WhCartonFieldsFragment }) {
  const { t, tv, locale } = useI18n()
  const s = carton.shipment!
  const carrier = s.carrier ? (locale === 'zh-CN' ? s.carrier.nameZh || s.carrier.name : s.carrier.name || s.carrier.nameZh) : ''
  const ref = useRef<HTMLDivElement>(null)
  // the moment it ships, the news (and the label link) are where the keyboard is
  useEffect(() => {
    if (carton.shippedAt && Date.now() - Date.parse(carton.shippedAt) < 60_000) ref.current?.focus()
  }, [carton.shippedAt])
  return (
    <div className="wh-shipped" ref={ref} tabIndex={-1} data-testid="shipped" role="status">
      <p className="wh-shipped-title">{t('wh.ship.done')}</p>
      <p className="wh-tracking mono" data-testid="tracking-number">
        {s.trackingNumber}
      </p>
      <p className="muted small">
        {carrier} · {tv('serviceLevel', s.serviceLevel)}
      </p>
      <p className="button-row">
        <a href={s.labelUrl} target="_blank" rel="noopener" className="btn btn-primary" data-testid="label-link">
          {t('wh.ship.label')}
        </a>
        <Link to={`/track/${encodeURIComponent(s.trackingNumber)}`} className="btn btn-secondary">
          {t('wh.ship.trackLink')}
        </Link>
      </p>
    </div>
  )
}
