// The route map of the tracking page: an inline SVG of China (a hand-simplified outline, no tile
// server, works offline) with the cities the parcel passed, its destination and the latest
// vehicle position, in a plain equirectangular projection zoomed to the route.
import { useId } from 'react'
import { useI18n } from '../i18n/i18n'
import { formatDateTime } from '../lib/format'

export type LonLat = readonly [lon: number, lat: number]

/**
 * A schematic outline (lon, lat), clockwise from the Amur in the far north-east; a few dozen
 * points, good for orientation at the scale of a phone screen, not for borders.
 */
export const CHINA_OUTLINE: readonly LonLat[] = [
  [121.2, 53.3], [123.3, 53.5], [125.5, 53.0], [126.6, 51.8], [127.3, 50.7], [127.6, 49.8], [129.5, 49.4],
  [130.6, 48.9], [131.0, 47.7], [132.5, 47.7], [134.7, 48.3], [134.2, 47.3], [133.9, 46.3], [133.1, 45.1],
  [131.9, 45.3], [131.0, 44.8], [131.3, 43.4], [131.0, 42.9], [130.6, 42.4], [129.9, 42.95], [128.9, 42.1],
  [128.1, 41.95], [126.6, 41.6], [125.3, 40.6], [124.4, 40.0],
  // the coast, from the Yalu to the Gulf of Tonkin
  [122.9, 39.5], [121.6, 38.9], [121.2, 38.8], [121.6, 39.5], [122.2, 40.4], [121.9, 40.9], [121.0, 40.8],
  [120.0, 40.1], [119.5, 39.8], [118.8, 39.2], [117.7, 39.0], [117.6, 38.4], [118.4, 38.1], [119.2, 37.8],
  [119.3, 37.1], [119.9, 37.4], [120.7, 37.8], [121.4, 37.6], [122.6, 37.4], [122.2, 36.9], [121.0, 36.4],
  [120.3, 36.0], [119.5, 35.3], [119.3, 34.7], [120.3, 34.3], [120.8, 33.0], [121.4, 32.3], [121.9, 31.7],
  [121.9, 31.0], [121.0, 30.6], [120.5, 30.3], [121.3, 30.3], [122.1, 29.9], [121.9, 29.0], [121.5, 28.3],
  [120.8, 27.7], [120.2, 26.7], [119.6, 25.9], [119.1, 25.2], [118.1, 24.5], [117.3, 23.7], [116.5, 23.0],
  [115.4, 22.7], [114.3, 22.3], [113.6, 22.2], [112.9, 21.9], [111.7, 21.6], [110.6, 21.2], [110.3, 20.4],
  [109.9, 20.3], [109.7, 21.0], [109.1, 21.5], [108.5, 21.7], [108.0, 21.5],
  // the land borders, west and then north
  [107.4, 21.7], [106.7, 22.0], [106.8, 22.6], [106.4, 23.1], [105.4, 23.3], [104.5, 22.8], [103.9, 22.5],
  [103.0, 22.6], [102.2, 22.4], [101.7, 22.1], [101.6, 21.2], [101.1, 21.1], [100.5, 21.5], [99.9, 22.1],
  [99.2, 22.1], [99.5, 22.9], [98.9, 23.2], [98.6, 24.1], [97.7, 23.9], [97.5, 24.7], [98.0, 25.3],
  [98.7, 25.9], [98.7, 27.0], [98.3, 27.6], [97.3, 28.2], [95.8, 27.6], [93.9, 27.1], [92.4, 27.0],
  [91.7, 27.8], [90.5, 28.1], [89.6, 28.2], [88.9, 27.3], [88.7, 28.1], [88.0, 27.9], [86.9, 28.0],
  [85.9, 28.2], [84.5, 28.7], [83.3, 29.5], [81.9, 30.2], [80.3, 30.4], [79.1, 31.4], [79.5, 32.6],
  [78.3, 34.3], [77.8, 35.5], [76.8, 35.7], [75.4, 36.85], [74.9, 37.3], [74.9, 37.9], [74.0, 38.6],
  [73.5, 39.4], [73.8, 39.7], [74.9, 40.5], [76.6, 40.4], [78.3, 41.0], [80.2, 42.1], [80.4, 42.9],
  [80.4, 44.2], [82.6, 45.2], [82.3, 45.5], [83.0, 46.7], [85.5, 47.1], [85.7, 48.4], [87.3, 49.1],
  [88.9, 48.1], [90.1, 47.8], [90.9, 46.0], [91.0, 45.0], [93.5, 44.9], [95.4, 44.3], [96.4, 42.7],
  [100.8, 42.6], [103.9, 41.8], [105.0, 41.6], [107.0, 42.4], [109.5, 42.5], [110.8, 43.3], [112.0, 43.7],
  [113.6, 44.7], [116.0, 45.0], [116.7, 46.4], [118.0, 46.8], [119.9, 46.8], [119.7, 47.2], [117.4, 47.6],
  [115.6, 47.9], [117.4, 49.6], [119.0, 50.3], [120.8, 52.6],
]

export const ISLANDS: readonly (readonly LonLat[])[] = [
  // Hainan
  [[108.6, 19.2], [109.5, 18.2], [110.6, 18.4], [111.0, 19.6], [110.6, 20.1], [109.6, 20.0], [108.7, 19.6]],
  // Taiwan
  [[121.0, 25.1], [121.9, 25.0], [121.6, 23.5], [120.9, 22.0], [120.3, 22.5], [120.1, 23.3], [120.7, 24.6]],
]

/** The whole map: every point of the outline lies inside. */
export const CHINA_BOUNDS = { west: 73, east: 135.5, south: 17.5, north: 54 } as const

/** The standard parallel: east–west distances are scaled by its cosine so the map is not stretched. */
const STANDARD_PARALLEL = 36
const K = Math.cos((STANDARD_PARALLEL * Math.PI) / 180)

export interface MapView {
  /** Longitude of the left edge, latitude of the top edge. */
  west: number
  north: number
  /** Pixels per degree of latitude. */
  scale: number
  width: number
  height: number
}

/** Equirectangular projection: (lon, lat) → (x, y) in the view's pixels, y growing downwards. */
export function project([lon, lat]: LonLat, view: MapView): [number, number] {
  return [(lon - view.west) * K * view.scale, (view.north - lat) * view.scale]
}

/**
 * The view that shows `points` with a margin, at least `minSpan` degrees of latitude tall, with
 * the width/height ratio of the box, kept inside the map where it can be. No points: all of China.
 */
export function fitView(
  points: readonly LonLat[],
  { width, height, margin = 2.5, minSpan = 7 }: { width: number; height: number; margin?: number; minSpan?: number },
): MapView {
  const b = CHINA_BOUNDS
  const inBounds = points.filter(([lon, lat]) => Number.isFinite(lon) && Number.isFinite(lat))
  let west: number, east: number, south: number, north: number
  if (inBounds.length === 0) {
    ;({ west, east, south, north } = b)
  } else {
    west = Math.min(...inBounds.map((p) => p[0])) - margin
    east = Math.max(...inBounds.map((p) => p[0])) + margin
    south = Math.min(...inBounds.map((p) => p[1])) - margin
    north = Math.max(...inBounds.map((p) => p[1])) + margin
  }
  // spans in "latitude degrees" (east–west degrees shrink by K)
  let spanY = Math.max(north - south, minSpan)
  let spanX = (east - west) * K
  const ratio = width / height
  if (spanX / spanY < ratio) spanX = spanY * ratio
  else spanY = spanX / ratio
  const lonSpan = spanX / K
  const cx = (west + east) / 2
  const cy = (south + north) / 2
  const mapLon = b.east - b.west
  const mapLat = b.north - b.south
  // slide the window back onto the map when it sticks out on one side only
  const clampCentre = (c: number, half: number, lo: number, hi: number, full: number) =>
    2 * half >= full ? (lo + hi) / 2 : Math.min(Math.max(c, lo + half), hi - half)
  const lonC = clampCentre(cx, lonSpan / 2, b.west, b.east, mapLon)
  const latC = clampCentre(cy, spanY / 2, b.south, b.north, mapLat)
  return { west: lonC - lonSpan / 2, north: latC + spanY / 2, scale: height / spanY, width, height }
}

function pathOf(points: readonly LonLat[], view: MapView, close = true): string {
  return (
    points
      .map((p, i) => {
        const [x, y] = project(p, view)
        return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`
      })
      .join('') + (close ? 'Z' : '')
  )
}

export interface LabelPlacement {
  x: number
  y: number
  anchor: 'start' | 'end' | 'middle'
}

/** Rough width of a label at the map's 17px font: CJK characters are about twice as wide. */
export function labelWidth(text: string): number {
  return [...text].reduce((w, c) => w + (/[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(c) ? 18 : 11.5), 0)
}

/**
 * Where a city's label goes: beside the dot, on the side away from the lines that meet it, else
 * above or below it; always inside the box when it can be.
 */
export function placeLabel(
  [x, y]: readonly [number, number],
  text: string,
  neighbours: readonly (readonly [number, number])[],
  width: number,
  height: number,
): LabelPlacement {
  const w = labelWidth(text)
  const dx = neighbours.reduce((acc, [nx]) => acc + Math.sign(nx - x), 0)
  const dy = neighbours.reduce((acc, [, ny]) => acc + Math.sign(ny - y), 0)
  const right = { x: x + 12, y: y + 5, anchor: 'start' as const, fits: x + 12 + w <= width - 4 }
  const left = { x: x - 12, y: y + 5, anchor: 'end' as const, fits: x - 12 - w >= 4 }
  // above or below: centred, or pushed in from the edge it would cross
  const vx =
    x - w / 2 >= 4 && x + w / 2 <= width - 4
      ? { x, anchor: 'middle' as const }
      : x > width / 2
        ? { x: Math.min(x + 8, width - 4), anchor: 'end' as const }
        : { x: Math.max(x - 8, 4), anchor: 'start' as const }
  const above = { ...vx, y: y - 13, fits: y - 30 >= 0 }
  const below = { ...vx, y: y + 26, fits: y + 26 <= height - 4 }
  const [h1, h2] = dx > 0 ? [left, right] : [right, left]
  const [v1, v2] = dy < 0 ? [below, above] : [above, below]
  const pick = [h1, v1, v2, h2].find((o) => o.fits) ?? (x > width / 2 ? left : right)
  return { x: pick.x, y: pick.y, anchor: pick.anchor }
}

export interface RoutePlace {
  city: string
  cityEn: string
  latitude: number
  longitude: number
  at?: string | null
}

export interface RouteMapProps {
  route: readonly RoutePlace[]
  destination?: RoutePlace | null
  position?: { latitude: number; longitude: number; at: string } | null
  delivered?: boolean
}

const W = 400
const H = 300

export function RouteMap({ route, destination = null, position = null, delivered = false }: RouteMapProps) {
  const { t, locale } = useI18n()
  // useId's characters are not all safe inside url(#…)
  const id = `map${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
  const name = (p: RoutePlace) => (locale === 'zh-CN' ? p.city : p.cityEn || p.city)
  const at = (p: { latitude: number; longitude: number }): LonLat => [p.longitude, p.latitude]

  const points: LonLat[] = [...route.map(at)]
  if (destination) points.push(at(destination))
  if (position) points.push(at(position))
  const view = fitView(points, { width: W, height: H })

  const passed = route.map((p) => project(at(p), view))
  const here = position ? project(at(position), view) : passed[passed.length - 1]
  const dest = destination ? project(at(destination), view) : null
  const arrived = delivered || (!!dest && !!here && Math.hypot(here[0] - dest[0], here[1] - dest[1]) < 2)

  // labels: the destination always; route cities unless they would sit on top of another label
  const labels: ({ text: string; kind: 'city' | 'dest' } & LabelPlacement)[] = []
  const taken: [number, number][] = []
  const free = (x: number, y: number) => taken.every(([a, b]) => Math.abs(a - x) > 60 || Math.abs(b - y) > 18)
  if (dest && destination) {
    const near = [passed[passed.length - 1], here].filter((p): p is [number, number] => !!p)
    labels.push({ ...placeLabel(dest, name(destination), near, W, H), text: name(destination), kind: 'dest' })
    taken.push(dest)
  }
  route.forEach((p, i) => {
    const [x, y] = passed[i]
    if (destination && p.city === destination.city) return
    if (free(x, y)) {
      const near = [passed[i - 1], passed[i + 1], i === passed.length - 1 ? (dest ?? undefined) : undefined].filter(
        (q): q is [number, number] => !!q,
      )
      labels.push({ ...placeLabel([x, y], name(p), near, W, H), text: name(p), kind: 'city' })
      taken.push([x, y])
    }
  })

  const summary = [
    route.length ? t('trk.map.passed', { cities: route.map(name).join(' → ') }) : t('trk.map.noRoute'),
    destination ? t('trk.map.destination', { city: name(destination) }) : '',
    position ? t('trk.map.position', { time: formatDateTime(position.at, locale) }) : '',
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <figure className="trk-map" data-testid="route-map">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{t('trk.map.title')}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <defs>
          <clipPath id={`${id}-clip`}>
            <rect width={W} height={H} rx="8" />
          </clipPath>
        </defs>
        <g clipPath={`url(#${id}-clip)`}>
          <rect className="trk-map-sea" width={W} height={H} />
          <path className="trk-map-land" d={pathOf(CHINA_OUTLINE, view)} />
          {ISLANDS.map((island, i) => (
            <path key={i} className="trk-map-land" d={pathOf(island, view)} />
          ))}
          {passed.length > 1 ? (
            <polyline className="trk-map-route" points={passed.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')} />
          ) : null}
          {here && dest && !arrived ? (
            <line className="trk-map-remaining" x1={here[0]} y1={here[1]} x2={dest[0]} y2={dest[1]} />
          ) : null}
          {passed.map(([x, y], i) => (
            <circle key={i} className="trk-map-city" cx={x} cy={y} r="4.5" data-testid="map-city" />
          ))}
          {dest ? (
            <g className="trk-map-dest" data-testid="map-destination">
              <circle cx={dest[0]} cy={dest[1]} r="9" />
              <circle cx={dest[0]} cy={dest[1]} r="3.5" className="trk-map-dest-core" />
            </g>
          ) : null}
          {position && here ? (
            <g className="trk-map-position" data-testid="map-position">
              <circle cx={here[0]} cy={here[1]} r="12" className="trk-map-pulse" />
              <circle cx={here[0]} cy={here[1]} r="6" />
            </g>
          ) : null}
          {labels.map((l, i) => (
            <text
              key={i}
              x={l.x}
              y={l.y}
              textAnchor={l.anchor}
              className={l.kind === 'dest' ? 'trk-map-label trk-map-label-dest' : 'trk-map-label'}
            >
              {l.text}
            </text>
          ))}
        </g>
      </svg>
      <figcaption className="trk-map-legend">
        <span className="trk-legend trk-legend-city">{t('trk.map.legendCity')}</span>
        {destination ? <span className="trk-legend trk-legend-dest">{t('trk.map.legendDest')}</span> : null}
        {position ? <span className="trk-legend trk-legend-pos">{t('trk.map.legendPosition')}</span> : null}
      </figcaption>
    </figure>
  )
}
