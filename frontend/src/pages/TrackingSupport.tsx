// "Contact support" on the tracking page, and the delivery survey once the parcel arrived.
//
// A complaint is a ticket linked to the order and the parcel (openTicket). Only the customer
// who placed the order can open one: signed-in customers get a short form; everyone else is asked
// to sign in (and comes back here) or to look the order up by number and email.
import { useId, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { ErrorState, FormAlert, Spinner } from '../components/Feedback'
import { SelectField, TextAreaField, TextField } from '../components/Field'
import { graphql } from '../gql'
import type { TicketCategory } from '../gql/graphql'
import { useI18n } from '../i18n/i18n'
import { useDraft } from '../lib/draft'
import { splitUserErrors } from '../lib/errors'
import { Link } from '../lib/router'
import { useSession } from '../lib/session'
import { useViewer } from '../lib/viewer'

// Customers see only their own orders: an empty answer means "not on your account".
export const ParcelOrderDocument = graphql(`
  query ParcelOrder($trackingNumber: String!) {
    orders(first: 1, where: { hasShipmentsWith: [{ trackingNumber: $trackingNumber }] }) {
      edges {
        node {
          id
          number
          shipments {
            id
            trackingNumber
          }
        }
      }
    }
  }
`)

export const OpenParcelTicketDocument = graphql(`
  mutation OpenParcelTicket($input: OpenTicketInput!) {
    openTicket(input: $input) {
      ticket {
        id
        number
        status
        category
      }
      merged
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const PendingSurveysDocument = graphql(`
  query PendingSurveys {
    pendingSurveys {
      kind
      subjectId
      title
    }
  }
`)

export const AnswerDeliverySurveyDocument = graphql(`
  mutation AnswerDeliverySurvey($input: AnswerSurveyInput!) {
    answerSurvey(input: $input) {
      response {
        id
        score
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const TICKET_CATEGORIES: readonly TicketCategory[] = [
  'LATE_DELIVERY',
  'NOT_RECEIVED',
  'DAMAGED',
  'MISSING_ITEM',
  'WRONG_ITEM',
  'QUALITY',
  'RETURN_REQUEST',
  'BILLING',
  'OTHER',
]

/** The likeliest reason to complain, from what the parcel is doing. */
export function defaultCategory(p: { status: string; subStatus: string; late: boolean }): TicketCategory {
  if (p.subStatus === 'DAMAGED') return 'DAMAGED'
  if (p.subStatus === 'LOST') return 'NOT_RECEIVED'
  if (p.status === 'DELIVERED') return 'OTHER'
  if (p.late || p.status === 'EXCEPTION' || p.status === 'EXPIRED') return 'LATE_DELIVERY'
  return 'OTHER'
}

/** The signed-in customer's order holding this parcel (null: none of theirs). */
function useParcelOrder(trackingNumber: string, enabled: boolean) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ParcelOrderDocument,
    variables: { trackingNumber },
    pause: !enabled,
  })
  const node = data?.orders.edges?.[0]?.node ?? null
  const shipment = node?.shipments?.find((s) => s.trackingNumber === trackingNumber) ?? null
  return {
    order: node ? { id: node.id, number: node.number, shipmentId: shipment?.id ?? null } : null,
    loading: enabled && !data && !error,
    fetching,
    error: data ? null : (error ?? null),
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  }
}

export interface SupportParcel {
  trackingNumber: string
  status: string
  subStatus: string
  late: boolean
}

export function ContactSupport({ parcel }: { parcel: SupportParcel }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  return (
    <div className="trk-support">
      <button
        type="button"
        className={open ? 'btn btn-secondary' : 'btn btn-primary'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="contact-support"
      >
        {t('trk.support.button')}
      </button>
      {open ? (
        <div id={panelId} className="trk-support-panel" data-testid="support-panel">
          <SupportPanel parcel={parcel} onCancel={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  )
}

function SupportPanel({ parcel, onCancel }: { parcel: SupportParcel; onCancel: () => void }) {
  const { t } = useI18n()
  const { token } = useSession()
  const viewer = useViewer()
  const here = `/track/${encodeURIComponent(parcel.trackingNumber)}`
  const isCustomer = !!viewer.me && !viewer.isStaff
  const owned = useParcelOrder(parcel.trackingNumber, !!token && isCustomer)

  if (!token) {
    return (
      <div className="notice notice-info" data-testid="support-signin">
        <p className="notice-title">{t('trk.support.signInTitle')}</p>
        <p>{t('trk.support.signInBody')}</p>
        <p className="button-row">
          <Link to={`/login?next=${encodeURIComponent(here)}`} className="btn btn-primary" data-testid="support-signin-link">
            {t('trk.support.signIn')}
          </Link>
          <Link to="/orders/find" className="btn btn-secondary">
            {t('trk.support.guestLookup')}
          </Link>
        </p>
      </div>
    )
  }
  if (viewer.loading || owned.loading) return <Spinner />
  if (viewer.error) return <ErrorState error={viewer.error} onRetry={viewer.refetch} />
  if (viewer.isStaff) {
    return (
      <div className="notice notice-info" data-testid="support-staff">
        <p>{t('trk.support.staff')}</p>
        <p>
          <Link to="/staff/shipments">{t('trk.support.toBoard')}</Link>
        </p>
      </div>
    )
  }
  if (owned.error) return <ErrorState error={owned.error} onRetry={owned.retry} />
  if (!owned.order) {
    return (
      <div className="notice notice-warning" data-testid="support-not-yours">
        <p className="notice-title">{t('trk.support.notYoursTitle')}</p>
        <p>{t('trk.support.notYoursBody', { email: viewer.me?.email ?? '' })}</p>
        <p>
          <Link to="/orders/find">{t('trk.support.guestLookup')}</Link>
        </p>
      </div>
    )
  }
  return <SupportForm parcel={parcel} order={owned.order} onCancel={onCancel} />
}

function SupportForm({
  parcel,
  order,
  onCancel,
}: {
  parcel: SupportParcel
  order: { id: string; number: string; shipmentId: string | null }
  onCancel: () => void
}) {
  const { t, tv, te } = useI18n()
  const draft = useDraft('contact-support', { category: defaultCategory(parcel) as string, message: '' })
  const [missing, setMissing] = useState(false)
  const [{ fetching, data, error }, open] = useMutation(OpenParcelTicketDocument)
  const payload = data?.openTicket
  const ticket = payload?.ticket ?? null
  const { byField, general } = splitUserErrors(payload?.userErrors ?? [], ['category', 'message'] as const)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    const message = draft.values.message.trim()
    if (!message) {
      setMissing(true)
      document.getElementById('trk-support-message')?.focus()
      return
    }
    setMissing(false)
    const res = await open({
      input: {
        orderId: order.id,
        ...(order.shipmentId ? { shipmentId: order.shipmentId } : { trackingNumber: parcel.trackingNumber }),
        category: draft.values.category as TicketCategory,
        message,
      },
    })
    if (res.data?.openTicket.ticket) draft.clear()
  }

  if (ticket) {
    return (
      <div className="notice notice-success trk-ticket-done" role="status" data-testid="support-done">
        <p className="notice-title">
          {payload?.merged ? t('trk.support.mergedTitle') : t('trk.support.doneTitle')}
        </p>
        <p>
          {t('trk.support.ticketNumber')} <strong className="mono" data-testid="ticket-number">{ticket.number}</strong>
        </p>
        <p>{payload?.merged ? t('trk.support.mergedBody') : t('trk.support.doneBody')}</p>
        <p>
          <Link to={`/account/tickets/${encodeURIComponent(ticket.number)}`} data-testid="ticket-link">
            {t('trk.support.toTicket')}
          </Link>
        </p>
      </div>
    )
  }

  const messageError = missing ? t('trk.support.messageRequired') : byField.message ? te(byField.message.code, byField.message.message) : null
  return (
    <form className="form-stack trk-support-form" onSubmit={onSubmit} noValidate data-testid="support-form">
      <p className="muted">{t('trk.support.about', { order: order.number, number: parcel.trackingNumber })}</p>
      <FormAlert
        messages={[...general.map((ue) => te(ue.code, ue.message)), ...(error ? [t('common.errorBody')] : [])]}
        testId="support-errors"
      />
      <SelectField
        id="trk-support-category"
        label={t('trk.support.category')}
        value={draft.values.category}
        onChange={(e) => draft.set({ category: e.target.value })}
        error={byField.category ? te(byField.category.code, byField.category.message) : null}
      >
        {TICKET_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {tv('ticketCategory', c)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        id="trk-support-message"
        label={t('trk.support.message')}
        hint={t('trk.support.messageHint')}
        rows={4}
        maxLength={5000}
        value={draft.values.message}
        onChange={(e) => draft.set({ message: e.target.value })}
        error={messageError}
      />
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={fetching} data-testid="support-submit">
          {fetching ? t('trk.support.sending') : t('trk.support.send')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('trk.support.cancel')}
        </button>
      </div>
    </form>
  )
}

/**
 * Delivered: the signed-in customer who placed the order is asked how the delivery went, while
 * the API has an unanswered DELIVERY survey for that order (pendingSurveys → answerSurvey).
 */
export function DeliverySurvey({ trackingNumber }: { trackingNumber: string }) {
  const { token } = useSession()
  const viewer = useViewer()
  const isCustomer = !!token && !!viewer.me && !viewer.isStaff
  const owned = useParcelOrder(trackingNumber, isCustomer)
  const [{ data }] = useQuery({ query: PendingSurveysDocument, pause: !isCustomer || !owned.order })
  const survey = data?.pendingSurveys.find((s) => s.kind === 'DELIVERY' && s.subjectId === owned.order?.id) ?? null
  if (!survey) return null
  return <SurveyForm orderId={survey.subjectId} orderNumber={survey.title} />
}

function SurveyForm({ orderId, orderNumber }: { orderId: string; orderNumber: string }) {
  const { t, te } = useI18n()
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [{ fetching, data, error }, answer] = useMutation(AnswerDeliverySurveyDocument)
  const payload = data?.answerSurvey
  const done = !!payload?.response || payload?.userErrors.some((u) => u.code === 'ALREADY_ANSWERED')
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (score < 1) return
    void answer({ input: { kind: 'DELIVERY', subjectId: orderId, score, comment: comment.trim() || undefined } })
  }
  if (done) {
    return (
      <section className="card trk-survey" data-testid="survey-done" role="status">
        <p className="notice-title">{t('trk.survey.thanks')}</p>
      </section>
    )
  }
  return (
    <section className="card trk-survey" aria-labelledby="trk-survey-title" data-testid="delivery-survey">
      <h2 id="trk-survey-title" className="card-title">
        {t('trk.survey.title')}
      </h2>
      <form className="form-stack" onSubmit={onSubmit}>
        <fieldset className="trk-stars">
          <legend>{t('trk.survey.question', { order: orderNumber })}</legend>
          <div className="trk-stars-row">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className={n <= score ? 'trk-star on' : 'trk-star'}>
                <input
                  type="radio"
                  name="trk-survey-score"
                  value={n}
                  checked={score === n}
                  onChange={() => setScore(n)}
                  className="visually-hidden"
                  aria-label={t('trk.survey.score', { n })}
                />
                <span aria-hidden="true">★</span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          id="trk-survey-comment"
          label={t('trk.survey.comment')}
          optional
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <FormAlert
          messages={[
            ...(payload?.userErrors ?? []).map((u) => te(u.code, u.message)),
            ...(error ? [t('common.errorBody')] : []),
          ]}
        />
        <div>
          <button type="submit" className="btn btn-primary" disabled={fetching || score < 1}>
            {t('trk.survey.send')}
          </button>
        </div>
      </form>
    </section>
  )
}
