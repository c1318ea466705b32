// Staff console → Review queue (REVIEW_ORDERS): orders the review rules put ON_HOLD, oldest
// first, each with its reasons; approve with an optional note or reject with a note the customer
// is told. The list follows: a decided order leaves it, and new holds appear (polled).
import { useId, useState } from 'react'
import { useMutation, useQuery, type CombinedError } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { TextAreaField } from '../../components/Field'
import { graphql } from '../../gql'
import type { ReviewQueueQuery } from '../../gql/graphql'
import { hasValueLabel, useI18n } from '../../i18n/i18n'
import type { UserErrorLike } from '../../lib/errors'
import { formatDateTime, formatMoney } from '../../lib/format'
import { useLiveRefetch } from '../../lib/useLiveRefetch'

export const REVIEW_PAGE_SIZE = 20
export const REVIEW_POLL_MS = 30000

export const ReviewQueueDocument = graphql(`
  query ReviewQueue($first: Int!, $after: Cursor) {
    orders(first: $first, after: $after, where: { status: ON_HOLD }, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          number
          status
          channel
          createdAt
          contactName
          contactEmail
          contactPhone
          shipCountry
          shipProvince
          shipCity
          deliveryOption
          holdReasons
          total {
            amount
            currency
          }
          lines {
            id
            sku
            name
            quantity
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const ApproveOrderDocument = graphql(`
  mutation ApproveOrder($orderId: ID!, $note: String) {
    approveOrder(orderId: $orderId, note: $note) {
      order {
        id
        number
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

export const RejectOrderDocument = graphql(`
  mutation RejectOrder($orderId: ID!, $note: String!) {
    rejectOrder(orderId: $orderId, note: $note) {
      order {
        id
        number
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

type QueueOrder = NonNullable<NonNullable<NonNullable<ReviewQueueQuery['orders']['edges']>[number]>['node']>

/** The hold reasons as labelled chips, each with its explanation for a screen reader / tooltip. */
export function HoldReasons({ reasons }: { reasons: readonly string[] | null | undefined }) {
  const { tv, locale } = useI18n()
  if (!reasons || reasons.length === 0) return null
  return (
    <ul className="hold-reasons" data-testid="hold-reasons">
      {reasons.map((r) => {
        // a reason without a label yet is shown by its name only
        const help = hasValueLabel(locale, 'holdReasonHelp', r) || hasValueLabel('en', 'holdReasonHelp', r) ? tv('holdReasonHelp', r) : null
        return (
          <li key={r} className="hold-reason" data-reason={r}>
            <span className="hold-reason-name">{tv('holdReason', r)}</span>
            {help ? <span className="hold-reason-help">{help}</span> : null}
          </li>
        )
      })}
    </ul>
  )
}

export function ReviewQueueSection() {
  const { t, locale } = useI18n()
  // one growing page: the queue is re-read as a whole when it changes
  const [limit, setLimit] = useState(REVIEW_PAGE_SIZE)
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ReviewQueueDocument,
    variables: { first: limit, after: null },
    requestPolicy: 'cache-and-network',
  })
  useLiveRefetch(() => reexecute({ requestPolicy: 'network-only' }), REVIEW_POLL_MS)
  const [decided, setDecided] = useState<{ id: string; text: string }[]>([])
  const handled = new Set(decided.map((d) => d.id))
  const orders = (data?.orders.edges ?? []).flatMap((e) => (e?.node && !handled.has(e.node.id) ? [e.node] : []))
  const total = data ? Math.max(0, data.orders.totalCount - (data.orders.edges ?? []).filter((e) => e?.node && handled.has(e.node.id)).length) : null

  const onDecided = (order: QueueOrder, approved: boolean) => {
    setDecided((d) => [
      { id: order.id, text: t(approved ? 'review.approvedOne' : 'review.rejectedOne', { number: order.number }) },
      ...d,
    ])
    reexecute({ requestPolicy: 'network-only' })
  }

  return (
    <section className="card" aria-labelledby="review-title" data-testid="review-queue">
      <div className="card-head">
        <h2 id="review-title" className="card-title">
          {t('review.title')}
        </h2>
        {total !== null ? (
          <span className="muted" data-testid="review-count">
            {t('review.count', { count: total.toLocaleString(locale) })}
          </span>
        ) : null}
      </div>
      <p className="muted small">{t('review.subtitle')}</p>
      <div role="status" aria-live="polite" className="review-log">
        {decided.slice(0, 1).map((d) => (
          <p key={d.id} className="notice notice-success" data-testid="review-decided">
            {d.text}
          </p>
        ))}
      </div>
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && orders.length === 0 ? (
        <p className="empty" data-testid="review-empty">
          {t('review.empty')}
        </p>
      ) : null}
      {orders.length > 0 ? (
        <ol className="review-list" aria-busy={fetching}>
          {orders.map((o) => (
            <li key={o.id}>
              <ReviewCard order={o} onDecided={onDecided} />
            </li>
          ))}
        </ol>
      ) : null}
      {data?.orders.pageInfo.hasNextPage && limit < 100 ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={() => setLimit((l) => Math.min(100, l + REVIEW_PAGE_SIZE))}>
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  )
}

function waitingFor(createdAt: string, now: number, locale: string): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(createdAt)) / 60000))
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'short' })
  if (minutes < 60) return rtf.format(-minutes, 'minute')
  if (minutes < 48 * 60) return rtf.format(-Math.round(minutes / 60), 'hour')
  return rtf.format(-Math.round(minutes / 1440), 'day')
}

function ReviewCard({ order, onDecided }: { order: QueueOrder; onDecided: (o: QueueOrder, approved: boolean) => void }) {
  const { t, tv, locale } = useI18n()
  const titleId = useId()
  const lines = order.lines ?? []
  const place = [order.shipCity, order.shipProvince, order.shipCountry !== 'CN' ? order.shipCountry : ''].filter(Boolean).join(', ')
  return (
    <article className="review-card" aria-labelledby={titleId} data-testid="review-order" data-number={order.number}>
      <header className="review-card-head">
        <h3 id={titleId} className="mono review-number">
          {order.number}
        </h3>
        <span className="review-total">{formatMoney(order.total.amount, order.total.currency, locale)}</span>
      </header>
      <p className="muted small">
        <time dateTime={order.createdAt}>{formatDateTime(order.createdAt, locale)}</time> ·{' '}
        {t('review.waiting', { time: waitingFor(order.createdAt, Date.now(), locale) })} · {tv('channel', order.channel)} ·{' '}
        {tv('deliveryOption', order.deliveryOption)}
      </p>
      <HoldReasons reasons={order.holdReasons} />
      <dl className="review-facts">
        <div>
          <dt>{t('review.customer')}</dt>
          <dd>
            {order.contactName || t('common.notAvailable')}
            <span className="cell-sub">
              {order.contactEmail} · {order.contactPhone}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('review.shipTo')}</dt>
          <dd>{place || t('common.notAvailable')}</dd>
        </div>
        <div>
          <dt>{t('order.items')}</dt>
          <dd>
            <ul className="review-lines">
              {lines.map((l) => (
                <li key={l.id}>
                  <span className="review-qty">{l.quantity} ×</span> {l.name} <span className="mono muted">{l.sku}</span>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <ReviewDecision orderId={order.id} number={order.number} onDone={(approved) => onDecided(order, approved)} />
    </article>
  )
}

/** Approve (optional note) or reject (note required: the customer is told) one held order. */
export function ReviewDecision({ orderId, number, onDone }: { orderId: string; number: string; onDone: (approved: boolean) => void }) {
  const i18n = useI18n()
  const { t, te } = i18n
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState<string | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching: approving }, approve] = useMutation(ApproveOrderDocument)
  const [{ fetching: rejecting }, reject] = useMutation(RejectOrderDocument)
  const busy = approving || rejecting
  const noteId = `review-note-${orderId}`

  const handle = (error: CombinedError | undefined, payload: { userErrors: readonly UserErrorLike[] } | undefined, approved: boolean) => {
    if (error || !payload) {
      setErrors([error ? describeRequestError(error, i18n) : t('review.failed')])
      return
    }
    if (payload.userErrors.length > 0) {
      const onNote = payload.userErrors.find((ue) => ue.code === 'NOTE_REQUIRED' || ue.field?.includes('note'))
      if (onNote) {
        setNoteError(te(onNote.code, onNote.message))
        document.getElementById(noteId)?.focus()
      }
      setErrors(
        payload.userErrors
          .filter((ue) => ue !== onNote)
          .map((ue) => (ue.code === 'ILLEGAL_TRANSITION' ? t('review.alreadyDecided', { number }) : te(ue.code, ue.message))),
      )
      return
    }
    onDone(approved)
  }

  const onApprove = async () => {
    if (busy) return
    setErrors([])
    setNoteError(null)
    const res = await approve({ orderId, note: note.trim() || null })
    handle(res.error, res.data?.approveOrder, true)
  }
  const onReject = async () => {
    if (busy) return
    setErrors([])
    setNoteError(null)
    const res = await reject({ orderId, note: note.trim() })
    handle(res.error, res.data?.rejectOrder, false)
  }

  return (
    <div className="review-decision" aria-busy={busy}>
      <FormAlert messages={errors} testId="review-errors" />
      <div className="review-decision-row">
        <TextAreaField
          id={noteId}
          label={t('review.note')}
          hint={t('review.noteHint')}
          rows={1}
          value={note}
          onChange={(e) => {
            setNote(e.target.value)
            setNoteError(null)
          }}
          error={noteError}
        />
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={onApprove} disabled={busy} data-testid="review-approve">
            {approving ? t('review.approving') : t('review.approve')}
            <span className="visually-hidden"> {number}</span>
          </button>
          <button type="button" className="btn btn-danger" onClick={onReject} disabled={busy} data-testid="review-reject">
            {rejecting ? t('review.rejecting') : t('review.reject')}
            <span className="visually-hidden"> {number}</span>
          </button>
        </div>
      </div>
    </div>
  )
}
