// A parcel's tracking events, newest first: status, what happened, where, and when in the
// viewer's local time. Used by the public tracking page and the staff shipments board.
import { useI18n } from '../i18n/i18n'
import { formatDateTime } from '../lib/format'
import { localCity, pickLanguage } from '../pages/TrackingData'

export interface TimelineEvent {
  id: string
  status: string
  subStatus: string
  description: string
  locationName: string
  city: string
  occurredAt: string
}

/** Events that went wrong are shown in the danger tone, failed attempts and delays in warning. */
export function eventTone(e: Pick<TimelineEvent, 'status' | 'subStatus'>): 'danger' | 'warning' | 'success' | null {
  if (e.status === 'EXCEPTION' || e.status === 'EXPIRED') return 'danger'
  if (e.status === 'ATTEMPT_FAIL' || /DELAY/.test(e.subStatus)) return 'warning'
  if (e.status === 'DELIVERED') return 'success'
  return null
}

export function Timeline({
  events,
  cityEnglish = new Map(),
  added = [],
  testId = 'timeline',
}: {
  /** Newest first. */
  events: readonly TimelineEvent[]
  /** Chinese city name → English, for the English UI. */
  cityEnglish?: Map<string, string>
  /** Events that just arrived live: highlighted for a moment. */
  added?: readonly string[]
  testId?: string
}) {
  const { t, tv, locale } = useI18n()
  if (events.length === 0) return <p className="muted">{t('track.noEvents')}</p>
  const fresh = new Set(added)
  return (
    <ol className="timeline trk-timeline" data-testid={testId}>
      {events.map((ev, i) => {
        const tone = eventTone(ev)
        const sub = ev.subStatus ? tv('parcelSubStatus', ev.subStatus) : ''
        const city = ev.city ? localCity(ev.city, locale, cityEnglish) : ''
        // the hub's own name says more, but only in Chinese
        const place =
          locale === 'zh-CN'
            ? ev.locationName && ev.city && !ev.locationName.includes(ev.city)
              ? `${ev.city} · ${ev.locationName}`
              : ev.locationName || ev.city
            : city || ev.locationName
        const classes = ['timeline-item']
        if (i === 0) classes.push('current')
        if (tone) classes.push(`trk-tone-${tone}`)
        if (fresh.has(ev.id)) classes.push('trk-fresh')
        return (
          <li key={ev.id} className={classes.join(' ')} data-testid="timeline-event" data-event-id={ev.id} data-status={ev.status}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <p className="timeline-status">
                <strong>{tv('parcelStatus', ev.status)}</strong>
                {sub && sub !== tv('parcelStatus', ev.status) ? <span className="muted"> · {sub}</span> : null}
                {fresh.has(ev.id) ? <span className="trk-new-tag">{t('trk.newEvent')}</span> : null}
              </p>
              {ev.description ? <p className="timeline-desc">{pickLanguage(ev.description, locale)}</p> : null}
              <p className="timeline-meta">
                <time dateTime={ev.occurredAt}>{formatDateTime(ev.occurredAt, locale)}</time>
                {place ? <span> · {place}</span> : null}
              </p>
            </div>
          </li>
        )
      })}
    </ol>
  )
}
