// Stock of one warehouse: levels (search by SKU, barcode or name), the ledger of a SKU, receiving
// (lot and expiry for lot-tracked products), transfers to another warehouse, and the low-stock
// list with its alerts (live through stockAlertChanged) and suggested reorder quantities.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useMutation, useQuery, useSubscription } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import type { StockLevelWhereInput, WhLowStockQuery, WhStockAlertChangedSubscription, WhStockLevelsQuery } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format'
import { useRealtimeConnected } from '../../../lib/session'
import { BackorderPolicyControl } from '../BackorderPolicy'
import {
  WhAcknowledgeAlertDocument,
  WhLowStockDocument,
  WhMarkReorderedDocument,
  WhMovementsDocument,
  WhProductLookupDocument,
  WhReceiveDocument,
  WhStockAlertChangedDocument,
  WhStockLevelsDocument,
  WhTransferDocument,
} from './operations'
import { dateToTime, errorAt, errorsBesides, nameOf, parseWhole, useWarehouse, warehouseLabel } from './shared'

const PAGE = 25
const LOW_SHOWN = 5

type Level = NonNullable<NonNullable<WhStockLevelsQuery['stockLevels']['edges']>[number]>['node'] & {}

export function StockScreen() {
  const { warehouse } = useWarehouse()
  const [history, setHistory] = useState<Level | null>(null)
  if (!warehouse) return null
  return (
    <div className="console" key={warehouse.id}>
      <LevelsCard warehouseId={warehouse.id} onHistory={setHistory} current={history?.id ?? null} />
      {history ? <LedgerCard level={history} warehouseId={warehouse.id} onClose={() => setHistory(null)} /> : null}
      <LowStockCard warehouseId={warehouse.id} />
      <div className="wh-two">
        <ReceiveCard warehouseId={warehouse.id} />
        <TransferCard warehouseId={warehouse.id} />
      </div>
    </div>
  )
}

// ---------- levels ----------

function LevelsCard({ warehouseId, onHistory, current }: { warehouseId: string; onHistory: (l: Level) => void; current: string | null }) {
  const { t, locale } = useI18n()
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const [first, setFirst] = useState(PAGE)
  const term = search.trim()
  const where: StockLevelWhereInput = { warehouseID: warehouseId }
  if (term)
    where.hasProductWith = [
      { or: [{ skuContainsFold: term }, { barcode: term }, { nameZhContains: term }, { nameEnContainsFold: term }] },
    ]
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WhStockLevelsDocument,
    variables: { first, where },
    requestPolicy: 'cache-and-network',
  })
  const levels = (data?.stockLevels.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  const total = data?.stockLevels.totalCount ?? 0

  return (
    <section className="card" aria-labelledby="wh-levels-title">
      <div className="card-head">
        <h2 id="wh-levels-title" className="card-title">
          {t('wh.stock.levels')}
        </h2>
        {data ? <span className="muted small">{t('wh.count', { count: formatNumber(total, locale) })}</span> : null}
      </div>
      <form
        className="search-bar wh-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          setSearch(q)
          setFirst(PAGE)
        }}
      >
        <label htmlFor="wh-stock-search" className="visually-hidden">
          {t('wh.stock.search')}
        </label>
        <input
          id="wh-stock-search"
          type="search"
          value={q}
          placeholder={t('wh.stock.searchPlaceholder')}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
          data-testid="stock-search"
        />
        <button type="submit" className="btn btn-secondary">
          {t('wh.stock.searchButton')}
        </button>
      </form>
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && levels.length === 0 ? (
        <p className="muted table-empty" data-testid="stock-empty">
          {term ? t('wh.stock.noMatch', { q: term }) : t('wh.stock.none')}
        </p>
      ) : null}
      {levels.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="wh-levels-title" tabIndex={0}>
          <table className="table wh-table wh-stack" data-testid="wh-stock-table">
            <thead>
              <tr>
                <th scope="col">{t('wh.col.product')}</th>
                <th scope="col">{t('wh.col.bin')}</th>
                <th scope="col" className="num">
                  {t('wh.col.onHand')}
                </th>
                <th scope="col" className="num">
                  {t('wh.col.reserved')}
                </th>
                <th scope="col" className="num">
                  {t('wh.col.available')}
                </th>
                <th scope="col" className="num">
                  {t('wh.col.reorderPoint')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('wh.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {levels.map((l) => (
                <tr key={l.id} data-testid="wh-stock-row" data-sku={l.product.sku}>
                  <th scope="row" className="cell-wrap">
                    {nameOf(l.product, locale)}
                    <span className="cell-sub mono">
                      {l.product.sku}
                      {l.product.lotTracked ? ` · ${t('wh.stock.lotTracked')}` : ''}
                    </span>
                  </th>
                  <td className="mono" data-label={t('wh.col.bin')}>
                    {l.binLocation || '—'}
                  </td>
                  <td className="num" data-label={t('wh.col.onHand')}>
                    {formatNumber(l.onHand, locale)}
                  </td>
                  <td className="num" data-label={t('wh.col.reserved')}>
                    {formatNumber(l.reserved, locale)}
                  </td>
                  <td className="num" data-label={t('wh.col.available')}>
                    {l.low ? (
                      <span className={`badge ${l.available <= 0 ? 'badge-danger' : 'badge-warning'}`} title={t('wh.stock.lowBadge')}>
                        {formatNumber(l.available, locale)}
                        <span className="visually-hidden"> ({t('wh.stock.lowBadge')})</span>
                      </span>
                    ) : (
                      formatNumber(l.available, locale)
                    )}
                  </td>
                  <td className="num" data-label={t('wh.col.reorderPoint')}>
                    {formatNumber(l.reorderPoint, locale)}
                  </td>
                  <td className="wh-cell-action">
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      aria-pressed={current === l.id}
                      onClick={() => onHistory(l)}
                      aria-label={t('wh.stock.historyOf', { sku: l.product.sku })}
                      data-testid="stock-history"
                    >
                      {t('wh.stock.history')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data?.stockLevels.pageInfo.hasNextPage ? (
        <p className="load-more wh-after-list">
          <button type="button" className="btn btn-secondary" disabled={fetching} onClick={() => setFirst((f) => f + PAGE)}>
            {t('wh.loadMore')}
          </button>
        </p>
      ) : null}
    </section>
  )
}

// ---------- ledger of one SKU ----------

function LedgerCard({ level, warehouseId, onClose }: { level: Level; warehouseId: string; onClose: () => void }) {
  const { t, tv, locale } = useI18n()
  const [first, setFirst] = useState(20)
  const headRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headRef.current?.focus()
  }, [level.id])
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WhMovementsDocument,
    variables: { productId: level.product.id, warehouseId, first },
    requestPolicy: 'cache-and-network',
  })
  const moves = (data?.stockMovements.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  const { viewerId } = useWarehouse()
  const delta = (n: number) => (n === 0 ? '' : n > 0 ? `+${formatNumber(n, locale)}` : `−${formatNumber(-n, locale)}`)
  // the ledger keeps an account id (or system / anonymous); ids are shortened, the full one is in the title
  const actorName = (actor: string) =>
    actor === viewerId
      ? t('wh.ledger.you')
      : actor === 'system'
        ? t('wh.ledger.system')
        : actor === 'anonymous'
          ? t('wh.ledger.guest')
          : actor.length > 12
            ? `${actor.slice(0, 4)}…${actor.slice(-6)}`
            : actor
  const lots = level.lots.filter((l) => l.lotNumber)

  return (
    <section className="card" aria-labelledby="wh-ledger-title" data-testid="ledger">
      <div className="card-head">
        <h2 id="wh-ledger-title" className="card-title" ref={headRef} tabIndex={-1}>
          {t('wh.ledger.title', { sku: level.product.sku })}
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          {t('wh.close')}
        </button>
      </div>
      <p className="muted small">
        {nameOf(level.product, locale)} · {t('wh.ledger.now', { onHand: level.onHand, reserved: level.reserved, picked: level.picked })}
      </p>
      {lots.length > 0 ? (
        <ul className="wh-lots" aria-label={t('wh.ledger.lots')}>
          {lots.map((l) => (
            <li key={l.lotNumber} className="chip wh-lot">
              <span className="mono">{l.lotNumber}</span> · {t('wh.ledger.lotFree', { free: l.free, onHand: l.onHand })}
              {l.expiresAt ? ` · ${t('wh.ledger.expires', { date: formatDate(l.expiresAt, locale) })}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <BackorderPolicyControl key={level.product.id} product={level.product} />
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && moves.length === 0 ? <p className="muted">{t('wh.ledger.empty')}</p> : null}
      {moves.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="wh-ledger-title" tabIndex={0}>
          <table className="table wh-table wh-stack" data-testid="ledger-table">
            <thead>
              <tr>
                <th scope="col">{t('wh.ledger.when')}</th>
                <th scope="col">{t('wh.ledger.kind')}</th>
                <th scope="col" className="num">
                  {t('wh.col.onHand')}
                </th>
                <th scope="col" className="num">
                  {t('wh.col.reserved')}
                </th>
                <th scope="col" className="num">
                  {t('wh.ledger.picked')}
                </th>
                <th scope="col">{t('wh.ledger.lot')}</th>
                <th scope="col">{t('wh.ledger.reference')}</th>
                <th scope="col">{t('wh.ledger.reason')}</th>
                <th scope="col">{t('wh.ledger.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id} data-testid="ledger-row" data-kind={m.kind}>
                  <td className="wh-cell-head">{formatDateTime(m.createdAt, locale)}</td>
                  <td className="wh-cell-head">
                    <span className="badge">{tv('movementKind', m.kind)}</span>
                  </td>
                  <td className="num" data-label={t('wh.col.onHand')} data-empty={!m.onHandDelta || undefined}>
                    {delta(m.onHandDelta)}
                  </td>
                  <td className="num" data-label={t('wh.col.reserved')} data-empty={!m.reservedDelta || undefined}>
                    {delta(m.reservedDelta)}
                  </td>
                  <td className="num" data-label={t('wh.ledger.picked')} data-empty={!m.pickedDelta || undefined}>
                    {delta(m.pickedDelta)}
                  </td>
                  <td className="mono" data-label={t('wh.ledger.lot')} data-empty={!m.lotNumber || undefined}>
                    {m.lotNumber || ''}
                  </td>
                  <td className="mono" data-label={t('wh.ledger.reference')} data-empty={!m.reference || undefined}>
                    {m.reference}
                  </td>
                  <td className="cell-wrap" data-label={t('wh.ledger.reason')} data-empty={!m.reason || undefined}>
                    {m.reason}
                  </td>
                  <td className="small" data-label={t('wh.ledger.actor')} title={m.actor}>
                    {actorName(m.actor)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data?.stockMovements.pageInfo.hasNextPage ? (
        <p className="load-more wh-after-list">
          <button type="button" className="btn btn-secondary" disabled={fetching} onClick={() => setFirst((f) => f + 20)}>
            {t('wh.loadMore')}
          </button>
        </p>
      ) : null}
    </section>
  )
}

// ---------- receive and transfer ----------

/** The product behind a SKU typed into a form (after a short pause), to know whether it is lot-tracked. */
function useProductLookup(sku: string) {
  const [settled, setSettled] = useState('')
  useEffect(() => {
    const id = window.setTimeout(() => setSettled(sku.trim()), 350)
    return () => window.clearTimeout(id)
  }, [sku])
  const [{ data, fetching }] = useQuery({ query: WhProductLookupDocument, variables: { sku: settled }, pause: settled === '' })
  const found = settled !== '' && data ? data.stockBySku : undefined
  return { found, fetching: fetching || settled !== sku.trim(), settled }
}

function Field({
  id,
  label,
  error,
  hint,
  optional,
  children,
}: {
  id: string
  label: string
  error?: string | null
  hint?: ReactNode
  optional?: boolean
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="label-optional"> {t('form.optional')}</span> : null}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  )
}

const described = (id: string, error?: string | null, hint?: boolean) =>
  [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined

function ProductHint({ lookup }: { lookup: ReturnType<typeof useProductLookup> }) {
  const { t, locale } = useI18n()
  if (!lookup.settled) return null
  if (lookup.fetching && lookup.found === undefined) return <>{t('common.loading')}</>
  if (lookup.found === null) return <span className="field-error">{t('wh.form.unknownSku')}</span>
  if (!lookup.found) return null
  const p = lookup.found.product
  return (
    <>
      {nameOf(p, locale)}
      {p.lotTracked ? ` · ${t('wh.stock.lotTracked')}` : ''}
    </>
  )
}

function ReceiveCard({ warehouseId }: { warehouseId: string }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const uid = useId()
  const empty = { sku: '', quantity: '', lot: '', expires: '', reference: '', bin: '', note: '' }
  const [v, setV] = useState(empty)
  const [errors, setErrors] = useState<{ field?: readonly string[] | null; code: string; message: string }[]>([])
  const [local, setLocal] = useState<Record<string, string>>({})
  const [done, setDone] = useState<string | null>(null)
  const [state, receive] = useMutation(WhReceiveDocument)
  const lookup = useProductLookup(v.sku)
  const lotTracked = !!lookup.found?.product.lotTracked
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }))

  const submit = async () => {
    setDone(null)
    setErrors([])
    const qty = parseWhole(v.quantity)
    const errs: Record<string, string> = {}
    if (!v.sku.trim()) errs.sku = t('wh.form.skuRequired')
    if (!(qty > 0)) errs.quantity = t('wh.form.quantityRequired')
    if (lotTracked && !v.lot.trim()) errs.lot = t('wh.form.lotRequired')
    setLocal(errs)
    if (Object.keys(errs).length) {
      document.getElementById(`${uid}-${Object.keys(errs)[0]}`)?.focus()
      return
    }
    const res = await receive({
      input: {
        warehouseId,
        sku: v.sku.trim(),
        quantity: qty,
        ...(v.lot.trim() ? { lotNumber: v.lot.trim() } : {}),
        ...(dateToTime(v.expires) ? { expiresAt: dateToTime(v.expires) } : {}),
        ...(v.reference.trim() ? { reference: v.reference.trim() } : {}),
        ...(v.bin.trim() ? { binLocation: v.bin.trim() } : {}),
        ...(v.note.trim() ? { note: v.note.trim() } : {}),
      },
    })
    if (res.error) {
      setErrors([{ code: 'X', message: describeRequestError(res.error, i18n) }])
      return
    }
    const p = res.data?.receiveStock
    if (p?.userErrors.length) {
      setErrors(p.userErrors)
      return
    }
    setDone(t('wh.receive.done', { count: qty, sku: v.sku.trim().toUpperCase(), onHand: formatNumber(p?.stockLevel?.onHand ?? 0, locale) }))
    setV(empty)
    document.getElementById(`${uid}-sku`)?.focus()
  }

  const err = (k: string, ...api: string[]) => {
    if (local[k]) return local[k]
    const ue = errorAt(errors, ...api)
    return ue ? i18n.te(ue.code, ue.message) : null
  }
  const general = errorsBesides(errors, 'sku', 'productId', 'quantity', 'lotNumber', 'expiresAt', 'binLocation').map((e) =>
    e.code === 'X' ? e.message : i18n.te(e.code, e.message),
  )
  const input = (k: keyof typeof empty, label: string, api: string[], opts: { type?: string; optional?: boolean; hint?: ReactNode; mode?: 'numeric' } = {}) => {
    const id = `${uid}-${k}`
    const e = err(k, ...api)
    return (
      <Field id={id} label={label} error={e} hint={opts.hint} optional={opts.optional}>
        <input
          id={id}
          type={opts.type ?? 'text'}
          inputMode={opts.mode}
          value={v[k]}
          onChange={set(k)}
          autoComplete="off"
          aria-invalid={e ? true : undefined}
          aria-describedby={described(id, e, !!opts.hint)}
        />
      </Field>
    )
  }

  return (
    <section className="card" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="card-title">
        {t('wh.receive.title')}
      </h2>
      <form
        className="form-stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        data-testid="receive-form"
      >
        {input('sku', t('wh.form.sku'), ['sku', 'productId'], { hint: <ProductHint lookup={lookup} /> })}
        {input('quantity', t('wh.form.quantity'), ['quantity'], { mode: 'numeric' })}
        {lotTracked || v.lot ? (
          <div className="wh-pair">
            {input('lot', t('wh.form.lot'), ['lotNumber'])}
            {input('expires', t('wh.form.expires'), ['expiresAt'], { type: 'date', optional: true })}
          </div>
        ) : null}
        {input('reference', t('wh.receive.reference'), ['reference'], { optional: true })}
        {input('bin', t('wh.receive.bin'), ['binLocation'], { optional: true, hint: t('wh.receive.binHint') })}
        {input('note', t('wh.form.note'), ['note'], { optional: true })}
        <FormAlert messages={general} testId="receive-errors" />
        {done ? (
          <p className="notice notice-success" role="status" data-testid="receive-done">
            {done}
          </p>
        ) : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={state.fetching}>
            {t('wh.receive.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}

function TransferCard({ warehouseId }: { warehouseId: string }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const { warehouses } = useWarehouse()
  const uid = useId()
  const targets = warehouses.filter((w) => w.id !== warehouseId && w.active)
  const empty = { sku: '', quantity: '', to: '', lot: '', note: '' }
  const [v, setV] = useState(empty)
  const [errors, setErrors] = useState<{ field?: readonly string[] | null; code: string; message: string }[]>([])
  const [local, setLocal] = useState<Record<string, string>>({})
  const [done, setDone] = useState<string | null>(null)
  const [state, transfer] = useMutation(WhTransferDocument)
  const lookup = useProductLookup(v.sku)
  const lotTracked = !!lookup.found?.product.lotTracked
  const here = lookup.found?.levels.find((l) => l.warehouseID === warehouseId)
  const lots = (here?.lots ?? []).filter((l) => l.lotNumber && l.free > 0)

  const submit = async () => {
    setDone(null)
    setErrors([])
    const qty = parseWhole(v.quantity)
    const errs: Record<string, string> = {}
    if (!v.sku.trim()) errs.sku = t('wh.form.skuRequired')
    if (!(qty > 0)) errs.quantity = t('wh.form.quantityRequired')
    if (!v.to) errs.to = t('wh.transfer.toRequired')
    if (lotTracked && !v.lot.trim()) errs.lot = t('wh.form.lotRequired')
    setLocal(errs)
    if (Object.keys(errs).length) {
      document.getElementById(`${uid}-${Object.keys(errs)[0]}`)?.focus()
      return
    }
    const res = await transfer({
      input: {
        fromWarehouseId: warehouseId,
        toWarehouseId: v.to,
        sku: v.sku.trim(),
        quantity: qty,
        ...(v.lot.trim() ? { lotNumber: v.lot.trim() } : {}),
        ...(v.note.trim() ? { note: v.note.trim() } : {}),
      },
    })
    if (res.error) {
      setErrors([{ code: 'X', message: describeRequestError(res.error, i18n) }])
      return
    }
    const p = res.data?.transferStock
    if (p?.userErrors.length) {
      setErrors(p.userErrors)
      return
    }
    const to = warehouses.find((w) => w.id === v.to)
    setDone(t('wh.transfer.done', { count: qty, sku: v.sku.trim().toUpperCase(), to: to?.code ?? '' }))
    setV(empty)
    document.getElementById(`${uid}-sku`)?.focus()
  }

  const err = (k: string, ...api: string[]) => {
    if (local[k]) return local[k]
    const ue = errorAt(errors, ...api)
    return ue ? i18n.te(ue.code, ue.message) : null
  }
  const general = errorsBesides(errors, 'sku', 'productId', 'quantity', 'toWarehouseId', 'lotNumber').map((e) =>
    e.code === 'X' ? e.message : i18n.te(e.code, e.message),
  )
  const skuErr = err('sku', 'sku', 'productId')
  const qtyErr = err('quantity', 'quantity')
  const toErr = err('to', 'toWarehouseId')
  const lotErr = err('lot', 'lotNumber')

  return (
    <section className="card" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="card-title">
        {t('wh.transfer.title')}
      </h2>
      <form
        className="form-stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        data-testid="transfer-form"
      >
        <Field id={`${uid}-sku`} label={t('wh.form.sku')} error={skuErr} hint={<ProductHint lookup={lookup} />}>
          <input
            id={`${uid}-sku`}
            type="text"
            value={v.sku}
            autoComplete="off"
            onChange={(e) => setV((x) => ({ ...x, sku: e.target.value }))}
            aria-invalid={skuErr ? true : undefined}
            aria-describedby={described(`${uid}-sku`, skuErr, true)}
          />
        </Field>
        {here ? (
          <p className="muted small">{t('wh.transfer.availableHere', { count: formatNumber(here.available, locale) })}</p>
        ) : null}
        <Field id={`${uid}-quantity`} label={t('wh.form.quantity')} error={qtyErr}>
          <input
            id={`${uid}-quantity`}
            type="text"
            inputMode="numeric"
            value={v.quantity}
            autoComplete="off"
            onChange={(e) => setV((x) => ({ ...x, quantity: e.target.value }))}
            aria-invalid={qtyErr ? true : undefined}
            aria-describedby={described(`${uid}-quantity`, qtyErr)}
          />
        </Field>
        <Field id={`${uid}-to`} label={t('wh.transfer.to')} error={toErr}>
          <select
            id={`${uid}-to`}
            className="wh-select"
            value={v.to}
            onChange={(e) => setV((x) => ({ ...x, to: e.target.value }))}
            aria-invalid={toErr ? true : undefined}
            aria-describedby={described(`${uid}-to`, toErr)}
          >
            <option value="">{t('wh.transfer.choose')}</option>
            {targets.map((w) => (
              <option key={w.id} value={w.id}>
                {warehouseLabel(w, locale)}
              </option>
            ))}
          </select>
        </Field>
        {lotTracked ? (
          <Field id={`${uid}-lot`} label={t('wh.form.lot')} error={lotErr}>
            {lots.length > 0 ? (
              <select
                id={`${uid}-lot`}
                className="wh-select"
                value={v.lot}
                onChange={(e) => setV((x) => ({ ...x, lot: e.target.value }))}
                aria-invalid={lotErr ? true : undefined}
                aria-describedby={described(`${uid}-lot`, lotErr)}
              >
                <option value="">{t('wh.transfer.chooseLot')}</option>
                {lots.map((l) => (
                  <option key={l.lotNumber} value={l.lotNumber}>
                    {l.lotNumber} · {t('wh.ledger.lotFreeShort', { free: l.free })}
                    {l.expiresAt ? ` · ${formatDate(l.expiresAt, locale)}` : ''}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${uid}-lot`}
                type="text"
                value={v.lot}
                autoComplete="off"
                onChange={(e) => setV((x) => ({ ...x, lot: e.target.value }))}
                aria-invalid={lotErr ? true : undefined}
                aria-describedby={described(`${uid}-lot`, lotErr)}
              />
            )}
          </Field>
        ) : null}
        <Field id={`${uid}-note`} label={t('wh.form.note')} optional>
          <input id={`${uid}-note`} type="text" value={v.note} autoComplete="off" onChange={(e) => setV((x) => ({ ...x, note: e.target.value }))} />
        </Field>
        <FormAlert messages={general} testId="transfer-errors" />
        {done ? (
          <p className="notice notice-success" role="status" data-testid="transfer-done">
            {done}
          </p>
        ) : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={state.fetching || targets.length === 0}>
            {t('wh.transfer.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}

// ---------- low stock and alerts ----------

type LiveAlert = WhStockAlertChangedSubscription['stockAlertChanged']

function LowStockCard({ warehouseId }: { warehouseId: string }) {
  const i18n = useI18n()
  const { t, tv } = i18n
  const connected = useRealtimeConnected()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WhLowStockDocument,
    variables: { warehouseId },
    requestPolicy: 'cache-and-network',
  })
  // live: each alert raised, changed or resolved here; the list is read again after it
  const [{ data: live }] = useSubscription(
    { query: WhStockAlertChangedDocument, variables: { warehouseId } },
    (prev: LiveAlert[] | undefined, res) => [res.stockAlertChanged, ...(prev ?? []).filter((a) => a.id !== res.stockAlertChanged.id)].slice(0, 5),
  )
  const latest = live?.[0] ? `${live[0].id}:${live[0].status}:${live[0].updatedAt}` : null
  useEffect(() => {
    if (latest) reexecute({ requestPolicy: 'network-only' })
  }, [latest, reexecute])

  const items = data?.lowStock ?? []
  const fresh = (live ?? []).filter((a) => a.status === 'OPEN')
  const [all, setAll] = useState(false)
  const shown = all ? items : items.slice(0, LOW_SHOWN)

  return (
    <section className="card" aria-labelledby="wh-low-title" data-testid="low-stock">
      <div className="card-head">
        <h2 id="wh-low-title" className="card-title">
          {t('wh.low.title')}
        </h2>
        <span className={connected ? 'live-dot' : 'muted small'} data-testid="low-live" data-live={connected || undefined}>
          {connected ? t('wh.low.live') : t('wh.low.notLive')}
        </span>
      </div>
      <div aria-live="polite" className="wh-alert-feed">
        {fresh.map((a) => {
          const sku = items.find((i) => i.stockLevel.id === a.stockLevelID)?.stockLevel.product.sku
          return (
            <p key={a.id} className="notice notice-warning wh-compact" data-testid="live-alert">
              {sku
                ? t('wh.low.newAlert', { kind: tv('stockAlertKind', a.kind), sku, available: a.available })
                : t('wh.low.newAlertNoSku', { kind: tv('stockAlertKind', a.kind), available: a.available })}
            </p>
          )
        })}
      </div>
      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {data && items.length === 0 ? <p className="muted">{t('wh.low.none')}</p> : null}
      {items.length > 0 ? (
        <ul className="wh-rows" data-testid="low-stock-list">
          {shown.map((item) => (
            <LowStockRow key={item.stockLevel.id} item={item} />
          ))}
        </ul>
      ) : null}
      {items.length > LOW_SHOWN ? (
        <p className="load-more wh-after-list">
          <button type="button" className="btn btn-secondary" aria-expanded={all} onClick={() => setAll((x) => !x)}>
            {all ? t('wh.low.showFewer') : t('wh.low.showAll', { count: items.length })}
          </button>
        </p>
      ) : null}
    </section>
  )
}

type LowItem = WhLowStockQuery['lowStock'][number]

function LowStockRow({ item }: { item: LowItem }) {
  const i18n = useI18n()
  const { t, tv, locale } = i18n
  const uid = useId()
  const [reordering, setReordering] = useState(false)
  const [qty, setQty] = useState(String(item.suggestedQuantity))
  const [eta, setEta] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [ackState, ack] = useMutation(WhAcknowledgeAlertDocument)
  const [reState, reorder] = useMutation(WhMarkReorderedDocument)
  const l = item.stockLevel
  const alert = item.alert

  const doAck = async () => {
    if (!alert) return
    const res = await ack({ id: alert.id })
    const ue = res.data?.acknowledgeStockAlert.userErrors ?? []
    setErrors(res.error ? [describeRequestError(res.error, i18n)] : ue.map((e) => i18n.te(e.code, e.message)))
  }
  const doReorder = async () => {
    if (!alert) return
    const n = parseWhole(qty)
    if (!(n > 0)) {
      setErrors([t('wh.form.quantityRequired')])
      return
    }
    const res = await reorder({ id: alert.id, quantity: n, restockEta: dateToTime(eta) })
    const ue = res.data?.markStockAlertReordered.userErrors ?? []
    const msgs = res.error ? [describeRequestError(res.error, i18n)] : ue.map((e) => i18n.te(e.code, e.message))
    setErrors(msgs)
    if (!msgs.length) setReordering(false)
  }

  return (
    <li className="wh-row wh-low-row" data-testid="low-stock-row" data-sku={l.product.sku}>
      <div className="wh-row-main">
        <span className="wh-row-title">
          {nameOf(l.product, locale)} <span className="mono muted small">{l.product.sku}</span>
        </span>
        <span className="wh-row-meta">
          <span className={`badge ${item.available <= 0 ? 'badge-danger' : 'badge-warning'}`}>
            {t('wh.low.available', { count: formatNumber(item.available, locale), point: formatNumber(l.reorderPoint, locale) })}
          </span>{' '}
          {item.daysOfCover != null ? t('wh.low.cover', { days: item.daysOfCover.toFixed(1) }) : t('wh.low.noDemand')} ·{' '}
          <strong data-testid="suggested-qty">{t('wh.low.suggest', { count: formatNumber(item.suggestedQuantity, locale) })}</strong>
          {l.binLocation ? <> · <span className="mono">{l.binLocation}</span></> : null}
        </span>
        {alert ? (
          <span className="wh-row-meta">
            <span className="badge">{tv('stockAlertStatus', alert.status)}</span>{' '}
            {alert.reorderQuantity ? t('wh.low.reordered', { count: alert.reorderQuantity }) : ''}
            {alert.restockEta ? ` · ${t('wh.low.eta', { date: formatDate(alert.restockEta, locale) })}` : ''}
          </span>
        ) : null}
      </div>
      {alert && alert.status !== 'RESOLVED' ? (
        <div className="wh-row-actions">
          {alert.status === 'OPEN' ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void doAck()} disabled={ackState.fetching}>
              {t('wh.low.ack')}
            </button>
          ) : null}
          {alert.status !== 'REORDERED' ? (
            <button type="button" className="btn btn-secondary btn-small" aria-expanded={reordering} onClick={() => setReordering((r) => !r)}>
              {t('wh.low.reorder')}
            </button>
          ) : null}
        </div>
      ) : null}
      {reordering ? (
        <form
          className="wh-inline-form wh-row-form"
          onSubmit={(e) => {
            e.preventDefault()
            void doReorder()
          }}
        >
          <div className="field wh-field-narrow">
            <label htmlFor={`${uid}-qty`}>{t('wh.low.reorderQty')}</label>
            <input id={`${uid}-qty`} type="text" inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} autoFocus />
          </div>
          <div className="field wh-field-narrow">
            <label htmlFor={`${uid}-eta`}>
              {t('wh.low.etaLabel')} <span className="label-optional">{t('form.optional')}</span>
            </label>
            <input id={`${uid}-eta`} type="date" value={eta} onChange={(e) => setEta(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary btn-small" disabled={reState.fetching}>
            {t('wh.low.reorderSubmit')}
          </button>
        </form>
      ) : null}
      {errors.length ? <FormAlert messages={errors} /> : null}
    </li>
  )
}
