// /account/tickets/<number>: one of the customer's tickets. The conversation updates live
// (ticketUpdated), the customer replies, closes or reopens a resolved ticket, and rates how it
// was handled once it is resolved (one answer).
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useSubscription } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { TextAreaField } from '../../components/Field'
import { StatusBadge } from '../../components/StatusBadge'
import type { CustomerTicketFieldsFragment, TicketStatus } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { useDraft } from '../../lib/draft'
import { splitUserErrors } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'
import { Link } from '../../lib/router'
import { useViewer } from '../../lib/viewer'
import { SignInPrompt } from '../Account'
import { Conversation } from './Conversation'
import { SurveyForm } from './SurveyForm'
import {
  CustomerReplyDocument,
  CustomerTicketDocument,
  CustomerTicketLiveDocument,
  CustomerTicketStatusDocument,
} from './supportData'
import { useLastArrived } from './useLastArrived'
import './support.css'

export type CustomerTicket = CustomerTicketFieldsFragment

export function CustomerTicketPage({ number }: { number: string }) {
  const { t } = useI18n()
  const viewer = useViewer()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CustomerTicketDocument,
    variables: { number },
    pause: !viewer.me,
    requestPolicy: 'cache-and-network',
  })
  const found = data?.tickets.edges?.[0]?.node ?? null
  const here = `/account/tickets/${encodeURIComponent(number)}`

  let body
  if (viewer.loading) body = <Spinner />
  else if (viewer.error) body = <ErrorState error={viewer.error} onRetry={viewer.refetch} />
  else if (!viewer.me) body = <SignInPrompt message={t('sup.ticket.needSignIn')} returnTo={here} />
  else if (fetching && !data) body = <Spinner />
  else if (error && !data) body = <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  else if (!found)
    body = (
      <div className="notice notice-warning" role="alert" data-testid="ticket-not-found">
        <p className="notice-title">{t('sup.ticket.notFoundTitle')}</p>
        <p>{t('sup.ticket.notFoundBody', { number })}</p>
      </div>
    )
  else body = <LiveTicket initial={found} onChanged={() => reexecute({ requestPolicy: 'network-only' })} />

  return (
    <section className="page page-narrow sup-page" aria-labelledby="ticket-title">
      <p>
        <Link to="/account#my-tickets" className="back-link">
          ← {t('sup.ticket.back')}
        </Link>
      </p>
      <h1 id="ticket-title">{t('sup.ticket.title', { number })}</h1>
      {body}
    </section>
  )
}

function LiveTicket({ initial, onChanged }: { initial: CustomerTicket; onChanged: () => void }) {
  const [{ data: live }] = useSubscription({ query: CustomerTicketLiveDocument, variables: { ticketId: initial.id } })
  const ticket = useLastArrived(initial, live?.ticketUpdated ?? null) ?? initial
  return <TicketBody ticket={ticket} onChanged={onChanged} />
}

export function TicketBody({ ticket, onChanged }: { ticket: CustomerTicket; onChanged: () => void }) {
  const { t, tv, locale } = useI18n()
  const statusNote =
    ticket.status === 'PENDING_CUSTOMER'
      ? t('sup.ticket.waitingForYou')
      : ticket.status === 'RESOLVED'
        ? t('sup.ticket.resolvedNote')
        : ticket.status === 'CLOSED'
          ? t('sup.ticket.closedNote')
          : t('sup.ticket.openNote')
  return (
    <div className="sup-ticket" data-testid="customer-ticket" data-status={ticket.status} data-number={ticket.number}>
      <div className="card sup-ticket-head">
        <p className="sup-subject" data-testid="ticket-subject">
          {ticket.subject}
        </p>
        <div className="sup-meta">
          <StatusBadge status={ticket.status} kind="ticketStatus" />
          <span className="badge">{tv('ticketCategory', ticket.category)}</span>
          <span className="muted small">
            {t('sup.ticket.opened', { when: formatDateTime(ticket.createdAt, locale) })}
          </span>
        </div>
        <p className="muted" role="status" data-testid="ticket-status-note">
          {statusNote}
        </p>
        {ticket.order || ticket.shipment ? (
          <p className="sup-links">
            {ticket.order ? (
              <Link to={`/account/orders/${encodeURIComponent(ticket.order.number)}`}>
                {t('sup.ticket.order', { number: ticket.order.number })}
              </Link>
            ) : null}
            {ticket.shipment ? (
              <Link to={`/track/${encodeURIComponent(ticket.shipment.trackingNumber)}`}>
                {t('sup.ticket.parcel', { number: ticket.shipment.trackingNumber })}
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>

      {ticket.surveyOpen && !ticket.survey ? (
        <section className="card sup-survey-card" aria-labelledby="ticket-survey-title">
          <h2 id="ticket-survey-title" className="card-title">
            {t('sup.survey.ticketTitle')}
          </h2>
          <SurveyForm kind="TICKET" subjectId={ticket.id} question={t('sup.survey.ticketQuestion')} testId="ticket-survey" />
        </section>
      ) : ticket.survey ? (
        <div className="notice notice-success" role="status" data-testid="ticket-survey-answered">
          <p className="notice-title">{t('sup.survey.thanks')}</p>
          <p>{t('sup.survey.yourScore', { score: ticket.survey.score })}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="conv-title">
        <h2 id="conv-title" className="card-title">
          {t('sup.conv.title')}
        </h2>
        <Conversation messages={ticket.conversation} audience="customer" />
        {ticket.status === 'CLOSED' ? (
          <p className="muted sup-closed" data-testid="ticket-closed">
            {t('sup.ticket.closedReply')}
          </p>
        ) : (
          <CustomerReply ticket={ticket} onSent={onChanged} />
        )}
      </section>

      <TicketStatusActions ticket={ticket} onChanged={onChanged} />
    </div>
  )
}

function CustomerReply({ ticket, onSent }: { ticket: CustomerTicket; onSent: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const draft = useDraft(`ticket-reply-${ticket.number}`, { body: '' })
  const [error, setError] = useState<string | null>(null)
  const [general, setGeneral] = useState<string[]>([])
  const [{ fetching }, reply] = useMutation(CustomerReplyDocument)
  const id = `reply-${ticket.id}`

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    const body = draft.values.body.trim()
    if (!body) {
      setError(t('sup.reply.required'))
      document.getElementById(id)?.focus()
      return
    }
    setError(null)
    setGeneral([])
    const res = await reply({ input: { ticketId: ticket.id, body } })
    const payload = res.data?.replyToTicket
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    if (payload.userErrors.length > 0) {
      const { byField, general: rest } = splitUserErrors(payload.userErrors, ['body'] as const)
      setError(byField.body ? te(byField.body.code, byField.body.message) : null)
      setGeneral(rest.map((u) => te(u.code, u.message)))
      return
    }
    draft.clear()
    onSent()
  }

  return (
    <form className="form-stack sup-reply" onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="customer-reply">
      <FormAlert messages={general} />
      <TextAreaField
        id={id}
        label={t('sup.reply.label')}
        hint={ticket.status === 'RESOLVED' ? t('sup.reply.reopenHint') : undefined}
        rows={3}
        maxLength={5000}
        value={draft.values.body}
        onChange={(e) => draft.set({ body: e.target.value })}
        error={error}
      />
      <div>
        <button type="submit" className="btn btn-primary" disabled={fetching} data-testid="customer-reply-send">
          {fetching ? t('sup.sending') : t('sup.reply.send')}
        </button>
      </div>
    </form>
  )
}

/** Close a ticket that needs nothing more, or reopen a resolved one. */
function TicketStatusActions({ ticket, onChanged }: { ticket: CustomerTicket; onChanged: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching }, setStatus] = useMutation(CustomerTicketStatusDocument)
  const can = (s: TicketStatus) => ticket.allowedTransitions.includes(s)
  if (!can('CLOSED') && !can('REOPENED')) return null
  const change = async (status: TicketStatus) => {
    setErrors([])
    const res = await setStatus({ ticketId: ticket.id, status })
    const payload = res.data?.setTicketStatus
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    if (payload.userErrors.length > 0) {
      setErrors(payload.userErrors.map((u) => te(u.code, u.message)))
      return
    }
    onChanged()
  }
  return (
    <section className="card" aria-labelledby="ticket-actions-title">
      <h2 id="ticket-actions-title" className="card-title">
        {ticket.status === 'RESOLVED' ? t('sup.ticket.solvedQuestion') : t('sup.ticket.doneQuestion')}
      </h2>
      <FormAlert messages={errors} />
      <div className="button-row">
        {can('REOPENED') ? (
          <button type="button" className="btn btn-secondary" disabled={fetching} onClick={() => void change('REOPENED')} data-testid="ticket-reopen">
            {t('sup.ticket.reopen')}
          </button>
        ) : null}
        {can('CLOSED') ? (
          <button type="button" className="btn btn-secondary" disabled={fetching} onClick={() => void change('CLOSED')} data-testid="ticket-close">
            {t('sup.ticket.close')}
          </button>
        ) : null}
      </div>
    </section>
  )
}
