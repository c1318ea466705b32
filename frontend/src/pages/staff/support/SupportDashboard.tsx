// Staff console → Service dashboard: complaints by category and root cause over time, recurring
// problems, SLA attainment, first-response and resolution times, CSAT, on-time delivery, order
// error rate and inventory accuracy, with a CSV export of each report (supportReportCsv).
import { useMemo, useState } from 'react'
import { useClient, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../../components/Feedback'
import type { SupportBucket, SupportDashboardDataQuery, SupportReport } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { formatDateTime } from '../../../lib/format'
import { Link } from '../../../lib/router'
import { LineChart, PALETTE, ShareBar, StackedBars, StatTile } from './charts'
import { CATEGORIES } from './inbox'
import { ROOT_CAUSES } from './ResolveForm'
import { SupportReportCsvDocument, SupportDashboardDocument } from './staffSupportData'
import './staffSupport.css'

type Dashboard = SupportDashboardDataQuery['supportDashboard']

export const PERIODS = [
  { id: '7d', days: 7, bucket: 'DAY' },
  { id: '30d', days: 30, bucket: 'DAY' },
  { id: '90d', days: 90, bucket: 'WEEK' },
  { id: '365d', days: 365, bucket: 'MONTH' },
] as const satisfies readonly { id: string; days: number; bucket: SupportBucket }[]
type PeriodId = (typeof PERIODS)[number]['id']

const PERIOD_LABEL = {
  '7d': 'sup.dash.p7',
  '30d': 'sup.dash.p30',
  '90d': 'sup.dash.p90',
  '365d': 'sup.dash.p365',
} as const satisfies Record<PeriodId, string>

const REPORTS: readonly SupportReport[] = ['SUMMARY', 'CATEGORIES', 'ROOT_CAUSES', 'RECURRING', 'CSAT']

/** The query window for a period ending now. */
export function periodRange(days: number, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - days * 86_400_000).toISOString(), to: new Date(now).toISOString() }
}

/** A duration in minutes, in the unit that reads best. */
export function formatMinutes(min: number | null | undefined, t: (k: 'sup.dash.min' | 'sup.dash.hours' | 'sup.dash.days', v: Record<string, string | number>) => string): string {
  if (min == null || Number.isNaN(min)) return '—'
  if (min < 60) return t('sup.dash.min', { n: Math.round(min) })
  if (min < 48 * 60) return t('sup.dash.hours', { n: (min / 60).toFixed(1) })
  return t('sup.dash.days', { n: (min / 1440).toFixed(1) })
}

export function percent(rate: number | null | undefined, locale: string): string {
  if (rate == null || Number.isNaN(rate)) return '—'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate)
}

export function SupportDashboardSection() {
  const { t, locale } = useI18n()
  const [period, setPeriod] = useState<PeriodId>('30d')
  const [stamp, setStamp] = useState(() => Date.now())
  const def = PERIODS.find((p) => p.id === period) ?? PERIODS[1]
  // computed once per choice (a new `to` on every render would make a new query every render)
  const range = useMemo(() => periodRange(def.days, stamp), [def.days, stamp])
  const [{ data, fetching, error }] = useQuery({
    query: SupportDashboardDocument,
    variables: { ...range, bucket: def.bucket },
    requestPolicy: 'cache-and-network',
  })
  const d = data?.supportDashboard

  return (
    <div className="sup-dash" data-testid="support-dashboard">
      <section className="card sup-dash-head">
        <div>
          <h2 className="card-title">{t('sup.dash.title')}</h2>
          {d ? <p className="muted small">{t('sup.dash.range', { from: formatDateTime(d.from, locale), to: formatDateTime(d.to, locale) })}</p> : null}
        </div>
        <div className="sup-dash-tools">
          <div className="field">
            <label htmlFor="dash-period">{t('sup.dash.period')}</label>
            <select
              id="dash-period"
              value={period}
              onChange={(e) => {
                setPeriod(e.target.value as PeriodId)
                setStamp(Date.now())
              }}
              data-testid="dash-period"
            >
              {PERIODS.map((p) => (
                <option key={p.id} value={p.id}>
                  {t(PERIOD_LABEL[p.id])}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setStamp(Date.now())} disabled={fetching} data-testid="dash-refresh">
            {t('sup.dash.refresh')}
          </button>
          <CsvExport range={range} bucket={def.bucket} />
        </div>
      </section>
      {fetching && !data ? <Spinner /> : error && !data ? <ErrorState error={error} onRetry={() => setStamp(Date.now())} /> : d ? <DashboardBody d={d} /> : null}
    </div>
  )
}

function CsvExport({ range, bucket }: { range: { from: string; to: string }; bucket: SupportBucket }) {
  const i18n = useI18n()
  const { t, tv } = i18n
  const client = useClient()
  const [report, setReport] = useState<SupportReport>('SUMMARY')
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<string[]>([])
  const download = async () => {
    setBusy(true)
    setErrors([])
    const res = await client.query(SupportReportCsvDocument, { report, ...range, bucket }, { requestPolicy: 'network-only' }).toPromise()
    setBusy(false)
    const csv = res.data?.supportReportCsv
    if (res.error || csv == null) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = `waybill-support-${report.toLowerCase().replace(/_/g, '-')}-${range.to.slice(0, 10)}.csv`
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return (
    <div className="sup-csv">
      <div className="field">
        <label htmlFor="dash-report">{t('sup.dash.report')}</label>
        <select id="dash-report" value={report} onChange={(e) => setReport(e.target.value as SupportReport)}>
          {REPORTS.map((r) => (
            <option key={r} value={r}>
              {tv('supportReport', r)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="btn btn-primary btn-small" onClick={() => void download()} disabled={busy} data-testid="dash-csv">
        {busy ? t('sup.dash.exporting') : t('sup.dash.csv')}
      </button>
      <FormAlert messages={errors} />
    </div>
  )
}

function DashboardBody({ d }: { d: Dashboard }) {
  const { t, tv, locale } = useI18n()
  const bucketLabel = useMemo(() => {
    const fmt =
      d.bucket === 'MONTH'
        ? new Intl.DateTimeFormat(locale, { year: '2-digit', month: 'short', timeZone: 'Asia/Shanghai' })
        : new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'Asia/Shanghai' })
    return (b: string) => fmt.format(new Date(b))
  }, [d.bucket, locale])
  const index = (rows: readonly { bucket: string; key: string; count: number }[]) => {
    const m = new Map<string, number>()
    for (const r of rows) m.set(`${Date.parse(r.bucket)}|${r.key}`, (m.get(`${Date.parse(r.bucket)}|${r.key}`) ?? 0) + r.count)
    return (b: string, key: string) => m.get(`${Date.parse(b)}|${key}`) ?? 0
  }
  const byCategory = index(d.byCategory)
  const byRootCause = index(d.byRootCause)
  const catSeries = CATEGORIES.map((c, i) => ({ key: c, label: tv('ticketCategory', c), color: PALETTE[i % PALETTE.length] }))
  const causeSeries = ROOT_CAUSES.map((c, i) => ({ key: c, label: tv('rootCause', c), color: PALETTE[i % PALETTE.length] }))
  const sla = (s: Dashboard['firstResponseSla']) => [
    { label: t('sup.sla.met'), value: s.met, tone: 'success' as const },
    { label: t('sup.sla.missed'), value: s.missed, tone: 'danger' as const },
    { label: t('sup.dash.openSla'), value: s.open, tone: 'neutral' as const },
  ]
  const tt = t as (k: 'sup.dash.min' | 'sup.dash.hours' | 'sup.dash.days', v: Record<string, string | number>) => string
  const rateTone = (r: number | null | undefined, good: number, higherIsBetter = true): 'good' | 'bad' | undefined =>
    r == null ? undefined : (higherIsBetter ? r >= good : r <= good) ? 'good' : 'bad'
  const resolved = d.byRootCause.reduce((s, r) => s + r.count, 0)

  return (
    <>
      <div className="sup-tiles" data-testid="dash-tiles">
        <StatTile label={t('sup.dash.tickets')} value={d.tickets.toLocaleString(locale)} sub={t('sup.dash.resolvedWithCause', { count: resolved })} testId="dash-tickets" />
        <StatTile
          label={t('sup.dash.frSla')}
          value={percent(d.firstResponseSla.rate, locale)}
          sub={t('sup.dash.metOf', { met: d.firstResponseSla.met, total: d.firstResponseSla.met + d.firstResponseSla.missed })}
          tone={rateTone(d.firstResponseSla.rate, 0.9)}
          testId="dash-fr-sla"
        />
        <StatTile
          label={t('sup.dash.resSla')}
          value={percent(d.resolutionSla.rate, locale)}
          sub={t('sup.dash.metOf', { met: d.resolutionSla.met, total: d.resolutionSla.met + d.resolutionSla.missed })}
          tone={rateTone(d.resolutionSla.rate, 0.9)}
          testId="dash-res-sla"
        />
        <StatTile
          label={t('sup.dash.csat')}
          value={d.csatOverall.average != null ? `${d.csatOverall.average.toFixed(2)} / 5` : '—'}
          sub={t('sup.dash.csatSub', { count: d.csatOverall.responses, satisfied: percent(d.csatOverall.satisfied, locale) })}
          tone={rateTone(d.csatOverall.average, 4)}
          testId="dash-csat"
        />
        <StatTile
          label={t('sup.dash.onTime')}
          value={percent(d.onTimeDelivery.rate, locale)}
          sub={t('sup.dash.ratio', { n: d.onTimeDelivery.numerator, d: d.onTimeDelivery.denominator })}
          tone={rateTone(d.onTimeDelivery.rate, 0.95)}
          testId="dash-on-time"
        />
        <StatTile
          label={t('sup.dash.orderError')}
          value={percent(d.orderErrorRate.rate, locale)}
          sub={t('sup.dash.orderErrorSub', { n: d.orderErrorRate.numerator, d: d.orderErrorRate.denominator })}
          tone={rateTone(d.orderErrorRate.rate, 0.01, false)}
          testId="dash-order-error"
        />
        <StatTile
          label={t('sup.dash.inventory')}
          value={d.inventoryAccuracy ? percent(d.inventoryAccuracy.rate, locale) : '—'}
          sub={d.inventoryAccuracy ? t('sup.dash.inventorySub', { n: d.inventoryAccuracy.numerator, d: d.inventoryAccuracy.denominator }) : t('sup.dash.noCounts')}
          tone={d.inventoryAccuracy ? rateTone(d.inventoryAccuracy.rate, 0.98) : undefined}
          testId="dash-inventory"
        />
      </div>

      <div className="sup-dash-grid">
        <section className="card" aria-labelledby="dash-cat">
          <h3 id="dash-cat" className="card-title">
            {t('sup.dash.byCategory')}
          </h3>
          <StackedBars buckets={d.buckets} bucketLabel={bucketLabel} series={catSeries} value={byCategory} title={t('sup.dash.byCategory')} testId="chart-categories" />
        </section>
        <section className="card" aria-labelledby="dash-cause">
          <h3 id="dash-cause" className="card-title">
            {t('sup.dash.byRootCause')}
          </h3>
          <StackedBars buckets={d.buckets} bucketLabel={bucketLabel} series={causeSeries} value={byRootCause} title={t('sup.dash.byRootCause')} testId="chart-root-causes" />
        </section>

        <section className="card" aria-labelledby="dash-sla">
          <h3 id="dash-sla" className="card-title">
            {t('sup.dash.slaTitle')}
          </h3>
          <h4 className="sup-subtitle">{t('sup.sla.firstResponse')}</h4>
          <ShareBar parts={sla(d.firstResponseSla)} label={t('sup.sla.firstResponse')} />
          <h4 className="sup-subtitle">{t('sup.sla.resolution')}</h4>
          <ShareBar parts={sla(d.resolutionSla)} label={t('sup.sla.resolution')} />
        </section>

        <section className="card" aria-labelledby="dash-times">
          <h3 id="dash-times" className="card-title">
            {t('sup.dash.times')}
          </h3>
          <div className="table-wrap table-wrap-inner" role="region" aria-labelledby="dash-times" tabIndex={0}>
            <table className="table" data-testid="dash-times">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col" className="num">
                    {t('sup.dash.median')}
                  </th>
                  <th scope="col" className="num">
                    {t('sup.dash.pct90')}
                  </th>
                  <th scope="col" className="num">
                    {t('sup.dash.average')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['sup.dash.firstResponseTime', d.firstResponseTime],
                    ['sup.dash.resolutionTime', d.resolutionTime],
                  ] as const
                ).map(([label, s]) => (
                  <tr key={label}>
                    <th scope="row">
                      {t(label)} <span className="cell-sub">{t('sup.dash.n', { n: s.count })}</span>
                      {s.businessMedian != null ? <span className="cell-sub">{t('sup.dash.businessMedian', { value: formatMinutes(s.businessMedian, tt) })}</span> : null}
                    </th>
                    <td className="num">{formatMinutes(s.median, tt)}</td>
                    <td className="num">{formatMinutes(s.p90, tt)}</td>
                    <td className="num">{formatMinutes(s.average, tt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section className="card" aria-labelledby="dash-csat-title">
          <h3 id="dash-csat-title" className="card-title">
            {t('sup.dash.csatTrend')}
          </h3>
          <p className="muted small" data-testid="dash-csat-responses" data-count={d.csatOverall.responses}>
            {t('sup.dash.csatResponses', { count: d.csatOverall.responses })}
            {d.csatOverall.nps != null ? ` · NPS ${Math.round(d.csatOverall.nps)}` : ''}
          </p>
          <LineChart
            buckets={d.buckets}
            bucketLabel={bucketLabel}
            values={d.csat.map((c) => c.average ?? null)}
            min={1}
            max={5}
            format={(v) => v.toFixed(1)}
            title={t('sup.dash.csatTrend')}
            color={PALETTE[2]}
            testId="chart-csat"
          />
        </section>

        <section className="card" aria-labelledby="dash-recurring">
          <h3 id="dash-recurring" className="card-title">
            {t('sup.dash.recurring')}
          </h3>
          {d.recurring.length === 0 ? (
            <p className="muted" data-testid="dash-recurring-empty">
              {t('sup.dash.noRecurring')}
            </p>
          ) : (
            <div className="table-wrap table-wrap-inner" role="region" aria-labelledby="dash-recurring" tabIndex={0}>
              <table className="table" data-testid="dash-recurring">
                <thead>
                  <tr>
                    <th scope="col">{t('sup.resolve.rootCause')}</th>
                    <th scope="col">{t('sup.dash.where')}</th>
                    <th scope="col" className="num">
                      {t('sup.dash.count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.recurring.map((r) => (
                    <tr key={`${r.rootCause}-${r.dimension}-${r.key}`}>
                      <th scope="row" className="cell-wrap">
                        {tv('rootCause', r.rootCause)}
                      </th>
                      <td className="cell-wrap">
                        <span className="muted small">{tv('recurringDimension', r.dimension)}</span> {r.label}
                      </td>
                      <td className="num">{r.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="small">
            <Link to="/staff/support">{t('sup.dash.toInbox')}</Link>
          </p>
        </section>
      </div>
    </>
  )
}
