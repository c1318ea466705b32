// Allocation: the orders waiting to be routed, and the decisions made, with the allocator's
// reasons and the warehouses it weighed. Staff can override (move the order or one line to
// another warehouse; reservations move through the ledger) or hold it, and release a hold.
import { useId, useMemo, useState } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import { StatusBadge } from '../../../components/StatusBadge'
import type { AllocationStatus, AllocationWhereInput, WhAllocationsQuery } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { formatDateTime, formatNumber } from '../../../lib/format'
import {
  WhAllocateOrderDocument,
  WhAllocateOrdersDocument,
  WhAllocationsDocument,
  WhHoldFulfilmentDocument,
  WhOverrideAllocationDocument,
  WhReleaseHoldDocument,
} from './operations'
import { useWarehouse, warehouseLabel } from './shared'

type Decision = NonNullable<NonNullable<WhAllocationsQuery['allocations']['edges']>[number]>['node'] & {}

const STATUSES: AllocationStatus[] = ['ALLOCATED', 'OVERRIDDEN', 'HELD', 'RELEASED', 'UNFILLABLE']

export function AllocationScreen() {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const { can } = useWarehouse()
  const [q, setQ] = useState('')
  const [filter, setFilter] = useState<{ number: string; status: string }>({ number: '', status: '' })
  const where: AllocationWhereInput = {}
  if (filter.number) where.hasOrderWith = [{ numberContainsFold: filter.number }]
  if (filter.status) where.status = filter.status as AllocationStatus
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WhAllocationsDocument,
    variables: { where },
    requestPolicy: 'cache-and-network',
  })
  const [allState, allocateAll] = useMutation(WhAllocateOrdersDocument)
  const [oneState, allocateOne] = useMutation(WhAllocateOrderDocument)
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const queue = data?.allocationQueue ?? []
  const decisions = useMemo(() => (data?.allocations.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])), [data])
  // the newest decision of each order carries the actions; older ones are history
  const newest = useMemo(() => {
    const seen = new Set<string>()
    return new Set(
      decisions.filter((d) => {
        if (seen.has(d.order.id)) return false
        seen.add(d.order.id)
        return true
      }).map((d) => d.id),
    )
  }, [decisions])
  const refresh = () => reexecute({ requestPolicy: 'network-only' })

  const runAll = async () => {
    setNotice(null)
    const res = await allocateAll({})
    const p = res.data?.allocateOrders
    if (res.error) setNotice({ tone: 'error', text: describeRequestError(res.error, i18n) })
    else if (p?.userErrors.length) setNotice({ tone: 'error', text: p.userErrors.map((e) => i18n.te(e.code, e.message)).join(' ') })
    else if (p) setNotice({ tone: 'success', text: t('wh.alloc.ranAll', { allocated: p.allocated, unfillable: p.unfillable, skipped: p.skipped }) })
    refresh()
  }
  const runOne = async (orderId: string, number: string) => {
    setNotice(null)
    const res = await allocateOne({ orderId })
    const p = res.data?.allocateOrder
    if (res.error) setNotice({ tone: 'error', text: describeRequestError(res.error, i18n) })
    else if (p?.userErrors.length) setNotice({ tone: 'error', text: p.userErrors.map((e) => i18n.te(e.code, e.message)).join(' ') })
    else setNotice({ tone: 'success', text: t('wh.alloc.ranOne', { number, status: tv('allocationStatus', p?.allocation?.status ?? '') }) })
    refresh()
  }

  return (
    <div className="console">
      <section className="card" aria-labelledby="wh-queue-title">
        <div className="card-head">
          <h2 id="wh-queue-title" className="card-title">
            {t('wh.alloc.queue')}
          </h2>
          {can('FULFIL') && queue.length > 0 ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void runAll()} disabled={allState.fetching}>
              {t('wh.alloc.allocateAll')}
            </button>
          ) : null}
        </div>
        {notice ? (
          <p className={`notice notice-${notice.tone} wh-compact`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="alloc-notice">
            {notice.text}
          </p>
        ) : null}
        {fetching && !data ? <Spinner /> : null}
        {error && !data ? <ErrorState error={error} onRetry={refresh} /> : null}
        {data && queue.length === 0 ? <p className="muted">{t('wh.alloc.queueEmpty')}</p> : null}
        {queue.length > 0 ? (
          <ul className="wh-rows">
            {queue.map((o) => (
              <li key={o.id} className="wh-row" data-testid="alloc-queue-row">
                <div className="wh-row-main">
                  <span className="wh-row-title mono">{o.number}</span>
                  <span className="wh-row-meta">
                    {tv('deliveryOption', o.deliveryOption)} · {o.shipCity} · {formatDateTime(o.createdAt, locale)}
                  </span>
                </div>
                {can('FULFIL') ? (
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => void runOne(o.id, o.number)}
                    disabled={oneState.fetching}
                    aria-label={t('wh.alloc.allocateLabel', { number: o.number })}
                  >
                    {t('wh.alloc.allocate')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="card" aria-labelledby="wh-decisions-title">
        <div className="card-head">
          <h2 id="wh-decisions-title" className="card-title">
            {t('wh.alloc.decisions')}
          </h2>
          {data ? <span className="muted small">{t('wh.count', { count: formatNumber(data.allocations.totalCount, locale) })}</span> : null}
        </div>
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault()
            setFilter((f) => ({ ...f, number: q.trim() }))
          }}
        >
          <div className="field">
            <label htmlFor="wh-alloc-number">{t('wh.alloc.orderNumber')}</label>
            <input id="wh-alloc-number" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="wh-alloc-status">{t('wh.alloc.status')}</label>
            <select
              id="wh-alloc-status"
              className="wh-select"
              value={filter.status}
              onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value }))}
            >
              <option value="">{t('wh.alloc.allStatuses')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tv('allocationStatus', s)}
                </option>
              ))}
            </select>
          </div>
          <div className="filters-actions">
            <button type="submit" className="btn btn-secondary">
              {t('wh.stock.searchButton')}
            </button>
          </div>
        </form>
        {data && decisions.length === 0 ? <p className="muted">{t('wh.alloc.none')}</p> : null}
        <ul className="wh-decisions">
          {decisions.map((d) => (
            <DecisionCard key={d.id} d={d} current={newest.has(d.id)} onChanged={refresh} />
          ))}
        </ul>
      </section>
    </div>
  )
}

function DecisionCard({ d, current, onChanged }: { d: Decision; current: boolean; onChanged: () => void }) {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const { can, warehouses, viewerId } = useWarehouse()
  const uid = useId()
  const [mode, setMode] = useState<'override' | 'hold' | 'release' | null>(null)
  const [target, setTarget] = useState('')
  const [line, setLine] = useState('')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [noteError, setNoteError] = useState<string | null>(null)
  const [overrideState, override] = useMutation(WhOverrideAllocationDocument)
  const [holdState, hold] = useMutation(WhHoldFulfilmentDocument)
  const [releaseState, release] = useMutation(WhReleaseHoldDocument)
  const o = d.order
  const movable = current && can('FULFIL') && (o.status === 'CONFIRMED' || o.status === 'ALLOCATED')
  const releasable = current && can('FULFIL') && o.status === 'ON_HOLD' && d.status === 'HELD'
  const busy = overrideState.fetching || holdState.fetching || releaseState.fetching
  const km = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n)
  const pctFmt = (n: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n)

  const submit = async () => {
    setErrors([])
    setNoteError(null)
    if (mode !== 'release' && !note.trim()) {
      setNoteError(t('wh.alloc.noteRequired'))
      document.getElementById(`${uid}-note`)?.focus()
      return
    }
    if (mode === 'override' && !target) {
      setErrors([t('wh.alloc.targetRequired')])
      return
    }
    const res =
      mode === 'override'
        ? await override({ input: { orderId: o.id, warehouseId: target, note: note.trim(), ...(line ? { orderLineId: line } : {}) } })
        : mode === 'hold'
          ? await hold({ orderId: o.id, note: note.trim() })
          : await release({ orderId: o.id, note: note.trim() || null })
    if (res.error) {
      setErrors([describeRequestError(res.error, i18n)])
      return
    }
    const data = res.data as Record<string, { userErrors: { code: string; message: string; field?: readonly string[] | null }[] }> | undefined
    const payload = data ? Object.values(data)[0] : undefined
    if (payload?.userErrors.length) {
      const noteErr = payload.userErrors.find((e) => e.field?.[e.field.length - 1] === 'note')
      if (noteErr) setNoteError(i18n.te(noteErr.code, noteErr.message))
      setErrors(payload.userErrors.filter((e) => e !== noteErr).map((e) => i18n.te(e.code, e.message)))
      return
    }
    setMode(null)
    setNote('')
    onChanged()
  }

  return (
    <li className={`wh-decision${current ? '' : ' wh-decision-old'}`} data-testid="alloc-decision" data-number={o.number} data-status={d.status}>
      <div className="card-head">
        <h3 className="wh-decision-title">
          <span className="mono">{o.number}</span> <StatusBadge kind="allocationStatus" status={d.status} />
        </h3>
        <span className="muted small">
          {formatDateTime(d.createdAt, locale)} ·{' '}
          {d.decidedBy === 'system' ? t('wh.alloc.bySystem') : d.decidedBy === viewerId ? t('wh.alloc.byYou') : t('wh.alloc.byStaff')}
        </span>
      </div>
      <p className="muted small">
        {t('wh.alloc.orderStatus', { status: tv('orderStatus', o.status) })} · {tv('deliveryOption', o.deliveryOption)} · {o.shipCity} · {t('wh.alloc.parcels', { count: d.shipments })} ·{' '}
        {t('wh.alloc.km', { km: km(d.distanceKm) })}
        {!current ? ` · ${t('wh.alloc.earlier')}` : ''}
      </p>
      {d.reasons.length > 0 ? (
        <ul className="wh-reasons" aria-label={t('wh.alloc.reasons')} data-testid="alloc-reasons">
          {d.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : null}
      {d.note ? <p className="small">{t('wh.alloc.note', { note: d.note })}</p> : null}
      {d.assignments.length > 0 ? (
        <p className="wh-assign small">
          {d.assignments.map((a, i) => (
            <span key={i} className="chip wh-chip-static">
              <span className="mono">{a.sku}</span> × {a.quantity} → <strong>{a.warehouseCode}</strong>
            </span>
          ))}
        </p>
      ) : null}
      {d.candidates.length > 0 ? (
        <details className="wh-candidates">
          <summary>{t('wh.alloc.candidates', { count: d.candidates.length })}</summary>
          <div className="table-wrap wh-inner-table" role="region" aria-label={t('wh.alloc.candidatesTable', { number: o.number })} tabIndex={0}>
            <table className="table wh-table wh-stack">
              <thead>
                <tr>
                  <th scope="col">{t('wh.alloc.warehouse')}</th>
                  <th scope="col">{t('wh.alloc.canFill')}</th>
                  <th scope="col" className="num">
                    {t('wh.alloc.distance')}
                  </th>
                  <th scope="col" className="num">
                    {t('wh.alloc.load')}
                  </th>
                  <th scope="col">{t('wh.alloc.why')}</th>
                </tr>
              </thead>
              <tbody>
                {d.candidates.map((c) => (
                  <tr key={c.warehouseId} className={c.chosen ? 'wh-chosen' : undefined}>
                    <th scope="row">
                      <span className="mono">{c.code}</span> {c.city}
                      {c.chosen ? <span className="badge badge-success wh-badge-gap">{t('wh.alloc.chosen')}</span> : null}
                    </th>
                    <td data-label={t('wh.alloc.canFill')}>{c.canFill ? t('wh.yes') : t('wh.no')}</td>
                    <td className="num" data-label={t('wh.alloc.distance')}>
                      {t('wh.alloc.km', { km: km(c.distanceKm) })}
                    </td>
                    <td className="num" data-label={t('wh.alloc.load')}>
                      {pctFmt(c.load)} <span className="muted small">({c.openOrders}/{c.dailyCapacity})</span>
                    </td>
                    <td className="cell-wrap" data-label={t('wh.alloc.why')} data-empty={!c.note || undefined}>
                      {c.note}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      {movable || releasable ? (
        <div className="button-row wh-decision-actions">
          {movable ? (
            <>
              <button type="button" className="btn btn-secondary btn-small" aria-expanded={mode === 'override'} onClick={() => setMode(mode === 'override' ? null : 'override')} data-testid="alloc-override">
                {t('wh.alloc.override')}
              </button>
              <button type="button" className="btn btn-secondary btn-small" aria-expanded={mode === 'hold'} onClick={() => setMode(mode === 'hold' ? null : 'hold')}>
                {t('wh.alloc.hold')}
              </button>
            </>
          ) : null}
          {releasable ? (
            <button type="button" className="btn btn-secondary btn-small" aria-expanded={mode === 'release'} onClick={() => setMode(mode === 'release' ? null : 'release')}>
              {t('wh.alloc.release')}
            </button>
          ) : null}
        </div>
      ) : null}
      {mode ? (
        <form
          className="form-grid wh-decision-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          {mode === 'override' ? (
            <>
              <div className="field">
                <label htmlFor={`${uid}-target`}>{t('wh.alloc.moveTo')}</label>
                <select id={`${uid}-target`} className="wh-select" value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">{t('wh.transfer.choose')}</option>
                  {warehouses
                    .filter((w) => w.active)
                    .map((w) => {
                      const c = d.candidates.find((x) => x.warehouseId === w.id)
                      return (
                        <option key={w.id} value={w.id}>
                          {warehouseLabel(w, locale)}
                          {c ? ` · ${c.canFill ? t('wh.alloc.optCanFill') : t('wh.alloc.optShort')}` : ''}
                        </option>
                      )
                    })}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${uid}-line`}>{t('wh.alloc.what')}</label>
                <select id={`${uid}-line`} className="wh-select" value={line} onChange={(e) => setLine(e.target.value)}>
                  <option value="">{t('wh.alloc.wholeOrder')}</option>
                  {(o.lines ?? []).map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.sku} × {l.quantity} · {l.name}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : null}
          <div className="field">
            <label htmlFor={`${uid}-note`}>
              {t('wh.alloc.why')}
              {mode === 'release' ? <span className="label-optional"> {t('form.optional')}</span> : null}
            </label>
            <input
              id={`${uid}-note`}
              type="text"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? `${uid}-note-error` : undefined}
            />
            {noteError ? (
              <p id={`${uid}-note-error`} className="field-error">
                {noteError}
              </p>
            ) : null}
          </div>
          <div className="form-grid-actions">
            <FormAlert messages={errors} />
            <div className="button-row">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {mode === 'override' ? t('wh.alloc.overrideSubmit') : mode === 'hold' ? t('wh.alloc.holdSubmit') : t('wh.alloc.releaseSubmit')}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => setMode(null)}>
                {t('wh.cancel')}
              </button>
            </div>
          </div>
        </form>
      ) : null}
    </li>
  )
}
