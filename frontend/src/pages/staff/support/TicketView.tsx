// One ticket for the agent: the customer, the order with its lines and the parcel (timeline and
// live position, from the public tracking view) beside the conversation; the reply box with
// suggested replies in both languages, remedies, resolution with a root cause, follow-ups and
// the ticket's status, priority and owner. Updates live (ticketUpdated).
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { useMutation, useQuery, useSubscription } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import { RouteMap } from '../../../components/RouteMap'
import { StatusBadge } from '../../../components/StatusBadge'
import { Timeline } from '../../../components/Timeline'
import type { StaffTicketFieldsFragment, TicketPriority, TicketStatus } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { useDraft } from '../../../lib/draft'
import { formatDate, formatDateRange, formatDateTime, formatMoney } from '../../../lib/format'
import { Link, navigate } from '../../../lib/router'
import { useViewer } from '../../../lib/viewer'
import { Conversation } from '../../support/Conversation'
import { useLastArrived } from '../../support/useLastArrived'
import { cityNames, TrackParcelDocument, type Parcel } from '../../TrackingData'
import { useParcelLive } from '../../useParcelLive'
import { FollowUps } from './FollowUps'
import { isTypingTarget, serverClockOffset, TICKET_PRIORITIES, useNow } from './inbox'
import { Remedies } from './Remedies'
import { ResolveForm } from './ResolveForm'
import {
  AssignTicketToDocument,
  ChangeTicketPriorityDocument,
  ChangeTicketStatusDocument,
  refundableAmount,
  StaffReplyDocument,
  StaffTicketDocument,
  StaffTicketLiveDocument,
  SuggestedRepliesDocument,
  SupportAgentsDocument,
} from './staffSupportData'
import { PriorityBadge, SlaCountdown } from './SupportInbox'
import '../../Tracking.css'
import './staffSupport.css'

export type StaffTicket = StaffTicketFieldsFragment

/** 'HIGH_VALUE_ORDER ¥2,000.00 ≥ ¥1,000.00: +1' → 'High-value order: ¥2,000.00 ≥ ¥1,000.00: +1' (the code worded, the detail kept). */
export function describePriorityReason(reason: string, tv: (prefix: string, value: string) => string): string {
  const m = /^([A-Z_]+)\s*(.*)$/.exec(reason.trim())
  if (!m) return reason
  const cat = m[1] === 'CATEGORY' ? /^([A-Z_]+):\s*([A-Z]+)$/.exec(m[2]) : null
  if (cat) return `${tv('priorityReason', 'CATEGORY')}: ${tv('ticketCategory', cat[1])} → ${tv('ticketPriority', cat[2])}`
  return m[2] ? `${tv('priorityReason', m[1])}: ${m[2]}` : tv('priorityReason', m[1])
}

const INBOX = '/staff/support'

export function TicketView({ number, focusReply = false }: { number: string; focusReply?: boolean }) {
  const { t } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: StaffTicketDocument,
    variables: { number },
    requestPolicy: 'cache-and-network',
  })
  const found = data?.tickets.edges?.[0]?.node ?? null
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute])

  // Escape goes back to the inbox (not from a field: there it only leaves the field)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      if (isTypingTarget(e.target)) {
        ;(e.target as HTMLElement).blur()
        return
      }
      if (document.querySelector('[aria-modal="true"]')) return
      e.preventDefault()
      navigate(INBOX)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="sup-tv" data-testid="ticket-view">
      <p className="sup-tv-back">
        <Link to={INBOX} className="back-link" data-testid="back-to-inbox" aria-keyshortcuts="Escape">
          ← {t('sup.tv.back')}
        </Link>
      </p>
      {fetching && !data ? (
        <Spinner />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !found ? (
        <div className="notice notice-warning" role="alert" data-testid="ticket-not-found">
          <p>{t('sup.tv.notFound', { number })}</p>
        </div>
      ) : (
        <LiveStaffTicket initial={found} focusReply={focusReply} onChanged={refetch} />
      )}
    </div>
  )
}

function LiveStaffTicket({ initial, focusReply, onChanged }: { initial: StaffTicket; focusReply: boolean; onChanged: () => void }) {
  const [{ data: live }] = useSubscription({ query: StaffTicketLiveDocument, variables: { ticketId: initial.id } })
  const ticket = useLastArrived(initial, live?.ticketUpdated ?? null) ?? initial
  return <TicketWorkspace ticket={ticket} focusReply={focusReply} onChanged={onChanged} />
}

export function TicketWorkspace({ ticket, focusReply = false, onChanged }: { ticket: StaffTicket; focusReply?: boolean; onChanged: () => void }) {
  const { t, tv, locale } = useI18n()
  const viewer = useViewer()
  const now = useNow(1000)
  const [offset] = useState(() => serverClockOffset(ticket.sla, Date.now()))
  const done = ticket.status === 'RESOLVED' || ticket.status === 'CLOSED'
  const canRemedy = viewer.can('SERVICE_REMEDIES')

  return (
    <div className="sup-tv-body" data-testid="staff-ticket" data-number={ticket.number} data-status={ticket.status}>
      <header className="card sup-tv-head">
        <div className="sup-tv-title-row">
          <h2 className="sup-tv-title">
            <span className="mono">{ticket.number}</span> <span data-testid="staff-ticket-subject">{ticket.subject}</span>
          </h2>
          <SlaCountdown sla={ticket.sla} now={now} offset={offset} locale={locale} />
        </div>
        <div className="sup-meta">
          <StatusBadge status={ticket.status} kind="ticketStatus" />
          <PriorityBadge priority={ticket.priority} />
          <span className="badge">{tv('ticketCategory', ticket.category)}</span>
          <span className="muted small">{tv('ticketSource', ticket.source)}</span>
          {ticket.escalationLevel > 0 ? <span className="badge badge-danger">{t('sup.tv.escalated', { n: ticket.escalationLevel })}</span> : null}
          {ticket.reopenCount > 0 ? <span className="badge badge-warning">{t('sup.tv.reopened', { n: ticket.reopenCount })}</span> : null}
          <span className="muted small">{t('sup.ticket.opened', { when: formatDateTime(ticket.createdAt, locale) })}</span>
          <span className="small" data-testid="ticket-assignee">
            {ticket.assignee ? t('sup.tv.owner', { name: ticket.assignee.displayName || ticket.assignee.email }) : t('sup.tv.noOwner')}
          </span>
        </div>
        {ticket.priorityReasons && ticket.priorityReasons.length > 0 ? (
          <p className="muted small sup-reasons">
            {t('sup.tv.why')} {ticket.priorityReasons.map((r) => describePriorityReason(r, tv)).join(' · ')}
          </p>
        ) : null}
        {ticket.duplicateOf ? (
          <p className="notice notice-info">
            {t('sup.tv.mergedInto')}{' '}
            <Link to={`${INBOX}?ticket=${encodeURIComponent(ticket.duplicateOf.number)}`} className="mono">
              {ticket.duplicateOf.number}
            </Link>
          </p>
        ) : null}
        <SlaFacts ticket={ticket} />
      </header>

      <div className="sup-tv-grid">
        <div className="sup-tv-context" aria-label={t('sup.tv.context')} role="region" data-testid="ticket-context">
          <CustomerCard ticket={ticket} />
          <OrderCard ticket={ticket} />
          <ParcelCard ticket={ticket} />
        </div>

        <div className="sup-tv-main" data-testid="ticket-main">
          <section className="card" aria-labelledby="tv-conv-title">
            <h3 id="tv-conv-title" className="card-title">
              {t('sup.conv.title')}
            </h3>
            <Conversation messages={ticket.conversation} audience="agent" testId="staff-conversation" />
            {ticket.status !== 'CLOSED' ? <ReplyBox ticket={ticket} autoFocus={focusReply} onSent={onChanged} /> : null}
          </section>

          {done ? (
            <section className="card" aria-labelledby="tv-resolved-title" data-testid="resolution">
              <h3 id="tv-resolved-title" className="card-title">
                {t('sup.resolve.resolvedTitle')}
              </h3>
              <dl className="sup-facts">
                <div>
                  <dt>{t('sup.resolve.rootCause')}</dt>
                  <dd data-testid="resolution-root-cause">{ticket.rootCause ? tv('rootCause', ticket.rootCause) : t('common.notAvailable')}</dd>
                </div>
                <div>
                  <dt>{t('sup.resolve.note')}</dt>
                  <dd>{ticket.resolutionNote || t('common.notAvailable')}</dd>
                </div>
                {ticket.survey ? (
                  <div>
                    <dt>{t('sup.tv.csat')}</dt>
                    <dd data-testid="ticket-csat">
                      {'★'.repeat(ticket.survey.score)}
                      {'☆'.repeat(5 - ticket.survey.score)} {ticket.survey.comment ? `“${ticket.survey.comment}”` : ''}
                    </dd>
                  </div>
                ) : null}
              </dl>
            </section>
          ) : null}

          <section className="card" aria-labelledby="tv-remedy-title">
            <h3 id="tv-remedy-title" className="card-title">
              {t('sup.remedy.title')}
            </h3>
            {canRemedy ? (
              <Remedies ticket={ticket} onDone={onChanged} />
            ) : (
              <p className="muted">{t('sup.remedy.noPermission')}</p>
            )}
          </section>

          {!done ? (
            <section className="card" aria-labelledby="tv-resolve-title">
              <h3 id="tv-resolve-title" className="card-title">
                {t('sup.resolve.title')}
              </h3>
              <ResolveForm ticketId={ticket.id} ticketNumber={ticket.number} onResolved={onChanged} />
            </section>
          ) : null}

          <section className="card" aria-labelledby="tv-controls-title">
            <h3 id="tv-controls-title" className="card-title">
              {t('sup.tv.controls')}
            </h3>
            <TicketControls ticket={ticket} onChanged={onChanged} />
          </section>

          <section className="card" aria-labelledby="tv-follow-title">
            <h3 id="tv-follow-title" className="card-title">
              {t('sup.follow.title')}
            </h3>
            <FollowUps ticketId={ticket.id} followUps={ticket.followUps ?? []} onChanged={onChanged} />
          </section>

          <section className="card" aria-labelledby="tv-history-title">
            <details>
              <summary>
                <h3 id="tv-history-title" className="card-title sup-inline-title">
                  {t('sup.tv.history', { count: ticket.timeline.length })}
                </h3>
              </summary>
              <ol className="sup-history" data-testid="ticket-history">
                {[...ticket.timeline].reverse().map((ev) => (
                  <li key={ev.id}>
                    <time dateTime={ev.createdAt} className="muted small">
                      {formatDateTime(ev.createdAt, locale)}
                    </time>{' '}
                    <strong>{tv('ticketEventKind', ev.kind)}</strong>
                    {ev.fromValue || ev.toValue ? (
                      <span>
                        {' '}
                        {ev.fromValue ? `${ev.fromValue} → ` : ''}
                        {ev.toValue}
                      </span>
                    ) : null}
                    {ev.note ? <span className="muted"> · {ev.note}</span> : null}
                  </li>
                ))}
              </ol>
            </details>
          </section>
        </div>
      </div>
    </div>
  )
}

function SlaFacts({ ticket }: { ticket: StaffTicket }) {
  const { t, locale } = useI18n()
  const met = (v: boolean | null | undefined) => (v === true ? t('sup.sla.met') : v === false ? t('sup.sla.missed') : t('sup.sla.pending'))
  return (
    <dl className="sup-sla-facts">
      <div>
        <dt>{t('sup.sla.firstResponse')}</dt>
        <dd className={ticket.sla.firstResponseMet === false ? 'sup-cd-breached' : undefined}>
          {ticket.sla.firstResponseDueAt ? formatDateTime(ticket.sla.firstResponseDueAt, locale) : t('common.notAvailable')} · {met(ticket.sla.firstResponseMet)}
        </dd>
      </div>
      <div>
        <dt>{t('sup.sla.resolution')}</dt>
        <dd className={ticket.sla.resolutionMet === false ? 'sup-cd-breached' : undefined}>
          {ticket.sla.resolutionDueAt ? formatDateTime(ticket.sla.resolutionDueAt, locale) : t('common.notAvailable')} · {met(ticket.sla.resolutionMet)}
        </dd>
      </div>
      <div>
        <dt>{t('sup.sla.policy')}</dt>
        <dd>
          {t('sup.sla.policyText', {
            first: ticket.sla.policy.firstResponseMinutes,
            resolution: Math.round(ticket.sla.policy.resolutionMinutes / 60),
          })}
          {ticket.sla.policy.businessHours ? ` · ${t('sup.sla.businessHours')}` : ''}
        </dd>
      </div>
    </dl>
  )
}

function CustomerCard({ ticket }: { ticket: StaffTicket }) {
  const { t, locale } = useI18n()
  const c = ticket.customer
  return (
    <section className="card" aria-labelledby="tv-customer-title" data-testid="ticket-customer">
      <h3 id="tv-customer-title" className="card-title">
        {t('sup.tv.customer')}
      </h3>
      {!c ? (
        <p className="muted">{t('sup.tv.noCustomer')}</p>
      ) : (
        <dl className="profile-list">
          <div>
            <dt>{t('sup.tv.name')}</dt>
            <dd>
              {c.name}
              {c.guest ? <span className="badge sup-inline-badge">{t('sup.tv.guest')}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t('sup.tv.email')}</dt>
            <dd className="sup-break">
              <a href={`mailto:${c.email}`}>{c.email}</a>
            </dd>
          </div>
          {c.phone ? (
            <div>
              <dt>{t('sup.tv.phone')}</dt>
              <dd>
                <a href={`tel:${c.phone}`}>{c.phone}</a>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t('sup.tv.points')}</dt>
            <dd>{c.pointsBalance.toLocaleString(locale)}</dd>
          </div>
        </dl>
      )}
    </section>
  )
}

function OrderCard({ ticket }: { ticket: StaffTicket }) {
  const { t, locale } = useI18n()
  const o = ticket.order
  if (!o)
    return (
      <section className="card" aria-labelledby="tv-order-title" data-testid="ticket-order">
        <h3 id="tv-order-title" className="card-title">
          {t('sup.tv.order')}
        </h3>
        <p className="muted">{t('sup.tv.noOrder')}</p>
      </section>
    )
  const money = (n: number) => formatMoney(n, o.total.currency || o.currency, locale)
  const about = new Set(ticket.orderLineIds ?? [])
  const paid = (o.payments ?? []).reduce((s, p) => s + p.capturedAmount, 0)
  const refunded = (o.payments ?? []).reduce((s, p) => s + p.refundedAmount, 0)
  const refundable = refundableAmount(o.payments)
  const address = [o.shipProvince, o.shipCity, o.shipDistrict, o.shipLine1].filter(Boolean).join(' ')
  return (
    <section className="card" aria-labelledby="tv-order-title" data-testid="ticket-order" data-order={o.number}>
      <div className="card-head">
        <h3 id="tv-order-title" className="card-title">
          {t('sup.tv.order')}{' '}
          <Link to={`/staff?order=${encodeURIComponent(o.number)}`} className="mono" data-testid="ticket-order-number">
            {o.number}
          </Link>
        </h3>
        <StatusBadge status={o.status} kind="orderStatus" />
      </div>
      <dl className="sup-facts sup-facts-compact">
        <div>
          <dt>{t('sup.tv.placed')}</dt>
          <dd>{formatDateTime(o.createdAt, locale)}</dd>
        </div>
        <div>
          <dt>{t('sup.tv.total')}</dt>
          <dd>
            <strong>{money(o.total.amount)}</strong>
            {o.couponCode ? <span className="muted small"> · {o.couponCode}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('sup.tv.paid')}</dt>
          <dd>
            {money(paid)}
            {refunded > 0 ? <span className="muted small"> · {t('sup.tv.refunded', { amount: money(refunded) })}</span> : null}
            <span className="cell-sub">{t('sup.tv.refundable', { amount: money(refundable) })}</span>
          </dd>
        </div>
        {o.promisedDeliveryDate ? (
          <div>
            <dt>{t('sup.tv.promised')}</dt>
            <dd>{formatDate(o.promisedDeliveryDate, locale)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('sup.tv.shipTo')}</dt>
          <dd>
            {o.contactName} · {address}
          </dd>
        </div>
      </dl>
      <div className="table-wrap table-wrap-inner" role="region" aria-labelledby="tv-order-title" tabIndex={0}>
        <table className="table sup-lines" data-testid="ticket-order-lines">
          <thead>
            <tr>
              <th scope="col">{t('order.col.item')}</th>
              <th scope="col" className="num">
                {t('order.col.quantity')}
              </th>
              <th scope="col" className="num">
                {t('order.col.lineTotal')}
              </th>
            </tr>
          </thead>
          <tbody>
            {(o.lines ?? []).map((l) => (
              <tr key={l.id} className={about.has(l.id) ? 'sup-line-about' : undefined} data-about={about.has(l.id) ? 'true' : undefined}>
                <th scope="row" className="cell-wrap">
                  {l.name}
                  <span className="cell-sub mono">{l.sku}</span>
                  {about.has(l.id) ? <span className="badge badge-warning sup-inline-badge">{t('sup.tv.lineAbout')}</span> : null}
                </th>
                <td className="num">
                  {l.quantity}
                  {l.shippedQuantity > 0 && l.shippedQuantity < l.quantity ? <span className="cell-sub">{t('ordersConsole.shipped', { count: l.shippedQuantity })}</span> : null}
                </td>
                <td className="num">{money(l.lineTotalAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(ticket.returns ?? []).length > 0 ? (
        <p className="small sup-returns-line">
          {t('sup.tv.returns')}{' '}
          {(ticket.returns ?? []).map((r) => (
            <span key={r.id} className="sup-chip">
              <span className="mono">{r.number}</span> <StatusBadge status={r.status} kind="returnStatus" />
            </span>
          ))}
        </p>
      ) : null}
    </section>
  )
}

/** The parcel the ticket is about (or the order's parcels): its public timeline and position, live. */
function ParcelCard({ ticket }: { ticket: StaffTicket }) {
  const { t } = useI18n()
  const parcels = ticket.order?.shipments ?? []
  const initial = ticket.shipment?.trackingNumber ?? parcels[0]?.trackingNumber ?? null
  const [chosen, setChosen] = useState<string | null>(initial)
  const numbers = Array.from(new Set([...(ticket.shipment ? [ticket.shipment.trackingNumber] : []), ...parcels.map((p) => p.trackingNumber)]))
  return (
    <section className="card" aria-labelledby="tv-parcel-title" data-testid="ticket-parcel">
      <h3 id="tv-parcel-title" className="card-title">
        {t('sup.tv.parcel')}
      </h3>
      {!chosen ? (
        <p className="muted">{t('sup.tv.noParcel')}</p>
      ) : (
        <>
          {numbers.length > 1 ? (
            <div className="chips sup-parcel-chips" role="group" aria-label={t('sup.tv.parcels')}>
              {numbers.map((n) => (
                <button key={n} type="button" className="chip mono" aria-pressed={n === chosen} onClick={() => setChosen(n)}>
                  {n}
                </button>
              ))}
            </div>
          ) : null}
          <ParcelLive key={chosen} trackingNumber={chosen} />
        </>
      )}
    </section>
  )
}

function ParcelLive({ trackingNumber }: { trackingNumber: string }) {
  const { t, tv, locale } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: TrackParcelDocument, variables: { trackingNumber } })
  const found: Parcel | null = data?.trackParcel ?? null
  const live = useParcelLive(trackingNumber, found)
  const [all, setAll] = useState(false)
  if (fetching && !data) return <Spinner />
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  const parcel = live.parcel
  if (!parcel) return <p className="muted">{t('sup.tv.noParcel')}</p>
  const english = cityNames([...parcel.route, ...(parcel.destination ? [parcel.destination] : [])])
  const events = all ? parcel.events : parcel.events.slice(0, 4)
  const delivered = parcel.status === 'DELIVERED'
  const eta = formatDateRange(parcel.etaFrom, parcel.etaTo, locale)
  return (
    <div className="sup-parcel" data-testid="ticket-parcel-live" data-live={live.state}>
      <div className="sup-meta">
        <Link to={`/track/${encodeURIComponent(parcel.trackingNumber)}`} className="mono">
          {parcel.trackingNumber}
        </Link>
        <StatusBadge status={parcel.status} kind="parcelStatus" />
        {parcel.late ? <span className="badge badge-danger">{t('sup.tv.late')}</span> : null}
        <span className={`sup-live sup-live-${live.state}`}>{tv('liveState', live.state)}</span>
      </div>
      <p className="muted small">
        {parcel.carrierName ?? ''}
        {!delivered && eta ? ` · ${t('sup.tv.eta', { eta })}` : ''}
        {delivered && parcel.deliveredAt ? ` · ${t('sup.tv.deliveredAt', { when: formatDateTime(parcel.deliveredAt, locale) })}` : ''}
      </p>
      {parcel.route.length > 0 || parcel.position ? (
        <div className="sup-map">
          <RouteMap route={parcel.route} destination={parcel.destination} position={parcel.position} delivered={delivered} />
        </div>
      ) : null}
      <Timeline events={events} cityEnglish={english} added={parcel.added} testId="ticket-parcel-timeline" />
      {parcel.events.length > 4 ? (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? t('sup.tv.fewerEvents') : t('sup.tv.allEvents', { count: parcel.events.length })}
        </button>
      ) : null}
    </div>
  )
}

type ReplyLang = 'zh' | 'en' | 'both'

function ReplyBox({ ticket, autoFocus, onSent }: { ticket: StaffTicket; autoFocus: boolean; onSent: () => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const uid = useId()
  const areaRef = useRef<HTMLTextAreaElement>(null)
  const draft = useDraft(`staff-reply-${ticket.number}`, { body: '', internal: false as boolean, after: '' })
  const [lang, setLang] = useState<ReplyLang>('both')
  const [error, setError] = useState<string | null>(null)
  const [general, setGeneral] = useState<string[]>([])
  const [sentNote, setSentNote] = useState<string | null>(null)
  const [{ fetching }, reply] = useMutation(StaffReplyDocument)
  const [{ data: suggestions, fetching: loadingMacros }] = useQuery({ query: SuggestedRepliesDocument, variables: { ticketId: ticket.id } })
  const internal = draft.values.internal

  useEffect(() => {
    if (autoFocus) areaRef.current?.focus()
  }, [autoFocus])

  const insert = (text: string) => {
    const cur = draft.values.body
    draft.set({ body: cur.trim() ? `${cur.replace(/\s+$/, '')}\n\n${text}` : text })
    requestAnimationFrame(() => areaRef.current?.focus())
  }

  const send = async () => {
    if (fetching) return
    const body = draft.values.body.trim()
    if (!body) {
      setError(t('sup.reply.required'))
      areaRef.current?.focus()
      return
    }
    setError(null)
    setGeneral([])
    setSentNote(null)
    const res = await reply({
      input: {
        ticketId: ticket.id,
        body,
        internal: internal || undefined,
        ...(draft.values.after ? { status: draft.values.after as TicketStatus } : {}),
      },
    })
    const payload = res.data?.replyToTicket
    if (res.error || !payload) {
      setGeneral([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    if (payload.userErrors.length > 0) {
      setGeneral(payload.userErrors.map((u) => te(u.code, u.message)))
      return
    }
    draft.clear()
    setSentNote(internal ? t('sup.reply.noteAdded') : t('sup.reply.sent'))
    onSent()
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void send()
  }
  const onKeyDown = (e: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      void send()
    }
  }

  const macros = suggestions?.suggestedReplies ?? []
  const pick = (m: (typeof macros)[number]) => (lang === 'zh' ? m.bodyZh : lang === 'en' ? m.bodyEn : `${m.bodyZh}\n${m.bodyEn}`)
  const canPending = ticket.allowedTransitions.includes('PENDING_CUSTOMER') || ticket.status === 'PENDING_CUSTOMER'

  return (
    <form className={`form-stack sup-reply${internal ? ' sup-reply-internal' : ''}`} onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="staff-reply">
      <div className="sup-macros" data-testid="macros">
        <div className="sup-macros-head">
          <span className="sup-macros-title">{t('sup.macro.title')}</span>
          <div className="sup-lang" role="radiogroup" aria-label={t('sup.macro.language')}>
            {(['zh', 'en', 'both'] as const).map((l) => (
              <label key={l} className={lang === l ? 'on' : undefined}>
                <input type="radio" name={`${uid}-lang`} value={l} checked={lang === l} onChange={() => setLang(l)} />
                {l === 'zh' ? '中文' : l === 'en' ? 'English' : t('sup.macro.both')}
              </label>
            ))}
          </div>
        </div>
        {loadingMacros && !suggestions ? (
          <p className="muted small">{t('common.loading')}</p>
        ) : macros.length === 0 && !ticket.draftReply ? (
          <p className="muted small">{t('sup.macro.none')}</p>
        ) : (
          <div className="chips">
            {ticket.draftReply ? (
              <button type="button" className="chip sup-chip-draft" onClick={() => insert(ticket.draftReply ?? '')} data-testid="use-draft-reply">
                {t('sup.macro.draft')}
              </button>
            ) : null}
            {macros.map((m) => (
              <button
                key={m.macro.id}
                type="button"
                className="chip"
                onClick={() => insert(pick(m))}
                title={pick(m)}
                data-testid="macro"
                data-key={m.macro.key}
              >
                {i18n.locale === 'zh-CN' ? m.titleZh : m.titleEn}
              </button>
            ))}
          </div>
        )}
      </div>
      <FormAlert messages={general} testId="staff-reply-errors" />
      <div className="field">
        <label htmlFor={`${uid}-body`}>{internal ? t('sup.reply.noteLabel') : t('sup.reply.agentLabel')}</label>
        <textarea
          id={`${uid}-body`}
          ref={areaRef}
          rows={5}
          maxLength={5000}
          value={draft.values.body}
          onChange={(e) => draft.set({ body: e.target.value })}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${uid}-hint${error ? ` ${uid}-err` : ''}`}
          aria-keyshortcuts="Control+Enter"
          data-testid="staff-reply-body"
        />
        {error ? (
          <p id={`${uid}-err`} className="field-error">
            {error}
          </p>
        ) : null}
        <p id={`${uid}-hint`} className="field-hint">
          {internal ? t('sup.reply.noteHint') : t('sup.reply.agentHint')}
        </p>
      </div>
      <div className="sup-reply-options">
        <label className="check-row">
          <input type="checkbox" checked={internal} onChange={(e) => draft.set({ internal: e.target.checked })} data-testid="staff-reply-internal" />
          <span>{t('sup.reply.internal')}</span>
        </label>
        {!internal && canPending ? (
          <label className="check-row">
            <input
              type="checkbox"
              checked={draft.values.after === 'PENDING_CUSTOMER'}
              onChange={(e) => draft.set({ after: e.target.checked ? 'PENDING_CUSTOMER' : '' })}
            />
            <span>{t('sup.reply.waitForCustomer')}</span>
          </label>
        ) : null}
      </div>
      {sentNote ? (
        <p className="notice notice-success" role="status" data-testid="staff-reply-sent">
          {sentNote}
        </p>
      ) : null}
      <div>
        <button type="submit" className={`btn ${internal ? 'btn-secondary sup-btn-note' : 'btn-primary'}`} disabled={fetching} data-testid="staff-reply-send">
          {fetching ? t('sup.sending') : internal ? t('sup.reply.addNote') : t('sup.reply.sendAgent')}
        </button>
      </div>
    </form>
  )
}

function TicketControls({ ticket, onChanged }: { ticket: StaffTicket; onChanged: () => void }) {
  const i18n = useI18n()
  const { t, tv, te } = i18n
  const uid = useId()
  const viewer = useViewer()
  const [{ data: agents }] = useQuery({ query: SupportAgentsDocument, requestPolicy: 'cache-and-network' })
  const statuses = ticket.allowedTransitions.filter((s) => s !== 'RESOLVED')
  const [status, setStatus] = useState<string>('')
  const [statusNote, setStatusNote] = useState('')
  const [priority, setPriority] = useState<string>(ticket.priority)
  const [priorityReason, setPriorityReason] = useState('')
  const [assignee, setAssignee] = useState<string>(ticket.assignee?.id ?? '')
  const [errors, setErrors] = useState<string[]>([])
  const [okMsg, setOkMsg] = useState<string | null>(null)
  const [{ fetching: s1 }, changeStatus] = useMutation(ChangeTicketStatusDocument)
  const [{ fetching: s2 }, changePriority] = useMutation(ChangeTicketPriorityDocument)
  const [{ fetching: s3 }, assign] = useMutation(AssignTicketToDocument)
  const busy = s1 || s2 || s3

  useEffect(() => setPriority(ticket.priority), [ticket.priority])
  useEffect(() => setAssignee(ticket.assignee?.id ?? ''), [ticket.assignee?.id])

  const handle = (
    res: { error?: import('urql').CombinedError; data?: unknown },
    payload: { userErrors: readonly { code: string; message: string }[] } | null | undefined,
    ok: string,
  ) => {
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return false
    }
    if (payload.userErrors.length > 0) {
      setErrors(payload.userErrors.map((u) => te(u.code, u.message)))
      return false
    }
    setErrors([])
    setOkMsg(ok)
    onChanged()
    return true
  }

  const onStatus = async (e: FormEvent) => {
    e.preventDefault()
    if (!status) return
    setOkMsg(null)
    const res = await changeStatus({ ticketId: ticket.id, status: status as TicketStatus, note: statusNote.trim() || null })
    if (handle(res, res.data?.setTicketStatus, t('sup.tv.statusChanged', { status: tv('ticketStatus', status) }))) {
      setStatus('')
      setStatusNote('')
    }
  }
  const onPriority = async (e: FormEvent) => {
    e.preventDefault()
    if (priority === ticket.priority) return
    setOkMsg(null)
    const res = await changePriority({ ticketId: ticket.id, priority: priority as TicketPriority, reason: priorityReason.trim() || null })
    if (handle(res, res.data?.setTicketPriority, t('sup.tv.priorityChanged', { priority: tv('ticketPriority', priority) }))) setPriorityReason('')
  }
  const onAssign = async (to: string | null) => {
    setOkMsg(null)
    const res = await assign({ ticketId: ticket.id, assigneeId: to })
    handle(res, res.data?.assignTicket, to ? t('sup.tv.assigned') : t('sup.tv.autoAssigned'))
  }

  return (
    <div className="sup-controls" data-testid="ticket-controls">
      <FormAlert messages={errors} testId="controls-errors" />
      {okMsg ? (
        <p className="notice notice-success" role="status">
          {okMsg}
        </p>
      ) : null}
      <form className="sup-control" onSubmit={onStatus}>
        <div className="field">
          <label htmlFor={`${uid}-status`}>{t('sup.tv.setStatus')}</label>
          <select id={`${uid}-status`} value={status} onChange={(e) => setStatus(e.target.value)} disabled={statuses.length === 0}>
            <option value="">{statuses.length === 0 ? t('sup.tv.noTransitions') : t('sup.tv.chooseStatus')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {tv('ticketStatus', s)}
              </option>
            ))}
          </select>
        </div>
        {status === 'CLOSED' ? (
          <div className="field">
            <label htmlFor={`${uid}-status-note`}>{t('sup.tv.closeNote')}</label>
            <input id={`${uid}-status-note`} value={statusNote} onChange={(e) => setStatusNote(e.target.value)} maxLength={500} />
          </div>
        ) : null}
        <button type="submit" className="btn btn-secondary btn-small" disabled={busy || !status}>
          {t('sup.tv.apply')}
        </button>
      </form>
      <form className="sup-control" onSubmit={onPriority}>
        <div className="field">
          <label htmlFor={`${uid}-priority`}>{t('sup.tv.setPriority')}</label>
          <select id={`${uid}-priority`} value={priority} onChange={(e) => setPriority(e.target.value)}>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {tv('ticketPriority', p)}
              </option>
            ))}
          </select>
        </div>
        {priority !== ticket.priority ? (
          <div className="field">
            <label htmlFor={`${uid}-priority-reason`}>{t('sup.tv.priorityReason')}</label>
            <input id={`${uid}-priority-reason`} value={priorityReason} onChange={(e) => setPriorityReason(e.target.value)} maxLength={500} />
          </div>
        ) : null}
        <button type="submit" className="btn btn-secondary btn-small" disabled={busy || priority === ticket.priority}>
          {t('sup.tv.apply')}
        </button>
      </form>
      <form
        className="sup-control"
        onSubmit={(e) => {
          e.preventDefault()
          if (assignee && assignee !== ticket.assignee?.id) void onAssign(assignee)
        }}
      >
        <div className="field">
          <label htmlFor={`${uid}-assignee`}>{t('sup.tv.setOwner')}</label>
          <select id={`${uid}-assignee`} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            {!ticket.assignee ? <option value="">{t('sup.tv.noOwner')}</option> : null}
            {(agents?.supportAgents ?? []).map((a) => (
              <option key={a.account.id} value={a.account.id}>
                {t('sup.tv.agentOption', {
                  name: a.account.displayName || a.account.email,
                  count: a.openTickets,
                  away: a.account.available ? '' : ` · ${t('sup.avail.away')}`,
                })}
              </option>
            ))}
          </select>
        </div>
        <div className="button-row">
          <button type="submit" className="btn btn-secondary btn-small" disabled={busy || !assignee || assignee === ticket.assignee?.id}>
            {t('sup.tv.assign')}
          </button>
          {viewer.me && ticket.assignee?.id !== viewer.me.id ? (
            <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => void onAssign(viewer.me?.id ?? null)} data-testid="assign-me">
              {t('sup.inbox.assignMe')}
            </button>
          ) : null}
          <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => void onAssign(null)}>
            {t('sup.tv.autoAssign')}
          </button>
        </div>
      </form>
    </div>
  )
}
