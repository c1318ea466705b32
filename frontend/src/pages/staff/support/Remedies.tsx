// Remedies from a ticket, each one click plus a confirmation: a compensation coupon for the
// customer, a free reship of chosen lines, a refund (never above what can still be refunded) and
// a return. Needs SERVICE_REMEDIES; every remedy is recorded on the ticket (and in the audit log).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useMutation } from 'urql'
import type { CombinedError } from 'urql'
import { describeRequestError, FormAlert } from '../../../components/Feedback'
import { SelectField, TextAreaField, TextField } from '../../../components/Field'
import type { CouponKind, ReturnRequestResolution, StaffTicketFieldsFragment } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { currencyFractionDigits, formatDateTime, formatMoney } from '../../../lib/format'
import { IssueCouponDocument, refundableAmount, RefundDocument, ReshipDocument, StartReturnDocument } from './staffSupportData'

type Ticket = StaffTicketFieldsFragment
type Mode = 'coupon' | 'reship' | 'refund' | 'return'

/** '20', '20.5', '¥1,299.00' → minor units for the currency; null when it is not a positive amount. */
export function parseMoneyInput(text: string, currency: string): number | null {
  const clean = text.replace(/[\s,¥￥$]/g, '')
  if (!/^\d+(\.\d+)?$/.test(clean)) return null
  const digits = currencyFractionDigits(currency)
  const [whole, frac = ''] = clean.split('.')
  if (frac.length > digits) return null
  const minor = Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0')
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null
}

interface Outcome {
  ok: boolean
  errors: string[]
  done?: string
}

export function Remedies({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { t, tv, locale } = useI18n()
  const [mode, setMode] = useState<Mode | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const order = ticket.order
  const currency = order?.currency ?? 'CNY'
  const refundable = refundableAmount(order?.payments)
  const finished = (message: string) => {
    setDone(message)
    setMode(null)
    onDone()
  }
  const button = (m: Mode, label: string, disabled = false) => (
    <button
      type="button"
      className={`btn ${mode === m ? 'btn-primary' : 'btn-secondary'}`}
      aria-expanded={mode === m}
      disabled={disabled}
      onClick={() => {
        setDone(null)
        setMode((cur) => (cur === m ? null : m))
      }}
      data-testid={`remedy-${m}`}
    >
      {label}
    </button>
  )
  return (
    <div className="sup-remedies" data-testid="remedies">
      <div className="button-row sup-remedy-buttons">
        {button('coupon', t('sup.remedy.coupon'), !ticket.customer)}
        {button('reship', t('sup.remedy.reship'), !order)}
        {button('refund', t('sup.remedy.refund'), !order || refundable <= 0)}
        {button('return', t('sup.remedy.return'), !order)}
      </div>
      {order && refundable <= 0 ? <p className="muted small">{t('sup.remedy.nothingToRefund')}</p> : null}
      {done ? (
        <p className="notice notice-success" role="status" data-testid="remedy-done">
          {done}
        </p>
      ) : null}
      {mode === 'coupon' ? <CouponForm ticket={ticket} currency={currency} onDone={finished} onCancel={() => setMode(null)} /> : null}
      {mode === 'reship' && order ? <ReshipForm ticket={ticket} onDone={finished} onCancel={() => setMode(null)} /> : null}
      {mode === 'refund' && order ? <RefundForm ticket={ticket} currency={currency} refundable={refundable} onDone={finished} onCancel={() => setMode(null)} /> : null}
      {mode === 'return' && order ? <ReturnForm ticket={ticket} onDone={finished} onCancel={() => setMode(null)} /> : null}

      {(ticket.remedies ?? []).length > 0 ? (
        <ul className="sup-remedy-list" data-testid="remedy-list">
          {(ticket.remedies ?? []).map((r) => (
            <li key={r.id} data-kind={r.kind}>
              <span className="badge badge-info">{tv('remedyKind', r.kind)}</span>{' '}
              {r.amount > 0 ? <strong>{formatMoney(r.amount, r.currency || currency, locale)}</strong> : null}
              {r.coupon ? <span className="mono"> {r.coupon.code}</span> : null}
              {r.order ? <span className="mono"> {r.order.number}</span> : null}
              {r.returnRequest ? <span className="mono"> {r.returnRequest.number}</span> : null}
              <span className="muted small"> · {formatDateTime(r.createdAt, locale)}</span>
              {r.note ? <span className="cell-sub">{r.note}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function outcomeOf(
  res: { error?: CombinedError; data?: unknown },
  payload: { userErrors: readonly { code: string; message: string }[] } | null | undefined,
  i18n: ReturnType<typeof useI18n>,
): Outcome {
  if (res.error || !payload) return { ok: false, errors: [res.error ? describeRequestError(res.error, i18n) : i18n.t('common.errorBody')] }
  if (payload.userErrors.length > 0) return { ok: false, errors: payload.userErrors.map((u) => i18n.te(u.code, u.message)) }
  return { ok: true, errors: [] }
}

/**
 * A remedy's form: fill it in, review ("Issue a ¥20 coupon to 王芳?"), confirm. `review` returns
 * the confirmation sentence, or null when something is missing (it shows its own errors).
 */
function RemedyShell({
  title,
  review,
  confirm,
  onCancel,
  confirmLabel,
  children,
  testId,
}: {
  title: string
  review: () => string | null
  confirm: () => Promise<Outcome>
  onCancel: () => void
  confirmLabel: string
  children: ReactNode
  testId: string
}) {
  const { t } = useI18n()
  const [question, setQuestion] = useState<string | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  useEffect(() => {
    if (question) confirmRef.current?.focus()
  }, [question])
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setErrors([])
    setQuestion(review())
  }
  const go = async () => {
    if (busy) return
    setBusy(true)
    const out = await confirm()
    setBusy(false)
    if (!out.ok) {
      setErrors(out.errors)
      setQuestion(null)
    }
  }
  return (
    <section className="sup-remedy-form" aria-labelledby={titleId} data-testid={`${testId}-form`}>
      <h4 id={titleId} className="sup-remedy-title">
        {title}
      </h4>
      <FormAlert messages={errors} testId={`${testId}-errors`} />
      {question ? (
        <div className="sup-confirm" role="alertdialog" aria-labelledby={`${titleId}-q`} data-testid="remedy-confirm">
          <p id={`${titleId}-q`} className="sup-confirm-q">
            {question}
          </p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" ref={confirmRef} disabled={busy} onClick={() => void go()} data-testid="remedy-confirm-yes">
              {busy ? t('sup.sending') : confirmLabel}
            </button>
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setQuestion(null)}>
              {t('sup.remedy.back')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form-stack" onSubmit={onSubmit} noValidate>
          {children}
          <div className="button-row">
            <button type="submit" className="btn btn-primary" data-testid={`${testId}-review`}>
              {t('sup.remedy.review')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={onCancel}>
              {t('sup.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

function CouponForm({ ticket, currency, onDone, onCancel }: { ticket: Ticket; currency: string; onDone: (msg: string) => void; onCancel: () => void }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const uid = useId()
  const [kind, setKind] = useState<CouponKind>('FIXED')
  const [amount, setAmount] = useState('20')
  const [percent, setPercent] = useState('10')
  const [minSpend, setMinSpend] = useState('')
  const [days, setDays] = useState('90')
  const [note, setNote] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [, issue] = useMutation(IssueCouponDocument)
  const who = ticket.customer?.name || t('sup.remedy.theCustomer')

  const values = () => {
    const errs: Record<string, string> = {}
    const amountOff = kind === 'FIXED' ? parseMoneyInput(amount, currency) : null
    const percentOff = kind === 'PERCENT' ? Number(percent) : null
    const min = minSpend.trim() ? parseMoneyInput(minSpend, currency) : 0
    const validDays = Number(days)
    if (kind === 'FIXED' && amountOff === null) errs.amount = t('sup.remedy.badAmount')
    if (kind === 'PERCENT' && (!Number.isInteger(percentOff) || (percentOff ?? 0) < 1 || (percentOff ?? 0) > 100)) errs.percent = t('sup.remedy.badPercent')
    if (minSpend.trim() && min === null) errs.minSpend = t('sup.remedy.badAmount')
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > 365) errs.days = t('sup.remedy.badDays')
    setFieldErrors(errs)
    if (Object.keys(errs).length > 0) return null
    return { amountOff, percentOff, min: min ?? 0, validDays }
  }

  return (
    <RemedyShell
      title={t('sup.remedy.couponTitle')}
      testId="coupon"
      confirmLabel={t('sup.remedy.couponConfirm')}
      onCancel={onCancel}
      review={() => {
        const v = values()
        if (!v) return null
        const value = kind === 'FIXED' ? formatMoney(v.amountOff ?? 0, currency, locale) : `${v.percentOff}%`
        return t('sup.remedy.couponQuestion', { value, name: who, days: v.validDays })
      }}
      confirm={async () => {
        const v = values()
        if (!v) return { ok: false, errors: [] }
        const res = await issue({
          input: {
            ticketId: ticket.id,
            kind,
            ...(kind === 'FIXED' ? { amountOff: v.amountOff } : { percentOff: v.percentOff }),
            ...(v.min > 0 ? { minSpend: v.min } : {}),
            validDays: v.validDays,
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        })
        const payload = res.data?.issueCoupon
        const out = outcomeOf(res, payload, i18n)
        if (out.ok) onDone(t('sup.remedy.couponDone', { code: payload?.coupon?.code ?? '' }))
        return out
      }}
    >
      <fieldset className="sup-radio-row">
        <legend>{t('sup.remedy.couponKind')}</legend>
        {(['FIXED', 'PERCENT'] as const).map((k) => (
          <label key={k} className="check-row">
            <input type="radio" name={`${uid}-kind`} checked={kind === k} onChange={() => setKind(k)} />
            <span>{k === 'FIXED' ? t('sup.remedy.fixed') : t('sup.remedy.percent')}</span>
          </label>
        ))}
      </fieldset>
      <div className="sup-form-row">
        {kind === 'FIXED' ? (
          <TextField id={`${uid}-amount`} label={t('sup.remedy.amountOff', { currency })} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={fieldErrors.amount} data-testid="coupon-amount" />
        ) : (
          <TextField id={`${uid}-percent`} label={t('sup.remedy.percentOff')} inputMode="numeric" value={percent} onChange={(e) => setPercent(e.target.value)} error={fieldErrors.percent} />
        )}
        <TextField id={`${uid}-min`} label={t('sup.remedy.minSpend')} optional inputMode="decimal" value={minSpend} onChange={(e) => setMinSpend(e.target.value)} error={fieldErrors.minSpend} />
        <TextField id={`${uid}-days`} label={t('sup.remedy.validDays')} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} error={fieldErrors.days} />
      </div>
      <TextField id={`${uid}-note`} label={t('sup.remedy.note')} optional maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
    </RemedyShell>
  )
}

/** Quantities per order line, chosen with selects (0 … the line's quantity). */
function LinePicker({
  lines,
  qty,
  setQty,
  preselect,
  legend,
  error,
  id,
}: {
  lines: readonly { id: string; sku: string; name: string; quantity: number }[]
  qty: Record<string, number>
  setQty: (q: Record<string, number>) => void
  preselect?: readonly string[] | null
  legend: string
  error?: string
  id: string
}) {
  const { t } = useI18n()
  useEffect(() => {
    // the lines the complaint names start chosen (once)
    if (preselect && preselect.length > 0 && Object.keys(qty).length === 0) {
      const q: Record<string, number> = {}
      for (const l of lines) if (preselect.includes(l.id)) q[l.id] = l.quantity
      setQty(q)
    }
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, on mount
  return (
    <fieldset className="sup-lines-pick" id={id} tabIndex={-1}>
      <legend>{legend}</legend>
      {lines.map((l) => (
        <div key={l.id} className="sup-line-qty">
          <label htmlFor={`${id}-${l.id}`}>
            {l.name} <span className="small mono muted">{l.sku}</span>
          </label>
          <select
            id={`${id}-${l.id}`}
            className="select-compact"
            value={qty[l.id] ?? 0}
            onChange={(e) => setQty({ ...qty, [l.id]: Number(e.target.value) })}
            data-testid="line-qty"
          >
            {Array.from({ length: l.quantity + 1 }, (_, n) => (
              <option key={n} value={n}>
                {n === 0 ? t('sup.return.none') : t('sup.return.qty', { n })}
              </option>
            ))}
          </select>
        </div>
      ))}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

function chosenLines(qty: Record<string, number>) {
  return Object.entries(qty)
    .filter(([, q]) => q > 0)
    .map(([orderLineId, quantity]) => ({ orderLineId, quantity }))
}

function describeLines(lines: readonly { id: string; name: string }[], qty: Record<string, number>): string {
  return lines
    .filter((l) => (qty[l.id] ?? 0) > 0)
    .map((l) => `${l.name} × ${qty[l.id]}`)
    .join(', ')
}

function ReshipForm({ ticket, onDone, onCancel }: { ticket: Ticket; onDone: (msg: string) => void; onCancel: () => void }) {
  const i18n = useI18n()
  const { t } = i18n
  const uid = useId()
  const lines = ticket.order?.lines ?? []
  const [qty, setQty] = useState<Record<string, number>>({})
  const [reason, setReason] = useState('')
  const [lineError, setLineError] = useState<string | undefined>()
  const [, reship] = useMutation(ReshipDocument)
  return (
    <RemedyShell
      title={t('sup.remedy.reshipTitle')}
      testId="reship"
      confirmLabel={t('sup.remedy.reshipConfirm')}
      onCancel={onCancel}
      review={() => {
        if (chosenLines(qty).length === 0) {
          setLineError(t('sup.remedy.pickLines'))
          document.getElementById(`${uid}-lines`)?.focus()
          return null
        }
        setLineError(undefined)
        return t('sup.remedy.reshipQuestion', { items: describeLines(lines, qty) })
      }}
      confirm={async () => {
        const res = await reship({ input: { ticketId: ticket.id, lines: chosenLines(qty), ...(reason.trim() ? { reason: reason.trim() } : {}) } })
        const payload = res.data?.reshipFromTicket
        const out = outcomeOf(res, payload, i18n)
        if (out.ok) onDone(t('sup.remedy.reshipDone', { number: payload?.order?.number ?? '' }))
        return out
      }}
    >
      <LinePicker id={`${uid}-lines`} lines={lines} qty={qty} setQty={setQty} preselect={ticket.orderLineIds} legend={t('sup.remedy.reshipWhich')} error={lineError} />
      <TextField id={`${uid}-reason`} label={t('sup.remedy.reason')} optional maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
    </RemedyShell>
  )
}

function RefundForm({
  ticket,
  currency,
  refundable,
  onDone,
  onCancel,
}: {
  ticket: Ticket
  currency: string
  refundable: number
  onDone: (msg: string) => void
  onCancel: () => void
}) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const uid = useId()
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [, refund] = useMutation(RefundDocument)
  const max = formatMoney(refundable, currency, locale)
  const parsed = () => {
    const minor = parseMoneyInput(amount, currency)
    if (minor === null) {
      setError(t('sup.remedy.badAmount'))
      return null
    }
    if (minor > refundable) {
      setError(t('sup.remedy.refundTooMuch', { max }))
      return null
    }
    setError(undefined)
    return minor
  }
  return (
    <RemedyShell
      title={t('sup.remedy.refundTitle')}
      testId="refund"
      confirmLabel={t('sup.remedy.refundConfirm')}
      onCancel={onCancel}
      review={() => {
        const minor = parsed()
        if (minor === null) {
          document.getElementById(`${uid}-amount`)?.focus()
          return null
        }
        return t('sup.remedy.refundQuestion', { amount: formatMoney(minor, currency, locale), order: ticket.order?.number ?? '' })
      }}
      confirm={async () => {
        const minor = parsed()
        if (minor === null) return { ok: false, errors: [] }
        const res = await refund({ input: { ticketId: ticket.id, amount: minor, ...(reason.trim() ? { reason: reason.trim() } : {}) } })
        const payload = res.data?.refundFromTicket
        const out = outcomeOf(res, payload, i18n)
        if (out.ok) onDone(t('sup.remedy.refundDone', { amount: formatMoney(payload?.refunded ?? minor, currency, locale) }))
        return out
      }}
    >
      <div className="sup-form-row">
        <TextField
          id={`${uid}-amount`}
          label={t('sup.remedy.refundAmount', { currency })}
          hint={t('sup.remedy.refundable', { max })}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={error}
          data-testid="refund-amount"
        />
        <div className="field sup-field-button">
          <span aria-hidden="true">&nbsp;</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setAmount(String(refundable / 10 ** currencyFractionDigits(currency)))}>
            {t('sup.remedy.refundAll')}
          </button>
        </div>
      </div>
      <TextField id={`${uid}-reason`} label={t('sup.remedy.reason')} optional maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
    </RemedyShell>
  )
}

function ReturnForm({ ticket, onDone, onCancel }: { ticket: Ticket; onDone: (msg: string) => void; onCancel: () => void }) {
  const i18n = useI18n()
  const { t, tv } = i18n
  const uid = useId()
  const lines = ticket.order?.lines ?? []
  const [qty, setQty] = useState<Record<string, number>>({})
  const [reason, setReason] = useState('')
  const [resolution, setResolution] = useState<ReturnRequestResolution>('REFUND')
  const [override, setOverride] = useState(false)
  const [overrideReason, setOverrideReason] = useState('')
  const [errs, setErrs] = useState<{ lines?: string; reason?: string; override?: string }>({})
  const [, start] = useMutation(StartReturnDocument)
  return (
    <RemedyShell
      title={t('sup.remedy.returnTitle')}
      testId="return"
      confirmLabel={t('sup.remedy.returnConfirm')}
      onCancel={onCancel}
      review={() => {
        const e: typeof errs = {}
        if (chosenLines(qty).length === 0) e.lines = t('sup.remedy.pickLines')
        if (!reason.trim()) e.reason = t('sup.remedy.reasonRequired')
        if (override && !overrideReason.trim()) e.override = t('sup.remedy.reasonRequired')
        setErrs(e)
        if (Object.keys(e).length > 0) return null
        return t('sup.remedy.returnQuestion', { items: describeLines(lines, qty), resolution: tv('returnResolution', resolution) })
      }}
      confirm={async () => {
        const res = await start({
          input: {
            ticketId: ticket.id,
            lines: chosenLines(qty),
            reason: reason.trim(),
            resolution,
            ...(override ? { override: true, overrideReason: overrideReason.trim() } : {}),
          },
        })
        const payload = res.data?.startReturnFromTicket
        const out = outcomeOf(res, payload, i18n)
        if (out.ok) onDone(t('sup.remedy.returnDone', { number: payload?.returnRequest?.number ?? '' }))
        return out
      }}
    >
      <LinePicker id={`${uid}-lines`} lines={lines} qty={qty} setQty={setQty} preselect={ticket.orderLineIds} legend={t('sup.remedy.returnWhich')} error={errs.lines} />
      <TextField id={`${uid}-reason`} label={t('sup.remedy.reason')} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} error={errs.reason} />
      <SelectField id={`${uid}-res`} label={t('sup.return.want')} value={resolution} onChange={(e) => setResolution(e.target.value as ReturnRequestResolution)}>
        {(['REFUND', 'EXCHANGE'] as const).map((r) => (
          <option key={r} value={r}>
            {tv('returnResolution', r)}
          </option>
        ))}
      </SelectField>
      <label className="check-row">
        <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
        <span>{t('sup.remedy.override')}</span>
      </label>
      {override ? (
        <TextAreaField id={`${uid}-override`} label={t('sup.remedy.overrideReason')} rows={2} maxLength={500} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} error={errs.override} />
      ) : null}
    </RemedyShell>
  )
}
