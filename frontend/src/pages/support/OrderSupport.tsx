// On /account/orders/<number>: help with this order. "Contact support" opens a ticket with the
// order (and the lines the problem is about) already filled in; returns are requested within the
// policy window, line by line, and followed step by step; a delivered order can be rated once.
import { useId, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { SelectField, TextAreaField } from '../../components/Field'
import { StatusBadge } from '../../components/StatusBadge'
import type { ReturnFieldsFragment, ReturnRequestResolution, TicketCategory } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { useDraft } from '../../lib/draft'
import { splitUserErrors } from '../../lib/errors'
import { formatDate, formatDateTime } from '../../lib/format'
import { Link } from '../../lib/router'
import { CATEGORIES } from '../staff/support/inbox'
import { ReturnProgress } from './ReturnProgress'
import { SurveyForm } from './SurveyForm'
import {
  CancelMyReturnDocument,
  customerMayCancelReturn,
  MySurveysDocument,
  OpenOrderTicketDocument,
  OrderSupportDocument,
  RequestOrderReturnDocument,
} from './supportData'
import './support.css'

export interface SupportOrder {
  id: string
  number: string
  status: string
  lines?: readonly { id: string; sku: string; name: string; quantity: number }[] | null
  shipments?: readonly { id: string; trackingNumber: string; status: string }[] | null
}

/** The category a complaint about an order most likely has, from where the order is. */
export function defaultOrderCategory(status: string): TicketCategory {
  if (status === 'SHIPPED' || status === 'PARTIALLY_SHIPPED') return 'LATE_DELIVERY'
  if (status === 'PENDING_PAYMENT' || status === 'ON_HOLD') return 'BILLING'
  return 'OTHER'
}

export function OrderSupport({ order }: { order: SupportOrder }) {
  const { t, tv, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OrderSupportDocument,
    variables: { orderId: order.id },
    requestPolicy: 'cache-and-network',
  })
  const [{ data: surveys }] = useQuery({ query: MySurveysDocument, requestPolicy: 'cache-and-network' })
  const refresh = () => reexecute({ requestPolicy: 'network-only' })
  const tickets = (data?.tickets?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  const returns = (data?.returnRequests?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  const rw = data?.returnWindow ?? null
  const deliverySurvey = surveys?.pendingSurveys?.find((s) => s.kind === 'DELIVERY' && s.subjectId === order.id) ?? null

  return (
    <div className="sup-order" data-testid="order-support">
      <section className="card" aria-labelledby="order-help-title">
        <h2 id="order-help-title" className="card-title">
          {t('sup.order.helpTitle')}
        </h2>
        {tickets.length > 0 ? (
          <ul className="sup-order-tickets" data-testid="order-tickets">
            {tickets.map((tk) => (
              <li key={tk.id}>
                <Link to={`/account/tickets/${encodeURIComponent(tk.number)}`} className="mono">
                  {tk.number}
                </Link>
                <StatusBadge status={tk.status} kind="ticketStatus" />
                <span className="sup-order-ticket-subject">{tk.subject}</span>
                <span className="muted small">{formatDateTime(tk.updatedAt, locale)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <ContactSupportForOrder order={order} onOpened={refresh} />
      </section>

      <section className="card" aria-labelledby="order-returns-title" data-testid="order-returns">
        <h2 id="order-returns-title" className="card-title">
          {t('sup.return.title')}
        </h2>
        {fetching && !data ? (
          <Spinner />
        ) : error && !data ? (
          <ErrorState error={error} onRetry={refresh} />
        ) : (
          <>
            {returns.length > 0 ? (
              <ul className="sup-return-list">
                {returns.map((r) => (
                  <li key={r.id} className="sup-return" data-testid="order-return" data-status={r.status}>
                    <div className="sup-return-head">
                      <span className="mono">{r.number}</span>
                      <StatusBadge status={r.status} kind="returnStatus" />
                      <span className="muted small">{tv('returnResolution', r.resolution)}</span>
                    </div>
                    <ReturnProgress ret={r} />
                    {customerMayCancelReturn(r.status) ? <CancelReturn ret={r} onDone={refresh} /> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            {rw?.open ? (
              <ReturnRequestForm orderId={order.id} rw={rw} onDone={refresh} />
            ) : rw?.deadline ? (
              <p className="muted" data-testid="return-window-closed">
                {t('sup.return.windowClosed', { date: formatDate(rw.deadline, locale) })}
              </p>
            ) : returns.length === 0 ? (
              <p className="muted" data-testid="return-not-yet">
                {t('sup.return.afterDelivery', { days: rw?.days ?? 7 })}
              </p>
            ) : null}
          </>
        )}
      </section>
      {deliverySurvey ? (
        <section className="card sup-survey-card" aria-labelledby="order-survey-title">
          <h2 id="order-survey-title" className="card-title">
            {t('sup.survey.deliveryTitle')}
          </h2>
          <SurveyForm kind="DELIVERY" subjectId={order.id} question={t('sup.survey.deliveryQuestion', { number: order.number })} testId="delivery-survey" />
        </section>
      ) : null}
    </div>
  )
}

function ContactSupportForOrder({ order, onOpened }: { order: SupportOrder; onOpened: () => void }) {
  const i18n = useI18n()
  const { t, tv, te } = i18n
  const uid = useId()
  const [open, setOpen] = useState(false)
  const draft = useDraft(`order-ticket-${order.number}`, { category: defaultOrderCategory(order.status) as string, message: '', lines: '' })
  const [messageError, setMessageError] = useState<string | null>(null)
  const [general, setGeneral] = useState<string[]>([])
  const [opened, setOpened] = useState<{ number: string; merged: boolean } | null>(null)
  const [{ fetching }, openTicket] = useMutation(OpenOrderTicketDocument)
  const chosen = new Set(draft.values.lines ? draft.values.lines.split(',') : [])
  const lines = order.lines ?? []
  const shipments = order.shipments ?? []

  const toggleLine = (id: string, on: boolean) => {
    const next = new Set(chosen)
    if (on) next.add(id)
    else next.delete(id)
    draft.set({ lines: [...next].join(',') })
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    const message = draft.values.message.trim()
    if (!message) {
      setMessageError(t('sup.open.messageRequired'))
      document.getElementById(`${uid}-message`)?.focus()
      return
    }
    setMessageError(null)
    setGeneral([])
    const res = await openTicket({
      input: {
        orderId: order.id,
        ...(shipments.length === 1 ? { shipmentId: shipments[0].id } : {}),
        ...(chosen.size > 0 ? { orderLineIds: [...chosen] } : {}),
        category: draft.values.category as TicketCategory,
        message,
      },
    })
    const payload = res.data?.openTicket
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    if (payload.userErrors.length > 0 || !payload.ticket) {
      const { byField, general: rest } = splitUserErrors(payload.userErrors, ['message'] as const)
      if (byField.message) setMessageError(te(byField.message.code, byField.message.message))
      setGeneral(rest.map((u) => te(u.code, u.message)))
      return
    }
    draft.clear()
    setOpened({ number: payload.ticket.number, merged: payload.merged })
    setOpen(false)
    onOpened()
  }

  if (opened) {
    return (
      <div className="notice notice-success" role="status" data-testid="order-ticket-opened">
        <p className="notice-title">{opened.merged ? t('sup.open.merged') : t('sup.open.done')}</p>
        <p>
          <Link to={`/account/tickets/${encodeURIComponent(opened.number)}`} className="btn btn-primary btn-small" data-testid="order-ticket-link">
            {t('sup.open.view', { number: opened.number })}
          </Link>
        </p>
      </div>
    )
  }

  if (!open) {
    return (
      <p>
        <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} aria-expanded={false} data-testid="order-contact-support">
          {t('sup.open.button')}
        </button>
      </p>
    )
  }

  return (
    <form className="form-stack sup-open-form" onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="order-ticket-form">
      <p className="muted">{t('sup.open.about', { number: order.number })}</p>
      <FormAlert messages={general} />
      <SelectField id={`${uid}-category`} label={t('sup.open.category')} value={draft.values.category} onChange={(e) => draft.set({ category: e.target.value })}>
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {tv('ticketCategory', c)}
          </option>
        ))}
      </SelectField>
      {lines.length > 1 ? (
        <fieldset className="sup-lines-pick">
          <legend>
            {t('sup.open.lines')} <span className="label-optional">{t('form.optional')}</span>
          </legend>
          {lines.map((l) => (
            <label key={l.id} className="check-row">
              <input type="checkbox" checked={chosen.has(l.id)} onChange={(e) => toggleLine(l.id, e.target.checked)} />
              <span>
                {l.name} <span className="muted small mono">{l.sku}</span> × {l.quantity}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <TextAreaField
        id={`${uid}-message`}
        label={t('sup.open.message')}
        hint={t('sup.open.messageHint')}
        rows={4}
        maxLength={5000}
        value={draft.values.message}
        onChange={(e) => draft.set({ message: e.target.value })}
        error={messageError}
      />
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={fetching} data-testid="order-ticket-submit">
          {fetching ? t('sup.sending') : t('sup.open.send')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
          {t('sup.cancel')}
        </button>
      </div>
    </form>
  )
}

const RETURN_REASONS = ['changedMind', 'noFit', 'defective', 'notAsDescribed', 'damaged', 'other'] as const
type ReturnReason = (typeof RETURN_REASONS)[number]
const REASON_LABEL = {
  changedMind: 'sup.return.why.changedMind',
  noFit: 'sup.return.why.noFit',
  defective: 'sup.return.why.defective',
  notAsDescribed: 'sup.return.why.notAsDescribed',
  damaged: 'sup.return.why.damaged',
  other: 'sup.return.why.other',
} as const satisfies Record<ReturnReason, string>

interface WindowData {
  open: boolean
  deadline?: string | null
  days: number
  lines: readonly { line: { id: string; sku: string; name: string; quantity: number }; returnable: boolean; maxQuantity: number; reason: string }[]
}

function ReturnRequestForm({ orderId, rw, onDone }: { orderId: string; rw: WindowData; onDone: () => void }) {
  const i18n = useI18n()
  const { t, te, locale } = i18n
  const uid = useId()
  const [open, setOpen] = useState(false)
  const [qty, setQty] = useState<Record<string, number>>({})
  const [why, setWhy] = useState<ReturnReason | ''>('')
  const [details, setDetails] = useState('')
  const [resolution, setResolution] = useState<ReturnRequestResolution>('REFUND')
  const [errors, setErrors] = useState<{ lines?: string; why?: string; general: string[] }>({ general: [] })
  const [done, setDone] = useState<string | null>(null)
  const [{ fetching }, request] = useMutation(RequestOrderReturnDocument)
  const available = rw.lines.filter((l) => l.returnable && l.maxQuantity > 0)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    const lines = Object.entries(qty)
      .filter(([, q]) => q > 0)
      .map(([orderLineId, quantity]) => ({ orderLineId, quantity }))
    const next: typeof errors = { general: [] }
    if (lines.length === 0) next.lines = t('sup.return.pickLines')
    if (!why) next.why = t('sup.return.pickReason')
    if (next.lines || next.why) {
      setErrors(next)
      document.getElementById(next.lines ? `${uid}-lines` : `${uid}-why`)?.focus()
      return
    }
    setErrors({ general: [] })
    const reason = [t(REASON_LABEL[why as ReturnReason]), details.trim()].filter(Boolean).join(': ')
    const res = await request({ input: { orderId, lines, reason, resolution } })
    const payload = res.data?.requestReturn
    if (res.error || !payload) {
      setErrors({ general: [res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')] })
      return
    }
    if (payload.userErrors.length > 0 || !payload.returnRequest) {
      setErrors({ general: payload.userErrors.map((u) => te(u.code, u.message)) })
      return
    }
    setDone(payload.returnRequest.number)
    setOpen(false)
    setQty({})
    setWhy('')
    setDetails('')
    onDone()
  }

  return (
    <div className="sup-return-new">
      {done ? (
        <p className="notice notice-success" role="status" data-testid="return-requested">
          {t('sup.return.requested', { number: done })}
        </p>
      ) : null}
      <p className="muted" data-testid="return-window-open">
        {t('sup.return.windowOpen', { date: rw.deadline ? formatDate(rw.deadline, locale) : '—', days: rw.days })}
      </p>
      {!open ? (
        available.length > 0 ? (
          <p>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(true)} data-testid="return-start">
              {t('sup.return.start')}
            </button>
          </p>
        ) : (
          <p className="muted">{t('sup.return.nothingLeft')}</p>
        )
      ) : (
        <form className="form-stack" onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="return-form">
          <FormAlert messages={errors.general} />
          <fieldset className="sup-lines-pick" id={`${uid}-lines`} tabIndex={-1} aria-describedby={errors.lines ? `${uid}-lines-err` : undefined}>
            <legend>{t('sup.return.which')}</legend>
            {rw.lines.map(({ line, returnable, maxQuantity, reason }) => {
              const blocked = !returnable || maxQuantity <= 0
              return (
                <div key={line.id} className="sup-line-qty" data-testid="return-line">
                  <label htmlFor={`${uid}-q-${line.id}`} className={blocked ? 'muted' : undefined}>
                    {line.name} <span className="small mono">{line.sku}</span>
                    {blocked ? <span className="cell-sub">{reason ? i18n.tv('returnLineReason', reason) : t('sup.return.notReturnable')}</span> : null}
                  </label>
                  <select
                    id={`${uid}-q-${line.id}`}
                    value={qty[line.id] ?? 0}
                    disabled={blocked}
                    onChange={(e) => setQty((q) => ({ ...q, [line.id]: Number(e.target.value) }))}
                    className="select-compact"
                  >
                    {Array.from({ length: Math.max(0, maxQuantity) + 1 }, (_, n) => (
                      <option key={n} value={n}>
                        {n === 0 ? t('sup.return.none') : t('sup.return.qty', { n })}
                      </option>
                    ))}
                  </select>
                </div>
              )
            })}
            {errors.lines ? (
              <p id={`${uid}-lines-err`} className="field-error" role="alert">
                {errors.lines}
              </p>
            ) : null}
          </fieldset>
          <SelectField id={`${uid}-why`} label={t('sup.return.reason')} value={why} onChange={(e) => setWhy(e.target.value as ReturnReason)} error={errors.why}>
            <option value="">{t('sup.return.chooseReason')}</option>
            {RETURN_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(REASON_LABEL[r])}
              </option>
            ))}
          </SelectField>
          <TextAreaField id={`${uid}-details`} label={t('sup.return.details')} optional rows={2} maxLength={1000} value={details} onChange={(e) => setDetails(e.target.value)} />
          <fieldset className="sup-radio-row">
            <legend>{t('sup.return.want')}</legend>
            {(['REFUND', 'EXCHANGE'] as const).map((r) => (
              <label key={r} className="check-row">
                <input type="radio" name={`${uid}-resolution`} value={r} checked={resolution === r} onChange={() => setResolution(r)} />
                <span>{i18n.tv('returnResolution', r)}</span>
              </label>
            ))}
          </fieldset>
          <div className="button-row">
            <button type="submit" className="btn btn-primary" disabled={fetching} data-testid="return-submit">
              {fetching ? t('sup.sending') : t('sup.return.send')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {t('sup.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}

function CancelReturn({ ret, onDone }: { ret: ReturnFieldsFragment; onDone: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [confirming, setConfirming] = useState(false)
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching }, cancel] = useMutation(CancelMyReturnDocument)
  const go = async () => {
    setErrors([])
    const res = await cancel({ returnId: ret.id })
    const payload = res.data?.cancelReturn
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    if (payload.userErrors.length > 0) {
      setErrors(payload.userErrors.map((u) => te(u.code, u.message)))
      return
    }
    setConfirming(false)
    onDone()
  }
  return (
    <div className="sup-return-cancel">
      <FormAlert messages={errors} />
      {confirming ? (
        <div className="button-row" role="group" aria-label={t('sup.return.cancelConfirm', { number: ret.number })}>
          <span>{t('sup.return.cancelConfirm', { number: ret.number })}</span>
          <button type="button" className="btn btn-danger btn-small" disabled={fetching} onClick={() => void go()} autoFocus>
            {t('sup.return.cancelYes')}
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(false)}>
            {t('sup.return.cancelNo')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(true)}>
          {t('sup.return.cancel')}
        </button>
      )}
    </div>
  )
}
