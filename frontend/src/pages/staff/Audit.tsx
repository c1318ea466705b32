import { Fragment, useEffect, useMemo, useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { ErrorState, Spinner } from '../../components/Feedback'
import { graphql } from '../../gql'
import type { AuditEntryWhereInput, AuditLogQuery } from '../../gql/graphql'
import { hasValueLabel, translateValue, useI18n, type Locale } from '../../i18n/i18n'
import { formatDateTime } from '../../lib/format'

export const AUDIT_PAGE_SIZE = 25

export const AuditLogDocument = graphql(`
  query AuditLog($first: Int!, $after: Cursor, $where: AuditEntryWhereInput) {
    auditEntries(first: $first, after: $after, where: $where, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          actorID
          actorEmail
          action
          objectType
          objectID
          before
          after
          requestID
          occurredAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

type AuditRow = NonNullable<NonNullable<NonNullable<AuditLogQuery['auditEntries']['edges']>[number]>['node']>

export interface AuditFilters {
  actor: string
  objectType: string
  from: string // YYYY-MM-DD, local day
  to: string
}

export const EMPTY_FILTERS: AuditFilters = { actor: '', objectType: '', from: '', to: '' }

/** Local calendar days → an inclusive UTC time range; text filters match case-insensitively. */
export function auditWhere(f: AuditFilters): AuditEntryWhereInput | undefined {
  const where: AuditEntryWhereInput = {}
  if (f.actor.trim()) where.actorEmailContainsFold = f.actor.trim()
  if (f.objectType.trim()) where.objectTypeEqualFold = f.objectType.trim()
  const day = (s: string, end: boolean) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
    if (!m) return null
    const d = end
      ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
      : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0)
    return Number.isNaN(d.getTime()) ? null : d.toISOString()
  }
  const gte = day(f.from, false)
  const lte = day(f.to, true)
  if (gte) where.occurredAtGTE = gte
  if (lte) where.occurredAtLTE = lte
  return Object.keys(where).length > 0 ? where : undefined
}

/** Object types seen in the log, offered as suggestions for the filter. */
export const KNOWN_OBJECT_TYPES = ['Account', 'Order', 'Product', 'StockLevel', 'Shipment', 'Ticket', 'Coupon', 'ReturnRequest', 'Warehouse']

export function AuditSection() {
  const { t } = useI18n()
  const [input, setInput] = useState<AuditFilters>(EMPTY_FILTERS)
  const [applied, setApplied] = useState<AuditFilters>(EMPTY_FILTERS)
  const where = useMemo(() => auditWhere(applied), [applied])
  const invalidRange = !!input.from && !!input.to && input.from > input.to

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (invalidRange) return
    setApplied(input)
  }
  const reset = () => {
    setInput(EMPTY_FILTERS)
    setApplied(EMPTY_FILTERS)
  }
  const set = (k: keyof AuditFilters) => (e: { target: { value: string } }) => setInput((f) => ({ ...f, [k]: e.target.value }))

  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title" className="card-title">
        {t('audit.title')}
      </h2>
      <form className="filters" role="search" aria-label={t('audit.filters')} onSubmit={onSubmit} data-testid="audit-filters">
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <input id="audit-actor" type="search" value={input.actor} placeholder={t('audit.actorPlaceholder')} onChange={set('actor')} />
        </div>
        <div className="field">
          <label htmlFor="audit-type">{t('audit.objectType')}</label>
          <input id="audit-type" list="audit-types" value={input.objectType} placeholder={t('audit.objectTypePlaceholder')} onChange={set('objectType')} />
          <datalist id="audit-types">
            {KNOWN_OBJECT_TYPES.map((ty) => (
              <option key={ty} value={ty} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={input.from} max={input.to || undefined} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input
            id="audit-to"
            type="date"
            value={input.to}
            min={input.from || undefined}
            onChange={set('to')}
            aria-invalid={invalidRange || undefined}
            aria-describedby={invalidRange ? 'audit-range-error' : undefined}
          />
        </div>
        <div className="filters-actions">
          <button type="submit" className="btn btn-primary" disabled={invalidRange}>
            {t('audit.apply')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={reset}>
            {t('audit.reset')}
          </button>
        </div>
        {invalidRange ? (
          <p id="audit-range-error" className="field-error filters-error" role="alert">
            {t('audit.badRange')}
          </p>
        ) : null}
      </form>
      <AuditTable key={JSON.stringify(where ?? {})} where={where} />
    </section>
  )
}

interface PageInfo {
  hasNextPage: boolean
  endCursor?: string | null
}

function AuditTable({ where }: { where?: AuditEntryWhereInput }) {
  const { t, locale } = useI18n()
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [last, setLast] = useState<PageInfo | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  return (
    <>
      {total !== null ? (
        <p className="muted table-caption" role="status" data-testid="audit-count">
          {t('audit.count', { count: total.toLocaleString(locale) })}
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="audit-title" tabIndex={0}>
        <table className="table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('audit.details')}</span>
              </th>
              <th scope="col">{t('audit.col.time')}</th>
              <th scope="col">{t('audit.col.actor')}</th>
              <th scope="col">{t('audit.col.action')}</th>
              <th scope="col">{t('audit.col.object')}</th>
            </tr>
          </thead>
          {cursors.map((after, i) => (
            <AuditPage
              key={after ?? ''}
              after={after}
              where={where}
              isFirst={i === 0}
              isLast={i === cursors.length - 1}
              onPageInfo={setLast}
              onTotal={setTotal}
            />
          ))}
        </table>
      </div>
      {total === 0 ? (
        <p className="muted table-empty" data-testid="audit-empty">
          {where ? t('audit.noneFiltered') : t('audit.none')}
        </p>
      ) : null}
      {last?.hasNextPage && last.endCursor ? (
        <div className="load-more">
          <button type="button" className="btn btn-secondary" onClick={() => setCursors((c) => [...c, last.endCursor ?? null])}>
            {t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </>
  )
}

function AuditPage({
  after,
  where,
  isFirst,
  isLast,
  onPageInfo,
  onTotal,
}: {
  after: string | null
  where?: AuditEntryWhereInput
  isFirst: boolean
  isLast: boolean
  onPageInfo: (p: PageInfo | null) => void
  onTotal: (n: number | null) => void
}) {
  const { t } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AuditLogDocument,
    variables: { first: AUDIT_PAGE_SIZE, after, where },
    requestPolicy: isFirst ? 'cache-and-network' : 'cache-first',
  })
  const conn = data?.auditEntries
  const rows = useMemo(() => (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])), [conn])
  useEffect(() => {
    if (isLast) onPageInfo(conn ? conn.pageInfo : null)
  }, [isLast, conn, onPageInfo])
  useEffect(() => {
    if (isFirst) onTotal(conn ? conn.totalCount : null)
  }, [isFirst, conn, onTotal])

  if ((fetching && !data) || (error && !data))
    return (
      <tbody>
        <tr>
          <td colSpan={5} className="cell-status">
            {error ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : <Spinner label={t('common.loading')} />}
          </td>
        </tr>
      </tbody>
    )
  return (
    <tbody>
      {rows.map((row) => (
        <AuditRowView key={row.id} row={row} />
      ))}
    </tbody>
  )
}

/** 'Account.update' → 'Updated' (the verb is translated; an unknown one is shown as sent). */
export function auditActionLabel(action: string, locale: Locale): string {
  const verb = (action.split('.').pop() ?? action).toUpperCase()
  return hasValueLabel(locale, 'auditAction', verb) || hasValueLabel('en', 'auditAction', verb)
    ? translateValue(locale, 'auditAction', verb)
    : action
}

/** Pretty JSON for a before/after snapshot; keys sorted so the two sides line up. */
export function prettyJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys)
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      )
    }
    return v
  }
  return JSON.stringify(sortKeys(value), null, 2)
}

/** Top-level keys whose value differs between before and after. */
export function changedKeys(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort()
}

function AuditRowView({ row }: { row: AuditRow }) {
  const { t, locale } = useI18n()
  const [open, setOpen] = useState(false)
  const detailsId = `audit-detail-${row.id}`
  const changed = changedKeys(row.before, row.after)
  return (
    <Fragment>
      <tr data-testid="audit-row" className={open ? 'row-open' : undefined}>
        <td className="cell-toggle">
          <button
            type="button"
            className="btn btn-ghost btn-small expand-btn"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
            data-testid="audit-expand"
          >
            <span aria-hidden="true" className="chevron">
              ▸
            </span>
            <span className="visually-hidden">{open ? t('audit.hideChanges') : t('audit.showChanges')}</span>
          </button>
        </td>
        <td>
          <time dateTime={row.occurredAt}>{formatDateTime(row.occurredAt, locale)}</time>
        </td>
        <td>{row.actorEmail || <span className="muted">{t('audit.system')}</span>}</td>
        <td>
          <span className="badge" title={row.action}>{auditActionLabel(row.action, locale)}</span>
        </td>
        <td className="cell-wrap">
          {row.objectType}
          <span className="cell-sub mono">{row.objectID}</span>
        </td>
      </tr>
      <tr id={detailsId} className="audit-detail-row" hidden={!open}>
        <td colSpan={5}>
          {open ? (
            <div className="audit-detail" data-testid="audit-detail">
              {changed.length > 0 ? (
                <p className="muted small">{t('audit.changedFields', { fields: changed.join(', ') })}</p>
              ) : null}
              <div className="json-pair">
                <div>
                  <p className="json-label">{t('audit.before')}</p>
                  {row.before ? (
                    <pre className="json" data-testid="audit-before">
                      {prettyJson(row.before)}
                    </pre>
                  ) : (
                    <p className="muted">{t('audit.nothing')}</p>
                  )}
                </div>
                <div>
                  <p className="json-label">{t('audit.after')}</p>
                  {row.after ? (
                    <pre className="json" data-testid="audit-after">
                      {prettyJson(row.after)}
                    </pre>
                  ) : (
                    <p className="muted">{t('audit.nothing')}</p>
                  )}
                </div>
              </div>
              <p className="muted small">
                {t('audit.requestId')} <span className="mono">{row.requestID || t('common.notAvailable')}</span>
                {row.actorID ? (
                  <>
                    {' · '}
                    {t('audit.actorId')} <span className="mono">{row.actorID}</span>
                  </>
                ) : null}
              </p>
            </div>
          ) : null}
        </td>
      </tr>
    </Fragment>
  )
}
