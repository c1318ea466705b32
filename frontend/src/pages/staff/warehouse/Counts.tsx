// Cycle counts: create a count task (whole warehouse, a zone, an ABC class, or what is due),
// count blind (the sheet never asks the API for expected quantities), submit, then the variance
// report and approval by someone who did not count (admins excepted).
import { useEffect, useId, useRef, useState } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import { StatusBadge } from '../../../components/StatusBadge'
import type { ProductAbcClass, WhCountSheetQuery } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { formatDateTime, formatMoney, formatNumber } from '../../../lib/format'
import { Link, navigate, useSearchParams } from '../../../lib/router'
import {
  WhApproveCountDocument,
  WhCancelCountDocument,
  WhCountReportDocument,
  WhCountSheetDocument,
  WhCreateCountDocument,
  WhCycleCountsDocument,
  WhRecordCountDocument,
  WhReopenCountDocument,
  WhSubmitCountDocument,
} from './operations'
import { Progress } from './Pick'
import { nameOf, parseNumber, parseWhole, useWarehouse } from './shared'

export const COUNTS_PATH = '/staff/warehouse/counts'

export function CountsScreen() {
  const params = useSearchParams()
  const id = params.get('count')
  return id ? <CountView key={id} id={id} /> : <CountsHome />
}

const pct = (v: number | null | undefined, locale: string) =>
  v == null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v)

function CountsHome() {
  const { t, tv, locale } = useI18n()
  const { warehouse } = useWarehouse()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WhCycleCountsDocument,
    variables: { warehouseId: warehouse?.id ?? '' },
    pause: !warehouse,
    requestPolicy: 'cache-and-network',
  })
  if (!warehouse) return null
  const counts = (data?.cycleCounts.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  const due = data?.dueCycleCounts ?? []
  const dueBy = (c: string) => due.filter((d) => d.abcClass === c).length

  return (
    <div className="console">
      <CreateCount warehouseId={warehouse.id} due={due.length} />
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data ? (
        <section className="card" aria-labelledby="wh-counts-title">
          <div className="card-head">
            <h2 id="wh-counts-title" className="card-title">
              {t('wh.counts.title')}
            </h2>
            <span className="muted small" data-testid="due-counts">
              {t('wh.counts.due', { count: due.length, a: dueBy('A'), b: dueBy('B'), c: dueBy('C') })}
            </span>
          </div>
          {counts.length === 0 ? (
            <p className="muted">{t('wh.counts.none')}</p>
          ) : (
            <ul className="wh-rows">
              {counts.map((c) => (
                <li key={c.id} className="wh-row" data-testid="count-row" data-number={c.number}>
                  <div className="wh-row-main">
                    <Link to={`${COUNTS_PATH}?count=${encodeURIComponent(c.id)}`} className="wh-row-title mono">
                      {c.number}
                    </Link>
                    <span className="wh-row-meta">
                      <StatusBadge kind="cycleCountStatus" status={c.status} /> {tv('cycleCountScope', c.scope)}
                      {c.zone ? ` ${c.zone}` : ''}
                      {c.abcClass ? ` ${c.abcClass}` : ''} · {c.blind ? t('wh.counts.blind') : t('wh.counts.open')} ·{' '}
                      {formatDateTime(c.createdAt, locale)}
                      {c.accuracy != null ? ` · ${t('wh.counts.accuracy', { value: pct(c.accuracy, locale) })}` : ''}
                    </span>
                  </div>
                  <Progress done={c.linesCounted} total={c.linesTotal} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  )
}

type Scope = 'WAREHOUSE' | 'ZONE' | 'ABC_CLASS' | 'DUE'

function CreateCount({ warehouseId, due }: { warehouseId: string; due: number }) {
  const i18n = useI18n()
  const { t } = i18n
  const uid = useId()
  const [scope, setScope] = useState<Scope>('WAREHOUSE')
  const [zone, setZone] = useState('')
  const [abc, setAbc] = useState<ProductAbcClass>('A')
  const [blind, setBlind] = useState(true)
  const [tolerance, setTolerance] = useState('0')
  const [maxLines, setMaxLines] = useState('50')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [state, create] = useMutation(WhCreateCountDocument)

  const submit = async () => {
    setErrors([])
    const tol = parseNumber(tolerance)
    const max = parseWhole(maxLines)
    const local: string[] = []
    if (scope === 'ZONE' && !zone.trim()) local.push(t('wh.counts.zoneRequired'))
    if (!(tol >= 0 && tol <= 100)) local.push(t('wh.counts.toleranceInvalid'))
    if (!(max >= 1)) local.push(t('wh.counts.maxInvalid'))
    if (local.length) {
      setErrors(local)
      return
    }
    const res = await create({
      input: {
        warehouseId,
        blind,
        tolerancePercent: tol,
        maxLines: max,
        ...(scope === 'ZONE' ? { zone: zone.trim().toUpperCase() } : {}),
        ...(scope === 'ABC_CLASS' ? { abcClass: abc } : {}),
        ...(scope === 'DUE' ? { onlyDue: true } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    })
    if (res.error) {
      setErrors([describeRequestError(res.error, i18n)])
      return
    }
    const p = res.data?.createCycleCount
    if (p?.userErrors.length) {
      setErrors(p.userErrors.map((e) => i18n.te(e.code, e.message)))
      return
    }
    if (p?.cycleCount) navigate(`${COUNTS_PATH}?count=${encodeURIComponent(p.cycleCount.id)}`)
  }

  return (
    <section className="card" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="card-title">
        {t('wh.counts.newTitle')}
      </h2>
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        data-testid="create-count"
      >
        <div className="field">
          <label htmlFor={`${uid}-scope`}>{t('wh.counts.scope')}</label>
          <select id={`${uid}-scope`} className="wh-select" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="WAREHOUSE">{t('wh.counts.scopeWarehouse')}</option>
            <option value="ZONE">{t('wh.counts.scopeZone')}</option>
            <option value="ABC_CLASS">{t('wh.counts.scopeAbc')}</option>
            <option value="DUE">{t('wh.counts.scopeDue', { count: due })}</option>
          </select>
        </div>
        {scope === 'ZONE' ? (
          <div className="field">
            <label htmlFor={`${uid}-zone`}>{t('wh.counts.zone')}</label>
            <input id={`${uid}-zone`} type="text" value={zone} onChange={(e) => setZone(e.target.value)} placeholder="A" aria-describedby={`${uid}-zone-hint`} />
            <p id={`${uid}-zone-hint`} className="field-hint">
              {t('wh.counts.zoneHint')}
            </p>
          </div>
        ) : null}
        {scope === 'ABC_CLASS' ? (
          <div className="field">
            <label htmlFor={`${uid}-abc`}>{t('wh.counts.abc')}</label>
            <select id={`${uid}-abc`} className="wh-select" value={abc} onChange={(e) => setAbc(e.target.value as ProductAbcClass)}>
              <option value="A">{t('wh.counts.abcA')}</option>
              <option value="B">{t('wh.counts.abcB')}</option>
              <option value="C">{t('wh.counts.abcC')}</option>
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${uid}-tol`}>{t('wh.counts.tolerance')}</label>
          <input id={`${uid}-tol`} type="text" inputMode="decimal" value={tolerance} onChange={(e) => setTolerance(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-max`}>{t('wh.counts.maxLines')}</label>
          <input id={`${uid}-max`} type="text" inputMode="numeric" value={maxLines} onChange={(e) => setMaxLines(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-note`}>
            {t('wh.form.note')} <span className="label-optional">{t('form.optional')}</span>
          </label>
          <input id={`${uid}-note`} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <div className="field wh-check-field">
          <label className="check-row">
            <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> {t('wh.counts.blindLabel')}
          </label>
          <p className="field-hint">{t('wh.counts.blindHint')}</p>
        </div>
        <div className="form-grid-actions">
          <FormAlert messages={errors} testId="create-count-errors" />
          <button type="submit" className="btn btn-primary" disabled={state.fetching}>
            {t('wh.counts.create')}
          </button>
        </div>
      </form>
    </section>
  )
}

function CountView({ id }: { id: string }) {
  const { t, tv } = useI18n()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WhCountSheetDocument, variables: { id }, requestPolicy: 'cache-and-network' })
  const count = data?.node?.__typename === 'CycleCount' ? data.node : null
  if (fetching && !data) return <Spinner />
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  if (!count)
    return (
      <div className="notice notice-warning" role="alert">
        <p className="notice-title">{t('wh.counts.missing')}</p>
        <p>
          <Link to={COUNTS_PATH}>{t('wh.counts.back')}</Link>
        </p>
      </div>
    )
  return (
    <div className="console" data-testid="count-view" data-status={count.status}>
      <section className="card" aria-labelledby="wh-count-title">
        <p className="wh-back">
          <Link to={COUNTS_PATH} className="back-link">
            ← {t('wh.counts.back')}
          </Link>
        </p>
        <div className="card-head">
          <h2 id="wh-count-title" className="card-title">
            {t('wh.counts.countTitle', { number: count.number })}
          </h2>
          <StatusBadge kind="cycleCountStatus" status={count.status} />
        </div>
        <p className="muted small">
          {count.warehouse.code} · {tv('cycleCountScope', count.scope)}
          {count.zone ? ` ${count.zone}` : ''}
          {count.abcClass ? ` ${count.abcClass}` : ''} · {count.blind ? t('wh.counts.blind') : t('wh.counts.open')}
          {count.note ? ` · ${count.note}` : ''}
        </p>
        <Progress done={count.linesCounted} total={count.linesTotal} />
      </section>
      {count.status === 'OPEN' ? <CountSheet count={count} onChanged={() => reexecute({ requestPolicy: 'network-only' })} /> : <CountReport id={count.id} />}
    </div>
  )
}

type Sheet = Extract<NonNullable<WhCountSheetQuery['node']>, { __typename: 'CycleCount' }>

/** The blind counting form: bin, SKU, product and a box for what is there. Nothing else. */
export function CountSheet({ count, onChanged }: { count: Sheet; onChanged: () => void }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const [values, setValues] = useState<Record<string, string>>({})
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState<Record<string, boolean>>({})
  const [errors, setErrors] = useState<string[]>([])
  const [confirming, setConfirming] = useState(false)
  const [recState, record] = useMutation(WhRecordCountDocument)
  const [subState, submit] = useMutation(WhSubmitCountDocument)
  const [cancelState, cancel] = useMutation(WhCancelCountDocument)
  const inputs = useRef(new Map<string, HTMLInputElement>())
  const lines = count.walk
  const pending = lines.filter((l) => l.status === 'PENDING').length

  useEffect(() => {
    // start where counting stopped
    const firstOpen = lines.find((l) => l.status === 'PENDING')
    if (firstOpen) inputs.current.get(firstOpen.id)?.focus()
    // only on opening the sheet
  }, [])

  const save = async (lineId: string, index: number) => {
    const raw = values[lineId] ?? ''
    const n = parseWhole(raw)
    if (!(n >= 0)) {
      setLineErrors((e) => ({ ...e, [lineId]: t('wh.counts.quantityInvalid') }))
      inputs.current.get(lineId)?.focus()
      return
    }
    setLineErrors((e) => ({ ...e, [lineId]: '' }))
    const res = await record({ lineId, quantity: n })
    const ue = res.data?.recordCount.userErrors ?? []
    if (res.error || ue.length) {
      setLineErrors((e) => ({ ...e, [lineId]: res.error ? describeRequestError(res.error, i18n) : i18n.te(ue[0].code, ue[0].message) }))
      inputs.current.get(lineId)?.focus()
      return
    }
    setSaved((s) => ({ ...s, [lineId]: true }))
    // on to the next bin
    const nextLine = lines[index + 1]
    if (nextLine) inputs.current.get(nextLine.id)?.focus()
  }

  const doSubmit = async () => {
    setErrors([])
    const res = await submit({ id: count.id })
    const ue = res.data?.submitCycleCount.userErrors ?? []
    if (res.error) setErrors([describeRequestError(res.error, i18n)])
    else if (ue.length) setErrors(ue.map((e) => i18n.te(e.code, e.message)))
    else {
      setConfirming(false)
      onChanged()
    }
  }
  const doCancel = async () => {
    const res = await cancel({ id: count.id, reason: 'cancelled in the console' })
    const ue = res.data?.cancelCycleCount.userErrors ?? []
    if (res.error) setErrors([describeRequestError(res.error, i18n)])
    else if (ue.length) setErrors(ue.map((e) => i18n.te(e.code, e.message)))
    else onChanged()
  }

  return (
    <section className="card" aria-labelledby="wh-sheet-title" data-testid="count-sheet">
      <h2 id="wh-sheet-title" className="card-title">
        {t('wh.counts.sheet')}
      </h2>
      <p className="muted small">{count.blind ? t('wh.counts.sheetHintBlind') : t('wh.counts.sheetHint')}</p>
      {lines.length === 0 ? <p className="muted">{t('wh.counts.noLines')}</p> : null}
      <ol className="wh-lines wh-count-lines">
        {lines.map((l, i) => {
          const id = `wh-count-${l.id}`
          const err = lineErrors[l.id]
          const counted = l.status === 'COUNTED' || saved[l.id]
          const value = values[l.id] ?? (l.countedQuantity != null ? String(l.countedQuantity) : '')
          return (
            <li key={l.id} className={`wh-line wh-count-line${counted ? ' wh-line-done' : ''}`} data-testid="count-line" data-sku={l.sku}>
              <span className="wh-line-bin mono">{l.binLocation || '—'}</span>
              <span className="wh-line-main">
                <span className="wh-line-name">{nameOf(l.product, locale)}</span>
                <span className="wh-line-meta mono">{l.sku}</span>
              </span>
              <form
                className="wh-count-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  void save(l.id, i)
                }}
              >
                <label htmlFor={id} className="visually-hidden">
                  {t('wh.counts.countedLabel', { sku: l.sku, bin: l.binLocation })}
                </label>
                <input
                  id={id}
                  ref={(el) => {
                    if (el) inputs.current.set(l.id, el)
                    else inputs.current.delete(l.id)
                  }}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder={t('wh.counts.countedPlaceholder')}
                  value={value}
                  onChange={(e) => setValues((v) => ({ ...v, [l.id]: e.target.value }))}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${id}-error` : undefined}
                  data-testid="count-input"
                />
                <button type="submit" className="btn btn-secondary btn-small" disabled={recState.fetching}>
                  {counted ? t('wh.counts.recount') : t('wh.counts.save')}
                </button>
                <span className={`wh-line-mark${counted ? ' wh-line-mark-done' : ''}`} aria-hidden="true">
                  {counted ? '✓' : ''}
                </span>
                {err ? (
                  <p id={`${id}-error`} className="field-error wh-count-error">
                    {err}
                  </p>
                ) : null}
              </form>
            </li>
          )
        })}
      </ol>
      <FormAlert messages={errors} testId="count-errors" />
      {confirming ? (
        <div className="notice notice-warning wh-after-list" role="alert">
          <p>{pending > 0 ? t('wh.counts.submitSkip', { count: pending }) : t('wh.counts.submitConfirm')}</p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" onClick={() => void doSubmit()} disabled={subState.fetching}>
              {t('wh.counts.submitYes')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
              {t('wh.counts.keepCounting')}
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row wh-after-list">
          <button type="button" className="btn btn-primary" onClick={() => setConfirming(true)} data-testid="submit-count">
            {t('wh.counts.submit')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void doCancel()} disabled={cancelState.fetching}>
            {t('wh.counts.cancel')}
          </button>
        </div>
      )}
    </section>
  )
}

function CountReport({ id }: { id: string }) {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const { can, viewerId, isAdmin } = useWarehouse()
  const uid = useId()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WhCountReportDocument, variables: { id }, requestPolicy: 'cache-and-network' })
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [approveState, approve] = useMutation(WhApproveCountDocument)
  const [reopenState, reopen] = useMutation(WhReopenCountDocument)
  const report = data?.node?.__typename === 'CycleCount' ? data.node : null
  if (fetching && !data) return <Spinner />
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  if (!report) return null
  const v = report.variance
  const lines = report.walk
  const counter = !!viewerId && lines.some((l) => l.countedBy === viewerId)
  const mayApprove = can('MANAGE_STOCK') && (!counter || isAdmin)
  const off = lines.filter((l) => l.variance != null && l.variance !== 0).map((l) => l.id)

  const run = async (kind: 'approve' | 'reopen') => {
    setErrors([])
    const res = kind === 'approve' ? await approve({ id, note: note.trim() || null }) : await reopen({ id, lineIds: off.length ? off : null })
    const payload = res.data ? ('approveCycleCount' in res.data ? res.data.approveCycleCount : res.data.reopenCycleCount) : null
    if (res.error) setErrors([describeRequestError(res.error, i18n)])
    else if (payload?.userErrors.length) setErrors(payload.userErrors.map((e) => i18n.te(e.code, e.message)))
    else reexecute({ requestPolicy: 'network-only' })
  }

  return (
    <section className="card" aria-labelledby="wh-report-title" data-testid="count-report">
      <h2 id="wh-report-title" className="card-title">
        {t('wh.counts.report')}
      </h2>
      {v ? (
        <dl className="facts wh-facts" data-testid="variance-summary">
          <div>
            <dt>{t('wh.counts.linesCounted')}</dt>
            <dd>{formatNumber(v.linesCounted, locale)}</dd>
          </div>
          <div>
            <dt>{t('wh.counts.linesOff')}</dt>
            <dd>{formatNumber(v.linesWithVariance, locale)}</dd>
          </div>
          <div>
            <dt>{t('wh.counts.netUnits')}</dt>
            <dd>{formatNumber(v.netUnits, locale)}</dd>
          </div>
          <div>
            <dt>{t('wh.counts.netValue')}</dt>
            <dd>{formatMoney(v.netValue.amount, v.netValue.currency, locale)}</dd>
          </div>
          <div>
            <dt>{t('wh.counts.absValue')}</dt>
            <dd>{formatMoney(v.absoluteValue.amount, v.absoluteValue.currency, locale)}</dd>
          </div>
          <div>
            <dt>{t('wh.counts.accuracyLabel')}</dt>
            <dd>{pct(report.accuracy ?? v.accuracy, locale)}</dd>
          </div>
        </dl>
      ) : null}
      <div className="table-wrap wh-report-table" role="region" aria-labelledby="wh-report-title" tabIndex={0}>
        <table className="table wh-table wh-stack" data-testid="variance-table">
          <thead>
            <tr>
              <th scope="col">{t('wh.col.bin')}</th>
              <th scope="col">{t('wh.col.product')}</th>
              <th scope="col" className="num">
                {t('wh.counts.expected')}
              </th>
              <th scope="col" className="num">
                {t('wh.counts.counted')}
              </th>
              <th scope="col" className="num">
                {t('wh.counts.variance')}
              </th>
              <th scope="col" className="num">
                {t('wh.counts.moved')}
              </th>
              <th scope="col">{t('wh.counts.lineStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id} data-testid="variance-row" data-sku={l.sku}>
                <td className="mono wh-cell-head">{l.binLocation || '—'}</td>
                <th scope="row" className="cell-wrap">
                  {nameOf(l.product, locale)}
                  <span className="cell-sub mono">{l.sku}</span>
                </th>
                <td className="num" data-label={t('wh.counts.expected')}>
                  {l.expectedQuantity ?? '—'}
                </td>
                <td className="num" data-label={t('wh.counts.counted')}>
                  {l.countedQuantity ?? '—'}
                </td>
                <td className="num" data-label={t('wh.counts.variance')}>
                  {l.variance == null ? (
                    '—'
                  ) : (
                    <span className={`badge ${l.variance === 0 ? 'badge-success' : l.withinTolerance ? 'badge-info' : 'badge-danger'}`}>
                      {l.variance > 0 ? `+${l.variance}` : l.variance}
                    </span>
                  )}
                </td>
                <td className="num" data-label={t('wh.counts.moved')} data-empty={!l.movedDuringCount || undefined}>
                  {l.movedDuringCount ? (l.movedDuringCount > 0 ? `+${l.movedDuringCount}` : l.movedDuringCount) : ''}
                </td>
                <td data-label={t('wh.counts.lineStatus')}>{tv('countLineStatus', l.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.status === 'SUBMITTED' ? (
        <div className="form-stack wh-after-list">
          {mayApprove ? (
            <>
              <div className="field">
                <label htmlFor={`${uid}-note`}>
                  {t('wh.counts.approveNote')} <span className="label-optional">{t('form.optional')}</span>
                </label>
                <input id={`${uid}-note`} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
              </div>
              <p className="muted small">{t('wh.counts.approveHint')}</p>
            </>
          ) : (
            <p className="notice notice-info" data-testid="approve-other">
              {t('wh.counts.approveOther')}
            </p>
          )}
          <FormAlert messages={errors} testId="approve-errors" />
          <div className="button-row">
            {mayApprove ? (
              <button type="button" className="btn btn-primary" onClick={() => void run('approve')} disabled={approveState.fetching} data-testid="approve-count">
                {t('wh.counts.approve')}
              </button>
            ) : null}
            <button type="button" className="btn btn-secondary" onClick={() => void run('reopen')} disabled={reopenState.fetching}>
              {off.length ? t('wh.counts.reopenOff', { count: off.length }) : t('wh.counts.reopen')}
            </button>
          </div>
        </div>
      ) : report.status === 'APPROVED' ? (
        <p className="notice notice-success wh-after-list" role="status">
          {t('wh.counts.approvedAt', { date: formatDateTime(report.approvedAt, locale) })}
        </p>
      ) : null}
    </section>
  )
}
