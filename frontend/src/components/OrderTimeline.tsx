import { useI18n } from '../i18n/i18n'
import { formatDateTime } from '../lib/format'
import { describeOrderNote } from '../lib/orderEvents'

export interface TimelineEvent {
  id: string
  fromStatus: string
  toStatus: string
  note: string
  occurredAt: string
  actor?: string | null
}

/** An order's status history, newest first; notes worded in the UI's language. */
export function OrderTimeline({ events, showActor = false, testId = 'order-timeline' }: { events: readonly TimelineEvent[]; showActor?: boolean; testId?: string }) {
  const { t, tv, locale } = useI18n()
  // newest first; steps recorded at the same instant keep their order (the later one on top)
  const sorted = events
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => Date.parse(b.ev.occurredAt) - Date.parse(a.ev.occurredAt) || b.i - a.i)
    .map(({ ev }) => ev)
  if (sorted.length === 0) return <p className="muted">{t('order.noHistory')}</p>
  return (
    <ol className="timeline" data-testid={testId}>
      {sorted.map((ev, i) => {
        const note = ev.note ? describeOrderNote(ev.note, { tv }) : ''
        const changed = ev.fromStatus && ev.fromStatus !== ev.toStatus
        return (
          <li key={ev.id} className={i === 0 ? 'timeline-item current' : 'timeline-item'} data-status={ev.toStatus}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <p className="timeline-status">
                <strong>{tv('orderStatus', ev.toStatus)}</strong>
                {changed ? (
                  <span className="timeline-from muted small"> {t('order.fromStatus', { status: tv('orderStatus', ev.fromStatus) })}</span>
                ) : null}
              </p>
              {note ? <p className="timeline-desc">{note}</p> : null}
              <p className="timeline-meta">
                <time dateTime={ev.occurredAt}>{formatDateTime(ev.occurredAt, locale)}</time>
                {showActor && ev.actor ? <span className="mono"> · {ev.actor}</span> : null}
              </p>
            </div>
          </li>
        )
      })}
    </ol>
  )
}
