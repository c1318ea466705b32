import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { graphql } from '../gql'
import type { RetryPaymentMutation } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { describeRequestError, FormAlert } from './Feedback'
import { TextField } from './Field'

/** The built-in test payment provider's card numbers (docs: the payment provider). */
export const TEST_CARDS = [
  { number: '4242424242424242', outcome: 'approve' },
  { number: '4000000000000002', outcome: 'decline' },
  { number: '4000000000009995', outcome: 'insufficient' },
  { number: '4000000000009235', outcome: 'review' },
] as const

export function formatCardNumber(n: string): string {
  return n.replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** The test cards, each with a button that fills the card input. */
export function TestCards({ onUse }: { onUse: (number: string) => void }) {
  const { t } = useI18n()
  return (
    <details className="test-cards" open>
      <summary>{t('payment.testCards')}</summary>
      <ul>
        {TEST_CARDS.map((c) => (
          <li key={c.number}>
            <span className="test-card-info">
              <span className="mono">{formatCardNumber(c.number)}</span>
              <span className="muted">{t(`payment.outcome.${c.outcome}`)}</span>
            </span>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => onUse(c.number)} data-testid={`use-card-${c.outcome}`}>
              {t('payment.useCard')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  )
}

/** A card number input (digits and spaces; the server does the checking). */
export function CardNumberField({
  id,
  value,
  onChange,
  error,
}: {
  id: string
  value: string
  onChange: (v: string) => void
  error?: string | null
}) {
  const { t } = useI18n()
  return (
    <>
      <TextField
        id={id}
        label={t('payment.cardNumber')}
        inputMode="numeric"
        autoComplete="cc-number"
        placeholder="4242 4242 4242 4242"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        required
      />
      <TestCards onUse={(n) => onChange(formatCardNumber(n))} />
    </>
  )
}

export const RetryPaymentDocument = graphql(`
  mutation RetryPayment($orderId: ID!, $payment: PaymentInput!) {
    retryPayment(orderId: $orderId, payment: $payment) {
      order {
        id
        number
        status
        holdReasons
        paymentExpiresAt
        payments {
          id
          status
          cardLast4
          failureCode
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export type RetriedOrder = NonNullable<RetryPaymentMutation['retryPayment']['order']>

/**
 * Pay a PENDING_PAYMENT order with another card. `onResult` gets the order as it is afterwards
 * (still PENDING_PAYMENT when this card was declined too).
 */
export function RetryPaymentForm({ orderId, onResult }: { orderId: string; onResult?: (order: RetriedOrder) => void }) {
  const i18n = useI18n()
  const { t, te, tv } = i18n
  const [card, setCard] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [cardError, setCardError] = useState<string | null>(null)
  const [declined, setDeclined] = useState<string | null>(null)
  const [{ fetching }, retry] = useMutation(RetryPaymentDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    setErrors([])
    setCardError(null)
    setDeclined(null)
    if (!card.trim()) {
      setCardError(te('REQUIRED'))
      document.getElementById('retry-card')?.focus()
      return
    }
    const res = await retry({ orderId, payment: { cardNumber: card.replace(/[\s-]+/g, '') } })
    const payload = res.data?.retryPayment
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('payment.retryFailed')])
      return
    }
    if (payload.userErrors.length > 0) {
      const cardUe = payload.userErrors.find((ue) => ue.field?.includes('cardNumber'))
      if (cardUe) setCardError(te(cardUe.code, cardUe.message))
      setErrors(payload.userErrors.filter((ue) => ue !== cardUe).map((ue) => te(ue.code, ue.message)))
      return
    }
    if (payload.order) {
      if (payload.order.status === 'PENDING_PAYMENT') {
        const last = [...(payload.order.payments ?? [])].pop()
        setDeclined(last?.failureCode ? tv('paymentFailure', last.failureCode) : t('payment.declinedAgain'))
        setCard('')
      }
      onResult?.(payload.order)
    }
  }

  return (
    <form className="form-stack retry-form" onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="retry-payment">
      <div role="alert">
        {declined ? (
          <p className="notice notice-error" data-testid="retry-declined">
            {t('payment.declinedAgainWith', { reason: declined })}
          </p>
        ) : null}
      </div>
      <FormAlert messages={errors} testId="retry-errors" />
      <CardNumberField id="retry-card" value={card} onChange={setCard} error={cardError} />
      <button type="submit" className="btn btn-primary" disabled={fetching}>
        {fetching ? t('payment.paying') : t('payment.payNow')}
      </button>
    </form>
  )
}
