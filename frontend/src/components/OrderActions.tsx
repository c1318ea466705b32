import { useRef, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { graphql } from '../gql'
import { useI18n } from '../i18n/i18n'
import { formatDateTime } from '../lib/format'
import { canCancel } from '../lib/orderEvents'
import { describeRequestError, FormAlert } from './Feedback'
import { TextAreaField } from './Field'
import { RetryPaymentForm } from './Payment'

export const CancelOrderDocument = graphql(`
  mutation CancelOrder($orderId: ID!, $reason: String) {
    cancelOrder(orderId: $orderId, reason: $reason) {
      order {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export interface ActionableOrder {
  id: string
  number: string
  status: string
  paymentExpiresAt?: string | null
  payments?: readonly { status: string; failureCode: string; cardLast4: string }[] | null
}

/** What a customer can still do with an order: pay again after a decline, or cancel it. */
export function OrderActions({ order, onChanged }: { order: ActionableOrder; onChanged?: () => void }) {
  const { t, tv, locale } = useI18n()
  const [cancelled, setCancelled] = useState(false)
  const lastFailure = [...(order.payments ?? [])].reverse().find((p) => p.failureCode)?.failureCode
  if (cancelled || order.status === 'CANCELLED') {
    return cancelled ? (
      <p className="notice notice-success" role="status" data-testid="order-cancelled">
        {t('cancel.done')}
      </p>
    ) : null
  }
  const pending = order.status === 'PENDING_PAYMENT'
  if (!pending && !canCancel(order.status)) return null
  return (
    <section className="card order-actions" aria-labelledby={`actions-${order.id}`} data-testid="order-actions">
      <h2 id={`actions-${order.id}`} className="card-title">
        {pending ? t('payment.declinedTitle') : t('order.actions')}
      </h2>
      {pending ? (
        <>
          <p className="muted">
            {lastFailure ? `${tv('paymentFailure', lastFailure)} · ` : ''}
            {order.paymentExpiresAt
              ? t('confirm.declinedBodyUntil', { time: formatDateTime(order.paymentExpiresAt, locale) })
              : t('confirm.declinedBody')}
          </p>
          <RetryPaymentForm orderId={order.id} onResult={() => onChanged?.()} />
        </>
      ) : null}
      {canCancel(order.status) ? (
        <CancelOrder
          orderId={order.id}
          onCancelled={() => {
            setCancelled(true)
            onChanged?.()
          }}
          onRefused={() => onChanged?.()}
        />
      ) : null}
    </section>
  )
}

function CancelOrder({ orderId, onCancelled, onRefused }: { orderId: string; onCancelled: () => void; onRefused: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching }, cancel] = useMutation(CancelOrderDocument)
  const openRef = useRef<HTMLButtonElement>(null)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    setErrors([])
    const res = await cancel({ orderId, reason: reason.trim() || null })
    const payload = res.data?.cancelOrder
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('cancel.failed')])
      return
    }
    if (payload.userErrors.length > 0) {
      setErrors(payload.userErrors.map((ue) => (ue.code === 'ILLEGAL_TRANSITION' ? t('cancel.tooLate') : te(ue.code, ue.message))))
      onRefused()
      return
    }
    onCancelled()
  }

  if (!open)
    return (
      <p className="order-actions-row">
        <button
          type="button"
          ref={openRef}
          className="btn btn-secondary"
          onClick={() => {
            setOpen(true)
            // the reason box takes focus once it is there
            window.setTimeout(() => document.getElementById(`cancel-reason-${orderId}`)?.focus(), 0)
          }}
          data-testid="cancel-order"
        >
          {t('cancel.open')}
        </button>
      </p>
    )

  return (
    <form className="form-stack cancel-form" onSubmit={onSubmit} aria-busy={fetching} data-testid="cancel-form">
      <p>{t('cancel.confirm')}</p>
      <FormAlert messages={errors} testId="cancel-errors" />
      <TextAreaField
        id={`cancel-reason-${orderId}`}
        label={t('cancel.reason')}
        optional
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="button-row">
        <button type="submit" className="btn btn-danger" disabled={fetching} data-testid="cancel-confirm">
          {fetching ? t('cancel.cancelling') : t('cancel.yes')}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            setOpen(false)
            setErrors([])
            window.setTimeout(() => openRef.current?.focus(), 0)
          }}
        >
          {t('cancel.keep')}
        </button>
      </div>
    </form>
  )
}
