// The customer-service part of /account: my tickets, surveys waiting for an answer and my returns.
import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../../components/Feedback'
import { StatusBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/i18n'
import { formatDate, formatDateTime } from '../../lib/format'
import { Link } from '../../lib/router'
import { ReturnProgress } from './ReturnProgress'
import { SurveyForm } from './SurveyForm'
import { MyReturnsDocument, MySurveysDocument, MyTicketsDocument } from './supportData'
import './support.css'

export const MY_TICKETS_PAGE = 20

export function AccountSupport() {
  return (
    <>
      <MySurveys />
      <MyTickets />
      <MyReturns />
    </>
  )
}

export function MyTickets() {
  const { t, tv, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MyTicketsDocument,
    variables: { first: MY_TICKETS_PAGE },
    requestPolicy: 'cache-and-network',
  })
  const tickets = (data?.tickets.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  return (
    <section className="card" aria-labelledby="my-tickets-title" id="my-tickets" data-testid="my-tickets-card">
      <div className="card-head">
        <h2 id="my-tickets-title" className="card-title">
          {t('sup.my.tickets')}
        </h2>
        {data && data.tickets.totalCount > 0 ? (
          <span className="muted" data-testid="my-tickets-count">
            {t('sup.my.ticketCount', { count: data.tickets.totalCount })}
          </span>
        ) : null}
      </div>
      {fetching && !data ? (
        <Spinner />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : tickets.length === 0 ? (
        <p className="muted" data-testid="my-tickets-empty">
          {t('sup.my.noTickets')}
        </p>
      ) : (
        <ul className="order-list" data-testid="my-tickets">
          {tickets.map((tk) => (
            <li key={tk.id}>
              <Link to={`/account/tickets/${encodeURIComponent(tk.number)}`} className="order-row sup-ticket-row" data-testid="my-ticket" data-number={tk.number}>
                <span className="order-row-main">
                  <span className="mono order-row-number">{tk.number}</span>
                  <StatusBadge status={tk.status} kind="ticketStatus" />
                  {tk.surveyOpen ? <span className="badge badge-info">{t('sup.my.rateIt')}</span> : null}
                </span>
                <span className="sup-ticket-row-subject">{tk.subject}</span>
                <span className="order-row-meta">
                  <span>
                    {tv('ticketCategory', tk.category)}
                    {tk.order ? ` · ${tk.order.number}` : ''}
                  </span>
                  <time dateTime={tk.updatedAt}>{formatDateTime(tk.updatedAt, locale)}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small sup-hint">{t('sup.my.howToOpen')}</p>
    </section>
  )
}

/** Surveys the API says are waiting: a resolved ticket or a delivered order to rate. */
export function MySurveys() {
  const { t, locale } = useI18n()
  const [{ data }] = useQuery({ query: MySurveysDocument, requestPolicy: 'cache-and-network' })
  const surveys = data?.pendingSurveys ?? []
  if (surveys.length === 0) return null
  return (
    <section className="card sup-survey-card" aria-labelledby="my-surveys-title" data-testid="my-surveys">
      <h2 id="my-surveys-title" className="card-title">
        {t('sup.my.surveys')}
      </h2>
      <ul className="sup-survey-list">
        {surveys.map((s) => (
          <li key={`${s.kind}-${s.subjectId}`}>
            <details>
              <summary>
                {s.kind === 'TICKET' ? t('sup.my.surveyTicket', { title: s.title }) : t('sup.my.surveyDelivery', { number: s.title })}
                <span className="muted small"> · {formatDate(s.since, locale)}</span>
              </summary>
              <SurveyForm
                kind={s.kind}
                subjectId={s.subjectId}
                question={s.kind === 'TICKET' ? t('sup.survey.ticketQuestion') : t('sup.survey.deliveryQuestion', { number: s.title })}
                testId={`survey-${s.kind.toLowerCase()}`}
              />
            </details>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function MyReturns() {
  const { t, locale } = useI18n()
  const [{ data, error }, reexecute] = useQuery({ query: MyReturnsDocument, variables: { first: 10 }, requestPolicy: 'cache-and-network' })
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  const returns = (data?.returnRequests.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  if (returns.length === 0) return null
  return (
    <section className="card" aria-labelledby="my-returns-title" data-testid="my-returns">
      <h2 id="my-returns-title" className="card-title">
        {t('sup.my.returns')}
      </h2>
      <ul className="sup-return-list">
        {returns.map((r) => (
          <li key={r.id} className="sup-return" data-testid="my-return" data-status={r.status}>
            <div className="sup-return-head">
              <span className="mono">{r.number}</span>
              <StatusBadge status={r.status} kind="returnStatus" />
              <Link to={`/account/orders/${encodeURIComponent(r.order.number)}`} className="small">
                {t('sup.ticket.order', { number: r.order.number })}
              </Link>
              <span className="muted small">{formatDate(r.createdAt, locale)}</span>
            </div>
            <ReturnProgress ret={r} compact />
          </li>
        ))}
      </ul>
    </section>
  )
}
