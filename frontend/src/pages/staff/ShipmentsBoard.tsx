// The staff console's live shipments board: parcels that need attention (late, exception, out for
// delivery, expired, or all), kept fresh by `shipmentsUpdated(ids)` for the rows on screen and
// `opsAlerts` for parcels that newly turn late, hit an exception or go silent. Each row opens
// its timeline, the public tracking page and the label's QR code.
import { useEffect, useId, useMemo, useState } from 'react'
import { useQuery, useSubscription } from 'urql'
import { ErrorState, Spinner } from '../../components/Feedback'
import { StatusBadge } from '../../components/StatusBadge'
import { Timeline } from '../../components/Timeline'
import { graphql } from '../../gql'
import type { BoardShipmentFieldsFragment, ShipmentOrder, ShipmentWhereInput } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import type { MessageKey } from '../../i18n/messages'
import { formatDate, formatDateRange, formatDateTime } from '../../lib/format'
import { Link, navigate, useSearchParams } from '../../lib/router'
import { pickLanguage } from '../TrackingData'
import { useConnectionState } from '../useParcelLive'
import '../Tracking.css'

export const BoardShipmentFields = graphql(`
  fragment BoardShipmentFields on Shipment {
    id
    trackingNumber
    status
    subStatus
    late
    lateReason
    isReturn
    serviceLevel
    originCity
    destinationCity
    promisedDate
    etaFrom
    etaTo
    lastEventAt
    expiredAt
    carrier {
      id
      name
      nameZh
    }
    order {
      id
      number
    }
  }
`)

export const ShipmentsBoardDocument = graphql(`
  query ShipmentsBoard($first: Int!, $where: ShipmentWhereInput, $orderBy: [ShipmentOrder!]) {
    shipments(first: $first, where: $where, orderBy: $orderBy) {
      totalCount
      edges {
        node {
          ...BoardShipmentFields
        }
      }
    }
  }
`)

export const ShipmentTimelineDocument = graphql(`
  query ShipmentTimeline($id: ID!) {
    node(id: $id) {
      ... on Shipment {
        id
        events {
          id
          status
          subStatus
          description
          locationName
          city
          occurredAt
          source
        }
      }
    }
  }
`)

export const BoardShipmentsUpdatedDocument = graphql(`
  subscription BoardShipmentsUpdated($ids: [ID!]!) {
    shipmentsUpdated(ids: $ids) {
      ...BoardShipmentFields
    }
  }
`)

export const RecentOpsAlertsDocument = graphql(`
  query RecentOpsAlerts {
    opsAlerts(first: 5, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          id
          kind
          trackingNumber
          message
          createdAt
          cursor
        }
      }
    }
  }
`)

export const BoardOpsAlertsDocument = graphql(`
  subscription BoardOpsAlerts($after: String) {
    opsAlerts(after: $after) {
      id
      kind
      trackingNumber
      message
      createdAt
      cursor
      shipment {
        ...BoardShipmentFields
      }
    }
  }
`)

export type BoardShipment = BoardShipmentFieldsFragment

export const BOARD_FILTERS = ['late', 'exception', 'out', 'expired', 'all'] as const
export type BoardFilter = (typeof BOARD_FILTERS)[number]
export const BOARD_SORTS = ['recent', 'eta'] as const
export type BoardSort = (typeof BOARD_SORTS)[number]

/** The `shipments(where:)` of a filter chip. */
export function boardWhere(filter: BoardFilter): ShipmentWhereInput | undefined {
  switch (filter) {
    case 'late':
      return { late: true }
    case 'exception':
      return { status: 'EXCEPTION' }
    case 'out':
      return { status: 'OUT_FOR_DELIVERY' }
    case 'expired':
      return { status: 'EXPIRED' }
    default:
      return undefined
  }
}

/** Whether a shipment (as it is now) belongs under a filter chip: the same rule as boardWhere. */
export function matchesFilter(filter: BoardFilter, s: Pick<BoardShipment, 'late' | 'status'>): boolean {
  switch (filter) {
    case 'late':
      return s.late
    case 'exception':
      return s.status === 'EXCEPTION'
    case 'out':
      return s.status === 'OUT_FOR_DELIVERY'
    case 'expired':
      return s.status === 'EXPIRED'
    default:
      return true
  }
}

export function boardOrder(sort: BoardSort): ShipmentOrder[] {
  return sort === 'eta' ? [{ field: 'ETA', direction: 'ASC' }] : [{ field: 'LAST_EVENT_AT', direction: 'DESC' }]
}

export function parseFilter(value: string | null): BoardFilter {
  return (BOARD_FILTERS as readonly string[]).includes(value ?? '') ? (value as BoardFilter) : 'late'
}

export function parseSort(value: string | null): BoardSort {
  return value === 'eta' ? 'eta' : 'recent'
}

const FILTER_LABELS: Record<BoardFilter, MessageKey> = {
  late: 'shipBoard.filter.late',
  exception: 'shipBoard.filter.exception',
  out: 'shipBoard.filter.out',
  expired: 'shipBoard.filter.expired',
  all: 'shipBoard.filter.all',
}

const PAGE = 50
const MAX_ROWS = 100 // the API's page limit; the filters narrow the rest
const MAX_LIVE_IDS = 200 // shipmentsUpdated takes at most a board page of 200

type Alert = {
  id: string
  kind: string
  trackingNumber: string
  message: string
  createdAt: string
  cursor: string
  shipment?: BoardShipment | null
}

/** Newest first, each alert once, at most `keep`. */
export function mergeAlerts(current: readonly Alert[], incoming: readonly Alert[], keep = 20): Alert[] {
  const seen = new Set<string>()
  return [...incoming, ...current]
    .filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, keep)
}

export function ShipmentsBoard() {
  const { t } = useI18n()
  const params = useSearchParams()
  const filter = parseFilter(params.get('filter'))
  const sort = parseSort(params.get('sort'))
  const [limit, setLimit] = useState(PAGE)
  const where = useMemo(() => boardWhere(filter), [filter])
  const orderBy = useMemo(() => boardOrder(sort), [sort])
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ShipmentsBoardDocument,
    variables: { first: limit, where, orderBy },
    requestPolicy: 'cache-and-network',
  })
  const rows = useMemo(
    () => (data?.shipments.edges ?? []).map((e) => e?.node).filter((n): n is BoardShipment => !!n),
    [data],
  )
  const total = data?.shipments.totalCount ?? 0
  const ids = useMemo(() => rows.slice(0, MAX_LIVE_IDS).map((r) => r.id), [rows])
  // live: the rows on screen, as they change
  const [{ data: updates }] = useSubscription(
    { query: BoardShipmentsUpdatedDocument, variables: { ids }, pause: ids.length === 0 },
    (prev: Record<string, BoardShipment> | undefined, res) => ({ ...prev, [res.shipmentsUpdated.id]: res.shipmentsUpdated }),
  )

  // ops alerts: the last few, then live from the newest one's cursor (a reconnect replays what it missed)
  const [{ data: recent }] = useQuery({ query: RecentOpsAlertsDocument, requestPolicy: 'cache-and-network' })
  const recentAlerts = useMemo(
    () => (recent?.opsAlerts.edges ?? []).flatMap((e) => (e?.node ? [e.node as Alert] : [])),
    [recent],
  )
  const alertsAfter = recent ? (recentAlerts[0]?.cursor ?? null) : undefined
  const [{ data: liveAlerts }] = useSubscription(
    { query: BoardOpsAlertsDocument, variables: { after: alertsAfter ?? null }, pause: alertsAfter === undefined },
    (prev: Alert[] | undefined, res) => mergeAlerts(prev ?? [], [res.opsAlerts]),
  )
  const alerts = useMemo(() => mergeAlerts(recentAlerts, liveAlerts ?? [], 5), [recentAlerts, liveAlerts])
  const liveState = useConnectionState(updates ?? liveAlerts)

  // parcels that newly match this filter (an alert about one not on screen): offer to refresh
  const shown = useMemo(() => new Set(rows.map((r) => r.id)), [rows])
  const newcomers = (liveAlerts ?? []).filter((a) => a.shipment && !shown.has(a.shipment.id) && matchesFilter(filter, a.shipment))
  const newCount = new Set(newcomers.map((a) => a.shipment!.id)).size

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(window.location.search)
    if (value) next.set(key, value)
    else next.delete(key)
    const qs = next.toString()
    navigate(`${window.location.pathname}${qs ? `?${qs}` : ''}`, { replace: true })
    setLimit(PAGE)
  }
  const refresh = () => reexecute({ requestPolicy: 'network-only' })

  return (
    <section className="ship-board" aria-labelledby="ship-board-title" data-testid="shipments-board">
      <div className="card-head ship-board-head">
        <h2 id="ship-board-title" className="card-title">
          {t('shipBoard.title')}
        </h2>
        <span className={`trk-live trk-live-${liveState}`} role="status" data-testid="board-live" data-state={liveState}>
          {t(liveState === 'live' ? 'track.live' : liveState === 'reconnecting' ? 'trk.live.reconnecting' : 'trk.live.connecting')}
        </span>
      </div>

      {alerts.length > 0 ? <AlertStrip alerts={alerts} /> : null}

      <div className="filter-row ship-board-filters">
        <div className="chips" role="group" aria-label={t('shipBoard.filters')}>
          {BOARD_FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className="chip"
              aria-pressed={filter === f}
              onClick={() => setParam('filter', f === 'late' ? null : f)}
              data-testid={`board-filter-${f}`}
            >
              {t(FILTER_LABELS[f])}
            </button>
          ))}
        </div>
        <label className="sort">
          {t('shipBoard.sort')}
          <select value={sort} onChange={(e) => setParam('sort', e.target.value === 'recent' ? null : e.target.value)}>
            <option value="recent">{t('shipBoard.sort.recent')}</option>
            <option value="eta">{t('shipBoard.sort.eta')}</option>
          </select>
        </label>
      </div>

      {newCount > 0 ? (
        <div className="notice notice-info ship-board-new" role="status" data-testid="board-new">
          <p>{t('shipBoard.newMatches', { count: newCount })}</p>
          <button type="button" className="btn btn-secondary btn-small" onClick={refresh}>
            {t('shipBoard.showNew')}
          </button>
        </div>
      ) : null}

      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={refresh} /> : null}
      {data && rows.length === 0 ? (
        <p className="muted ship-board-empty" data-testid="board-empty">
          {t(`shipBoard.empty.${filter}`)}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="muted ship-board-count" aria-live="polite">
            {t('shipBoard.count', { shown: rows.length, total })}
          </p>
          <ul className="ship-rows" data-testid="board-rows">
            {rows.map((row) => {
              const current = updates?.[row.id] ?? row
              return <ShipmentRow key={row.id} shipment={current} stale={!matchesFilter(filter, current)} />
            })}
          </ul>
          {total > rows.length ? (
            limit < MAX_ROWS ? (
              <button type="button" className="btn btn-secondary" onClick={() => setLimit(MAX_ROWS)} disabled={fetching}>
                {t('common.loadMore')}
              </button>
            ) : (
              <p className="muted">{t('shipBoard.narrow', { total })}</p>
            )
          ) : null}
        </>
      ) : null}
    </section>
  )
}

function AlertStrip({ alerts }: { alerts: readonly Alert[] }) {
  const { t, tv, locale } = useI18n()
  return (
    <section className="ship-alerts" aria-label={t('shipBoard.alerts')} data-testid="board-alerts">
      <p className="eyebrow">{t('shipBoard.alerts')}</p>
      <ul>
        {alerts.map((a) => (
          <li key={a.id} className={`ship-alert ship-alert-${a.kind.toLowerCase()}`} data-testid="board-alert">
            <span className={`badge badge-${a.kind === 'LATE' ? 'warning' : 'danger'}`}>{tv('opsAlertKind', a.kind)}</span>{' '}
            <Link to={`/track/${encodeURIComponent(a.trackingNumber)}`} className="mono">
              {a.trackingNumber}
            </Link>{' '}
            <span>{pickLanguage(a.message, locale)}</span>{' '}
            <time className="muted" dateTime={a.createdAt}>
              {formatDateTime(a.createdAt, locale)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  )
}

function ShipmentRow({ shipment: s, stale }: { shipment: BoardShipment; stale: boolean }) {
  const { t, locale } = useI18n()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const eta = formatDateRange(s.etaFrom, s.etaTo, locale)
  const carrier = s.carrier ? (locale === 'zh-CN' ? s.carrier.nameZh || s.carrier.name : s.carrier.name) : ''
  return (
    <li
      className={stale ? 'ship-row stale' : 'ship-row'}
      data-testid="board-row"
      data-tracking-number={s.trackingNumber}
      data-status={s.status}
    >
      <div className="ship-row-main">
        <div className="ship-row-id">
          <button
            type="button"
            className="ship-row-toggle"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            data-testid="board-row-toggle"
          >
            <span className="ship-row-caret" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <span className="mono ship-row-number">{s.trackingNumber}</span>
            <span className="visually-hidden">{open ? t('shipBoard.hideTimeline') : t('shipBoard.showTimeline')}</span>
          </button>
          {s.order ? <span className="muted ship-row-order">{s.order.number}</span> : null}
        </div>
        <div className="ship-row-status">
          <StatusBadge status={s.status} kind="parcelStatus" />
          {s.late ? <span className="badge badge-danger">{t('shipBoard.late')}</span> : null}
          {s.isReturn ? <span className="badge">{t('trk.return')}</span> : null}
          {stale ? <span className="muted ship-row-stale">{t('shipBoard.leftFilter')}</span> : null}
        </div>
        <p className="ship-row-route">
          {s.originCity} → {s.destinationCity}
          {carrier ? <span className="muted"> · {carrier}</span> : null}
        </p>
        <dl className="ship-row-facts">
          <div>
            <dt>{t('shipBoard.eta')}</dt>
            <dd>{eta || t('common.notAvailable')}</dd>
          </div>
          <div>
            <dt>{t('track.promised')}</dt>
            <dd>{formatDate(s.promisedDate, locale) || t('common.notAvailable')}</dd>
          </div>
          <div>
            <dt>{t('track.lastUpdate')}</dt>
            <dd>{s.lastEventAt ? <time dateTime={s.lastEventAt}>{formatDateTime(s.lastEventAt, locale)}</time> : t('common.notAvailable')}</dd>
          </div>
        </dl>
        {s.late && s.lateReason ? <p className="ship-row-reason">{pickLanguage(s.lateReason, locale)}</p> : null}
      </div>
      {open ? (
        <div id={panelId} className="ship-row-panel" data-testid="board-row-panel">
          <ShipmentTimelinePanel shipment={s} />
        </div>
      ) : null}
    </li>
  )
}

function ShipmentTimelinePanel({ shipment }: { shipment: BoardShipment }) {
  const { t } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ShipmentTimelineDocument,
    variables: { id: shipment.id },
    requestPolicy: 'cache-and-network',
  })
  // a live update moved the parcel on: read its events again
  const lastEventAt = shipment.lastEventAt
  const [seen, setSeen] = useState(lastEventAt)
  useEffect(() => {
    if (lastEventAt === seen) return
    setSeen(lastEventAt)
    reexecute({ requestPolicy: 'network-only' })
  }, [lastEventAt, seen, reexecute])

  const node = data?.node && 'events' in data.node ? data.node : null
  const events = useMemo(
    () => [...(node?.events ?? [])].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt)),
    [node],
  )
  const number = encodeURIComponent(shipment.trackingNumber)
  return (
    <div className="ship-panel">
      <div className="ship-panel-timeline">
        {fetching && !data ? <Spinner /> : null}
        {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
        {data ? <Timeline events={events} testId="board-timeline" /> : null}
      </div>
      <div className="ship-panel-side">
        <img
          className="ship-qr"
          src={`/qr/${number}.svg`}
          width={132}
          height={132}
          alt={t('shipBoard.qrAlt', { number: shipment.trackingNumber })}
          loading="lazy"
          data-testid="board-qr"
        />
        <Link to={`/track/${number}`} className="btn btn-secondary btn-small" data-testid="board-track-link">
          {t('shipBoard.openTracking')}
        </Link>
        <a href={`/qr/${number}.png?scale=12`} download={`${shipment.trackingNumber}.png`} className="btn btn-ghost btn-small">
          {t('shipBoard.downloadQr')}
        </a>
      </div>
    </div>
  )
}
