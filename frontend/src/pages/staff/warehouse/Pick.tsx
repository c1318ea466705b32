// Pick screen: start a pick list (one order, a batch, or the orders chosen), then walk it in the
// order the API gives, scanning every item. The API checks each scan (wrong item, over-scan,
// wrong lot are refused at once); this screen says so loudly: a red flash, a buzz, an
// announcement. When an order's lines are all scanned its pack form opens, then shipping.
import { useMemo, useRef, useState } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import { StatusBadge } from '../../../components/StatusBadge'
import type { ScanPickItemInput, WhPickLineFieldsFragment } from '../../../gql/graphql'
import { useI18n, type I18n } from '../../../i18n/i18n'
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format'
import { Link, navigate, useSearchParams } from '../../../lib/router'
import { scanCue } from './feedback'
import { WhCancelPickListDocument, WhCreatePickListDocument, WhPickListDocument, WhPickStartDocument, WhScanDocument } from './operations'
import { OrderPackShip } from './PackShip'
import { ScanBox, type ScanBoxHandle, type ScanFeedback } from './ScanBox'
import { parseWhole, useWarehouse, type UserErrorWithDetails } from './shared'

export const PICK_PATH = '/staff/warehouse/pick'

export function PickScreen() {
  const params = useSearchParams()
  const listId = params.get('list')
  return listId ? <PickListView key={listId} id={listId} /> : <PickStart />
}

// ---------- start: open lists, waiting orders, a new list ----------

function PickStart() {
  const { t, locale } = useI18n()
  const { warehouse } = useWarehouse()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WhPickStartDocument,
    variables: { warehouseId: warehouse?.id ?? '' },
    pause: !warehouse,
    requestPolicy: 'cache-and-network',
  })
  const [creating, create] = useMutation(WhCreatePickListDocument)
  const [maxOrders, setMaxOrders] = useState('1')
  const [selected, setSelected] = useState<string[]>([])
  const [errors, setErrors] = useState<string[]>([])
  const i18n = useI18n()

  if (!warehouse) return null
  const lists = (data?.pickLists.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))
  const waiting = (data?.orders.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))

  const start = async (input: { maxOrders?: number; orderIds?: string[] }) => {
    setErrors([])
    const res = await create({ input: { warehouseId: warehouse.id, ...input } })
    if (res.error) {
      setErrors([describeRequestError(res.error, i18n)])
      return
    }
    const p = res.data?.createPickList
    if (p?.userErrors.length) {
      setErrors(p.userErrors.map((ue) => i18n.te(ue.code, ue.message)))
      return
    }
    if (p?.pickList) navigate(`${PICK_PATH}?list=${encodeURIComponent(p.pickList.id)}`)
  }

  const n = parseWhole(maxOrders)
  const nValid = Number.isInteger(n) && n >= 1 && n <= 30

  return (
    <div className="console">
      <section className="card" aria-labelledby="wh-new-list-title">
        <h2 id="wh-new-list-title" className="card-title">
          {t('wh.pick.newTitle')}
        </h2>
        <form
          className="wh-inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (nValid) void start({ maxOrders: n })
          }}
        >
          <div className="field wh-field-narrow">
            <label htmlFor="wh-max-orders">{t('wh.pick.maxOrders')}</label>
            <input
              id="wh-max-orders"
              type="number"
              inputMode="numeric"
              min={1}
              max={30}
              value={maxOrders}
              onChange={(e) => setMaxOrders(e.target.value)}
              aria-describedby="wh-max-orders-hint"
              aria-invalid={!nValid || undefined}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={creating.fetching || !nValid} data-testid="create-pick-list">
            {nValid && n > 1 ? t('wh.pick.createBatch', { count: n }) : t('wh.pick.createNext')}
          </button>
          <p id="wh-max-orders-hint" className="field-hint wh-form-note">
            {t('wh.pick.maxOrdersHint')}
          </p>
        </form>
        <FormAlert messages={errors} testId="pick-start-errors" />
      </section>

      {fetching && !data ? <Spinner /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}

      {data ? (
        <section className="card" aria-labelledby="wh-open-lists-title">
          <div className="card-head">
            <h2 id="wh-open-lists-title" className="card-title">
              {t('wh.pick.openLists')}
            </h2>
            <span className="muted small">{t('wh.count', { count: formatNumber(data.pickLists.totalCount, locale) })}</span>
          </div>
          {lists.length === 0 ? (
            <p className="muted" data-testid="no-open-lists">
              {t('wh.pick.noOpenLists')}
            </p>
          ) : (
            <ul className="wh-rows">
              {lists.map((l) => (
                <li key={l.id} className="wh-row" data-testid="open-pick-list" data-number={l.number}>
                  <div className="wh-row-main">
                    <Link to={`${PICK_PATH}?list=${encodeURIComponent(l.id)}`} className="wh-row-title mono">
                      {l.number}
                    </Link>
                    <span className="wh-row-meta">
                      <StatusBadge kind="pickListStatus" status={l.status} />{' '}
                      {l.batch ? t('wh.pick.batchOf', { count: l.orderCount }) : t('wh.pick.single')} ·{' '}
                      {formatDateTime(l.createdAt, locale)}
                    </span>
                  </div>
                  <Progress done={l.pickedUnits} total={l.totalUnits} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {data ? (
        <section className="card" aria-labelledby="wh-waiting-title">
          <div className="card-head">
            <h2 id="wh-waiting-title" className="card-title">
              {t('wh.pick.waiting')}
            </h2>
            <span className="muted small">{t('wh.count', { count: formatNumber(data.orders.totalCount, locale) })}</span>
          </div>
          {waiting.length === 0 ? (
            <p className="muted" data-testid="no-waiting-orders">
              {t('wh.pick.noWaiting')}
            </p>
          ) : (
            <>
              <ul className="wh-rows">
                {waiting.map((o) => {
                  const units = (o.lines ?? []).filter((l) => l.warehouseID === warehouse.id).reduce((s, l) => s + l.quantity, 0)
                  const checked = selected.includes(o.id)
                  return (
                    <li key={o.id} className="wh-row" data-testid="waiting-order" data-number={o.number}>
                      <input
                        type="checkbox"
                        className="wh-check"
                        id={`wh-sel-${o.id}`}
                        checked={checked}
                        onChange={() => setSelected((s) => (checked ? s.filter((x) => x !== o.id) : [...s, o.id]))}
                      />
                      <label htmlFor={`wh-sel-${o.id}`} className="wh-row-main">
                        <span className="wh-row-title mono">{o.number}</span>
                        <span className="wh-row-meta">
                          <span className={`badge ${o.deliveryOption === 'NEXT_DAY' || o.deliveryOption === 'EXPRESS' ? 'badge-warning' : ''}`}>
                            {i18n.tv('deliveryOption', o.deliveryOption)}
                          </span>{' '}
                          {t('wh.units', { count: units })} · {o.shipCity}
                          {o.promisedDeliveryDate ? ` · ${t('wh.pick.promised', { date: formatDate(o.promisedDeliveryDate, locale) })}` : ''}
                        </span>
                      </label>
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        disabled={creating.fetching}
                        onClick={() => void start({ orderIds: [o.id] })}
                        aria-label={t('wh.pick.pickOrderLabel', { number: o.number })}
                        data-testid="pick-order"
                      >
                        {t('wh.pick.pickOrder')}
                      </button>
                    </li>
                  )
                })}
              </ul>
              <div className="button-row wh-after-list">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={selected.length === 0 || creating.fetching}
                  onClick={() => void start({ orderIds: selected })}
                  data-testid="pick-selected"
                >
                  {t('wh.pick.pickSelected', { count: selected.length })}
                </button>
              </div>
            </>
          )}
        </section>
      ) : null}
    </div>
  )
}

export function Progress({ done, total, label }: { done: number; total: number; label?: string }) {
  const { t, locale } = useI18n()
  const pct = total > 0 ? Math.round((done / total) * 100) : 0
  return (
    <span className="wh-progress" title={label}>
      <span className="wh-progress-text">{t('wh.progress', { done: formatNumber(done, locale), total: formatNumber(total, locale) })}</span>
      <span className="wh-progress-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} className={done >= total && total > 0 ? 'wh-progress-done' : undefined} />
      </span>
    </span>
  )
}

// ---------- one pick list: scan, pack, ship ----------

type Line = WhPickLineFieldsFragment

interface PendingLot {
  barcode: string
  sku: string
  suggestedLot: string | null
  quantity: number
}

/**
 * The name of a wrongly scanned product in the UI language: the API sends both names (nameZh,
 * nameEn) and, from before, the Chinese one as name.
 */
function wrongItemName(d: Record<string, string | number | undefined>, locale: I18n['locale']): string | number | undefined {
  const zh = d.nameZh || d.name
  return locale === 'en' ? d.nameEn || zh : zh || d.nameEn
}

/** The words for a refused scan, from its code and details. */
export function refusalText(ue: UserErrorWithDetails, i18n: Pick<I18n, 't' | 'te' | 'locale'>): string {
  const { t } = i18n
  const d = (ue.details ?? {}) as Record<string, string | number | undefined>
  const sku = String(d.sku ?? '')
  switch (ue.code) {
    case 'WRONG_ITEM':
      if (sku) return t('wh.refuse.wrongItemKnown', { sku, name: String(wrongItemName(d, i18n.locale) ?? sku) })
      return t('wh.refuse.wrongItem', { barcode: String(d.barcode ?? '') })
    case 'OVER_SCAN':
      if (d.ordered !== undefined) return t('wh.refuse.overScanAll', { sku, count: Number(d.ordered) })
      if (d.remaining !== undefined) return t('wh.refuse.overScanSome', { sku, remaining: Number(d.remaining), scanned: Number(d.scanned ?? 0) })
      return t('wh.refuse.overScanRace')
    case 'LOT_REQUIRED':
      return d.suggestedLot ? t('wh.refuse.lotRequiredSuggested', { sku, lot: String(d.suggestedLot) }) : t('wh.refuse.lotRequired', { sku })
    case 'WRONG_LOT':
      return d.expiresAt
        ? t('wh.refuse.wrongLotExpiry', { sku, lot: String(d.suggestedLot ?? ''), scanned: String(d.scannedLot ?? ''), date: String(d.expiresAt) })
        : t('wh.refuse.wrongLot', { sku, lot: String(d.suggestedLot ?? ''), scanned: String(d.scannedLot ?? '') })
    case 'PICK_LIST_CLOSED':
      return t('wh.refuse.closed')
    case 'INVALID_BARCODE':
      return t('wh.refuse.invalidBarcode')
    case 'INVALID_QUANTITY':
      return t('wh.refuse.invalidQuantity')
    default:
      return i18n.te(ue.code, ue.message)
  }
}

function PickListView({ id }: { id: string }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const [{ data, fetching, error }, reexecute] = useQuery({ query: WhPickListDocument, variables: { id }, requestPolicy: 'cache-and-network' })
  const [scanState, scanMutation] = useMutation(WhScanDocument)
  const [feedback, setFeedback] = useState<ScanFeedback | null>(null)
  const [pendingLot, setPendingLot] = useState<PendingLot | null>(null)
  const [quantity, setQuantity] = useState('1')
  const [lot, setLot] = useState('')
  const [tote, setTote] = useState('')
  const [lastTote, setLastTote] = useState<string | null>(null)
  const seq = useRef(0)
  const scanRef = useRef<ScanBoxHandle>(null)
  const packRefs = useRef(new Map<string, HTMLElement>())
  const [cancelling, setCancelling] = useState(false)
  const [cancelState, cancelList] = useMutation(WhCancelPickListDocument)
  const [cancelErrors, setCancelErrors] = useState<string[]>([])

  // lines as the last scans left them, until the list is read again
  const [fresh, setFresh] = useState<Record<string, Line>>({})
  const list = data?.node?.__typename === 'PickList' ? data.node : null
  const lines: Line[] = useMemo(
    () => (list?.walk ?? []).map((l) => (fresh[l.id] && fresh[l.id].pickedQuantity > l.pickedQuantity ? fresh[l.id] : l)),
    [list, fresh],
  )
  const orders = useMemo(() => {
    const byId = new Map<string, { order: Line['order']; lines: Line[] }>()
    for (const l of lines) {
      const entry = byId.get(l.orderID) ?? { order: l.order, lines: [] }
      entry.lines.push(l)
      byId.set(l.orderID, entry)
    }
    return [...byId.values()]
  }, [lines])

  if (fetching && !data) return <Spinner />
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
  if (!list)
    return (
      <div className="notice notice-warning" role="alert" data-testid="pick-list-missing">
        <p className="notice-title">{t('wh.pick.missingTitle')}</p>
        <p>
          <Link to={PICK_PATH}>{t('wh.pick.backToLists')}</Link>
        </p>
      </div>
    )

  const say = (tone: ScanFeedback['tone'], title: string, text: string) => {
    seq.current += 1
    setFeedback({ tone, title, text, seq: seq.current })
  }

  const open = list.status === 'OPEN' || list.status === 'IN_PROGRESS'
  // a picked list still takes scans (an extra item is refused as over-scan) until it is closed
  const scanning = open || list.status === 'PICKED'
  const next = lines.find((l) => l.status === 'PENDING' && l.remaining > 0)
  const cartons = list.cartons ?? []
  const anyPacked = cartons.some((c) => c.status !== 'CANCELLED')

  const scan = async (code: string) => {
    const qty = parseWhole(quantity)
    let input: ScanPickItemInput
    if (pendingLot && code !== pendingLot.barcode) {
      // the code after a LOT_REQUIRED refusal is the lot of the item scanned before
      input = { pickListId: list.id, barcode: pendingLot.barcode, lotNumber: code, quantity: pendingLot.quantity }
    } else {
      input = { pickListId: list.id, barcode: code, quantity: Number.isInteger(qty) && qty > 0 ? qty : 1 }
      if (lot.trim()) input.lotNumber = lot.trim()
      if (tote) input.orderId = tote
    }
    const res = await scanMutation({ input })
    if (res.error) {
      scanCue('error')
      say('error', t('wh.scan.failedTitle'), describeRequestError(res.error, i18n))
      return
    }
    const p = res.data?.scanPickItem
    if (!p) return
    const refusal = p.userErrors[0] as UserErrorWithDetails | undefined
    if (refusal) {
      scanCue('error')
      if (refusal.code === 'LOT_REQUIRED') {
        const d = (refusal.details ?? {}) as Record<string, unknown>
        setPendingLot({
          barcode: input.barcode,
          sku: String(d.sku ?? input.barcode),
          suggestedLot: typeof d.suggestedLot === 'string' ? d.suggestedLot : null,
          quantity: input.quantity ?? 1,
        })
        say('error', t('wh.scan.lotNeededTitle'), refusalText(refusal, i18n))
        return
      }
      say('error', t('wh.scan.refusedTitle'), refusalText(refusal, i18n))
      return
    }
    scanCue('ok')
    setFresh((f) => ({ ...f, ...Object.fromEntries(p.lines.map((l) => [l.id, l])) }))
    setPendingLot(null)
    setLot('')
    setQuantity('1')
    const line = p.lines[0]
    const scanned = input.quantity ?? 1
    const toteText = list.batch && p.order ? ` ${t('wh.scan.toTote', { number: p.order.number })}` : ''
    setLastTote(list.batch && p.order ? p.order.number : null)
    if (p.listComplete) {
      say('ok', t('wh.scan.okTitle'), t('wh.scan.listComplete', { sku: line?.sku ?? '', count: scanned }) + toteText)
      // everything is picked: on to packing (the first order still to pack)
      window.setTimeout(() => {
        const target = [...packRefs.current.values()][0]
        target?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus()
      }, 50)
    } else if (p.orderComplete && list.batch) {
      say('ok', t('wh.scan.okTitle'), t('wh.scan.orderComplete', { sku: line?.sku ?? '', count: scanned, number: p.order?.number ?? '' }))
    } else {
      say(
        'ok',
        t('wh.scan.okTitle'),
        t('wh.scan.okBody', { sku: line?.sku ?? '', count: scanned, remaining: line?.remaining ?? 0, left: p.remaining }) + toteText,
      )
    }
  }

  const doCancel = async () => {
    setCancelErrors([])
    const res = await cancelList({ id: list.id, reason: 'cancelled at the pick screen' })
    const errs = res.data?.cancelPickList.userErrors ?? []
    if (res.error) setCancelErrors([describeRequestError(res.error, i18n)])
    else if (errs.length) setCancelErrors(errs.map((e) => i18n.te(e.code, e.message)))
    else {
      setCancelling(false)
      navigate(PICK_PATH)
    }
  }

  return (
    <div className="console wh-pick" data-testid="pick-list" data-status={list.status}>
      <section className="card wh-pick-head" aria-labelledby="wh-pick-title">
        <p className="wh-back">
          <Link to={PICK_PATH} className="back-link">
            ← {t('wh.pick.backToLists')}
          </Link>
        </p>
        <div className="card-head">
          <h2 id="wh-pick-title" className="card-title">
            {t('wh.pick.listTitle', { number: list.number })}
          </h2>
          <StatusBadge kind="pickListStatus" status={list.status} />
        </div>
        <p className="muted small">
          {list.warehouse.code} · {list.batch ? t('wh.pick.batchOf', { count: list.orderCount }) : t('wh.pick.single')} ·{' '}
          {t('wh.pick.linesCount', { count: lines.length })}
        </p>
        <Progress done={Math.max(list.pickedUnits, lines.reduce((n, l) => n + l.pickedQuantity, 0))} total={list.totalUnits} />
      </section>

      {scanning ? (
        <section className={`card wh-scan-card${open ? ' wh-scan-sticky' : ''}`} aria-label={t('wh.scan.region')}>
          <ScanBox
            ref={scanRef}
            label={pendingLot ? t('wh.scan.lotLabel', { sku: pendingLot.sku }) : t('wh.scan.label')}
            hint={
              pendingLot ? (
                <>
                  {pendingLot.suggestedLot ? t('wh.scan.lotHintSuggested', { lot: pendingLot.suggestedLot }) : t('wh.scan.lotHint')}{' '}
                  <button type="button" className="link-button" onClick={() => setPendingLot(null)}>
                    {t('wh.scan.lotCancel')}
                  </button>
                </>
              ) : next ? (
                t('wh.scan.nextHint', { bin: next.binLocation || '—', sku: next.sku, count: next.remaining })
              ) : undefined
            }
            placeholder={pendingLot ? t('wh.scan.lotPlaceholder') : t('wh.scan.placeholder')}
            feedback={feedback}
            onScan={scan}
            onEscape={() => setPendingLot(null)}
            busy={scanState.fetching}
            options={
              <div className="wh-scan-option-grid">
                <div className="field">
                  <label htmlFor="wh-scan-qty">{t('wh.scan.quantity')}</label>
                  <input
                    id="wh-scan-qty"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={999}
                    value={quantity}
                    onChange={(e) => setQuantity(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor="wh-scan-lot">{t('wh.scan.lot')}</label>
                  <input id="wh-scan-lot" type="text" value={lot} autoComplete="off" onChange={(e) => setLot(e.target.value)} />
                </div>
                {list.batch ? (
                  <div className="field">
                    <label htmlFor="wh-scan-tote">{t('wh.scan.tote')}</label>
                    <select id="wh-scan-tote" value={tote} onChange={(e) => setTote(e.target.value)}>
                      <option value="">{t('wh.scan.toteAuto')}</option>
                      {orders.map((o) => (
                        <option key={o.order.id} value={o.order.id}>
                          {o.order.number}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
              </div>
            }
          />
          {list.batch && lastTote ? (
            <p className="wh-tote" data-testid="scan-tote">
              {t('wh.scan.toteNow', { number: lastTote })}
            </p>
          ) : null}
        </section>
      ) : list.status === 'CANCELLED' ? (
        <p className="notice notice-warning" role="status">
          {t('wh.pick.cancelled')}
        </p>
      ) : null}

      <section className="card" aria-labelledby="wh-lines-title">
        <h2 id="wh-lines-title" className="card-title">
          {t('wh.pick.walk')}
        </h2>
        {lines.length === 0 ? (
          <p className="muted">{t('wh.pick.noLines')}</p>
        ) : (
          <ol className="wh-lines" data-testid="pick-lines">
            {lines.map((l) => {
              const done = l.status !== 'PENDING' || l.remaining === 0
              const isNext = l.id === next?.id
              return (
                <li
                  key={l.id}
                  className={`wh-line${done ? ' wh-line-done' : ''}${isNext ? ' wh-line-next' : ''}`}
                  data-testid="pick-line"
                  data-sku={l.sku}
                  data-done={done || undefined}
                  aria-current={isNext ? 'step' : undefined}
                >
                  <span className="wh-line-bin mono" title={t('wh.col.bin')}>
                    {l.binLocation || '—'}
                  </span>
                  <span className="wh-line-main">
                    <span className="wh-line-name">{(i18n.locale === 'en' && l.product?.nameEn) || l.name}</span>
                    <span className="wh-line-meta">
                      <span className="mono">{l.sku}</span>
                      {l.lotTracked ? (
                        <span className="wh-line-lot">
                          {l.suggestedLot
                            ? t('wh.pick.suggestedLot', {
                                lot: l.suggestedLot,
                                date: l.suggestedLotExpiresAt ? formatDate(l.suggestedLotExpiresAt, locale) : '—',
                              })
                            : t('wh.pick.lotTracked')}
                        </span>
                      ) : null}
                      {list.batch ? <span className="wh-line-tote">{t('wh.pick.forOrder', { number: l.order.number })}</span> : null}
                    </span>
                  </span>
                  <span className="wh-line-qty">
                    <Progress done={l.pickedQuantity} total={l.quantity} />
                  </span>
                  <span className={`wh-line-mark${done ? ' wh-line-mark-done' : ''}`} aria-hidden="true">
                    {done ? '✓' : ''}
                  </span>
                  <span className="visually-hidden">{done ? t('wh.pick.lineDone') : t('wh.pick.lineTodo')}</span>
                </li>
              )
            })}
          </ol>
        )}
      </section>

      {orders.map(({ order, lines: orderLines }) => (
        <section
          key={order.id}
          className="card"
          aria-label={t('wh.pack.regionLabel', { number: order.number })}
          ref={(el) => {
            if (el) packRefs.current.set(order.id, el)
            else packRefs.current.delete(order.id)
          }}
        >
          <OrderPackShip
            pickListId={list.id}
            pickListOpen={list.status !== 'CANCELLED' && list.status !== 'CLOSED'}
            order={order}
            lines={orderLines}
            carton={cartons.find((c) => c.orderID === order.id && c.status !== 'CANCELLED') ?? null}
            onChanged={() => reexecute({ requestPolicy: 'network-only' })}
          />
        </section>
      ))}

      {open && !anyPacked ? (
        <section className="card wh-danger-zone" aria-label={t('wh.pick.cancelTitle')}>
          {cancelling ? (
            <div className="form-stack">
              <p>{t('wh.pick.cancelConfirm')}</p>
              <div className="button-row">
                <button type="button" className="btn btn-danger" onClick={() => void doCancel()} disabled={cancelState.fetching}>
                  {t('wh.pick.cancelYes')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => setCancelling(false)}>
                  {t('wh.pick.cancelNo')}
                </button>
              </div>
              <FormAlert messages={cancelErrors} />
            </div>
          ) : (
            <button type="button" className="btn btn-ghost" onClick={() => setCancelling(true)}>
              {t('wh.pick.cancelTitle')}
            </button>
          )}
        </section>
      ) : null}
    </div>
  )
}
