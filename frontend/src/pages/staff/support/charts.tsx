// Small inline-SVG charts for the service dashboard (no chart library): stacked bars over time,
// a line with gaps, a horizontal share bar. Each chart has a text alternative and its numbers
// in a table under "Show the numbers".
import { useId, type ReactNode } from 'react'
import { useI18n } from '../../../i18n/i18n'

export const PALETTE = ['#0f4c81', '#2f7de1', '#1f7a4d', '#8a5a00', '#b42318', '#6941c6', '#0e7490', '#c2410c', '#667085']

const W = 640
const H = 220
const PAD = { top: 12, right: 12, bottom: 28, left: 36 }

/** 0, a round step, …, at or above max: 1, 2, 5 × 10^n steps, about four of them. */
export function niceTicks(max: number, count = 4, integers = true): number[] {
  if (!(max > 0)) return [0, 1]
  const raw = max / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  let step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  if (integers) step = Math.max(1, Math.round(step))
  const ticks: number[] = []
  for (let v = 0; v < max + step; v += step) {
    ticks.push(Number(v.toFixed(6)))
    if (v >= max) break
  }
  return ticks
}

/** Which of n x-axis labels to print so they do not overlap (about 8 at most). */
export function labelEvery(n: number, most = 8): number {
  return Math.max(1, Math.ceil(n / most))
}

export interface Series {
  key: string
  label: string
  color: string
}

export function Legend({ series }: { series: readonly Series[] }) {
  return (
    <ul className="sup-legend">
      {series.map((s) => (
        <li key={s.key}>
          <span className="sup-swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  )
}

/** Counts per bucket and key, stacked; `buckets` are the x positions (in order). */
export function StackedBars({
  buckets,
  bucketLabel,
  series,
  value,
  title,
  testId,
}: {
  buckets: readonly string[]
  bucketLabel: (b: string) => string
  series: readonly Series[]
  value: (bucket: string, key: string) => number
  title: string
  testId?: string
}) {
  const { t } = useI18n()
  const id = useId()
  const totals = buckets.map((b) => series.reduce((s, se) => s + value(b, se.key), 0))
  const max = Math.max(0, ...totals)
  const ticks = niceTicks(max)
  const top = ticks[ticks.length - 1] || 1
  const iw = W - PAD.left - PAD.right
  const ih = H - PAD.top - PAD.bottom
  const slot = iw / Math.max(1, buckets.length)
  const bw = Math.max(2, Math.min(28, slot * 0.7))
  const y = (v: number) => PAD.top + ih - (v / top) * ih
  const every = labelEvery(buckets.length)
  const total = totals.reduce((a, b) => a + b, 0)
  return (
    <figure className="sup-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{t('sup.dash.chartAlt', { title, total })}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="sup-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="sup-axis">
              {v}
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          let acc = 0
          const x = PAD.left + slot * i + (slot - bw) / 2
          return (
            <g key={b}>
              {series.map((s) => {
                const v = value(b, s.key)
                if (v <= 0) return null
                const y0 = y(acc)
                acc += v
                const y1 = y(acc)
                return (
                  <rect key={s.key} x={x} y={y1} width={bw} height={Math.max(0, y0 - y1)} fill={s.color}>
                    <title>{`${bucketLabel(b)} · ${s.label}: ${v}`}</title>
                  </rect>
                )
              })}
              {i % every === 0 ? (
                <text x={x + bw / 2} y={H - 8} textAnchor="middle" className="sup-axis">
                  {bucketLabel(b)}
                </text>
              ) : null}
            </g>
          )
        })}
      </svg>
      {total === 0 ? <figcaption className="muted small">{t('sup.dash.noData')}</figcaption> : <Legend series={series.filter((s) => buckets.some((b) => value(b, s.key) > 0))} />}
      <DataTable
        head={[t('sup.dash.period'), ...series.map((s) => s.label)]}
        rows={buckets.filter((_, i) => totals[i] > 0).map((b) => [bucketLabel(b), ...series.map((s) => String(value(b, s.key) || ''))])}
      />
    </figure>
  )
}

/** A line over the buckets; null values leave a gap. */
export function LineChart({
  buckets,
  bucketLabel,
  values,
  min = 0,
  max,
  format,
  title,
  color = PALETTE[0],
  testId,
}: {
  buckets: readonly string[]
  bucketLabel: (b: string) => string
  values: readonly (number | null)[]
  min?: number
  max: number
  format: (v: number) => string
  title: string
  color?: string
  testId?: string
}) {
  const { t } = useI18n()
  const id = useId()
  const iw = W - PAD.left - PAD.right
  const ih = H - PAD.top - PAD.bottom
  const x = (i: number) => PAD.left + (buckets.length <= 1 ? iw / 2 : (iw * i) / (buckets.length - 1))
  const y = (v: number) => PAD.top + ih - ((v - min) / (max - min || 1)) * ih
  const segments: string[] = []
  let cur = ''
  values.forEach((v, i) => {
    if (v === null || Number.isNaN(v)) {
      if (cur) segments.push(cur)
      cur = ''
      return
    }
    cur += `${cur ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`
  })
  if (cur) segments.push(cur)
  const every = labelEvery(buckets.length)
  const steps = 4
  const ticks = Array.from({ length: steps + 1 }, (_, i) => min + ((max - min) * i) / steps)
  const some = values.some((v) => v !== null)
  return (
    <figure className="sup-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{title}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="sup-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="sup-axis">
              {format(v)}
            </text>
          </g>
        ))}
        {segments.map((d, i) => (
          <path key={i} d={d} fill="none" stroke={color} strokeWidth={2.5} strokeLinejoin="round" />
        ))}
        {values.map((v, i) =>
          v === null ? null : (
            <circle key={i} cx={x(i)} cy={y(v)} r={3.5} fill={color}>
              <title>{`${bucketLabel(buckets[i])}: ${format(v)}`}</title>
            </circle>
          ),
        )}
        {buckets.map((b, i) =>
          i % every === 0 ? (
            <text key={b} x={x(i)} y={H - 8} textAnchor="middle" className="sup-axis">
              {bucketLabel(b)}
            </text>
          ) : null,
        )}
      </svg>
      {!some ? <figcaption className="muted small">{t('sup.dash.noData')}</figcaption> : null}
      <DataTable
        head={[t('sup.dash.period'), title]}
        rows={buckets.flatMap((b, i) => (values[i] === null ? [] : [[bucketLabel(b), format(values[i] as number)]]))}
      />
    </figure>
  )
}

/** One horizontal bar split into parts (met / missed / open). */
export function ShareBar({ parts, label }: { parts: readonly { label: string; value: number; tone: 'success' | 'danger' | 'neutral' }[]; label: string }) {
  const total = parts.reduce((s, p) => s + p.value, 0)
  return (
    <div className="sup-share" role="img" aria-label={`${label}: ${parts.map((p) => `${p.label} ${p.value}`).join(', ')}`}>
      <div className="sup-share-bar" aria-hidden="true">
        {total === 0 ? <span className="sup-share-empty" /> : null}
        {parts.map((p) =>
          p.value > 0 ? <span key={p.label} className={`sup-share-part sup-share-${p.tone}`} style={{ flexGrow: p.value }} title={`${p.label}: ${p.value}`} /> : null,
        )}
      </div>
      <ul className="sup-legend" aria-hidden="true">
        {parts.map((p) => (
          <li key={p.label}>
            <span className={`sup-swatch sup-share-${p.tone}`} />
            {p.label} {p.value}
          </li>
        ))}
      </ul>
    </div>
  )
}

export function StatTile({ label, value, sub, tone, testId }: { label: string; value: ReactNode; sub?: ReactNode; tone?: 'good' | 'bad'; testId?: string }) {
  return (
    <div className={`sup-tile${tone ? ` sup-tile-${tone}` : ''}`}>
      <p className="sup-tile-label">{label}</p>
      <p className="sup-tile-value" data-testid={testId}>
        {value}
      </p>
      {sub ? <p className="sup-tile-sub">{sub}</p> : null}
    </div>
  )
}

function DataTable({ head, rows }: { head: readonly string[]; rows: readonly (readonly string[])[] }) {
  const { t } = useI18n()
  if (rows.length === 0) return null
  return (
    <details className="sup-chart-data">
      <summary>{t('sup.dash.showNumbers')}</summary>
      <div className="table-wrap table-wrap-inner" tabIndex={0} role="region" aria-label={t('sup.dash.showNumbers')}>
        <table className="table">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j} className="num">{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
