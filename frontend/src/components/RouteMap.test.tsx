import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { CHINA_BOUNDS, CHINA_OUTLINE, fitView, labelWidth, placeLabel, project, RouteMap, type LonLat } from './RouteMap'

const SHANGHAI: LonLat = [121.4737, 31.2304]
const BEIJING: LonLat = [116.4074, 39.9042]
const JINAN: LonLat = [117.1201, 36.6512]

describe('equirectangular projection', () => {
  const view = { west: 100, north: 40, scale: 10, width: 400, height: 300 }

  it('puts the view corner at the origin and grows y southwards', () => {
    expect(project([100, 40], view)).toEqual([0, 0])
    const [, y] = project([100, 30], view)
    expect(y).toBeCloseTo(100)
  })

  it('scales longitude by the cosine of the standard parallel (36°), latitude linearly', () => {
    const [x1] = project([110, 40], view)
    expect(x1).toBeCloseTo(10 * 10 * Math.cos((36 * Math.PI) / 180))
    const [xa, ya] = project([105, 35], view)
    const [xb, yb] = project([106, 34], view)
    expect(xb - xa).toBeCloseTo(10 * Math.cos((36 * Math.PI) / 180))
    expect(yb - ya).toBeCloseTo(10)
  })

  it('keeps the geography: Beijing is north-west of Shanghai, Jinan between them', () => {
    const v = fitView([SHANGHAI, BEIJING], { width: 400, height: 300 })
    const [sx, sy] = project(SHANGHAI, v)
    const [bx, by] = project(BEIJING, v)
    const [jx, jy] = project(JINAN, v)
    expect(bx).toBeLessThan(sx)
    expect(by).toBeLessThan(sy)
    expect(jy).toBeGreaterThan(by)
    expect(jy).toBeLessThan(sy)
    expect(jx).toBeGreaterThan(bx)
    expect(jx).toBeLessThan(sx)
  })
})

describe('fitView', () => {
  const inside = (v: ReturnType<typeof fitView>, p: LonLat, margin = 0) => {
    const [x, y] = project(p, v)
    return x >= margin && x <= v.width - margin && y >= margin && y <= v.height - margin
  }

  it('shows every point of the route with room around it, in the box proportions', () => {
    const pts = [SHANGHAI, JINAN, BEIJING]
    const v = fitView(pts, { width: 400, height: 300 })
    for (const p of pts) expect(inside(v, p, 20)).toBe(true)
    // the window is as tall as its lat span and as wide as the box says
    const [x0, y0] = project([v.west, v.north], v)
    expect([x0, y0]).toEqual([0, 0])
  })

  it('does not zoom in further than the minimum span for a one-city trip', () => {
    const v = fitView([SHANGHAI], { width: 400, height: 300, minSpan: 7 })
    expect(300 / v.scale).toBeGreaterThanOrEqual(7 - 1e-9)
    expect(inside(v, SHANGHAI, 100)).toBe(true)
  })

  it('shows the whole country without points, and keeps the window on the map', () => {
    const all = fitView([], { width: 400, height: 300 })
    for (const p of CHINA_OUTLINE) expect(inside(all, p, -0.5)).toBe(true)
    // Harbin sits near the map's north-east: the window slides back instead of showing empty sea
    const v = fitView([[126.6, 45.8]], { width: 400, height: 300 })
    const east = v.west + 400 / (v.scale * Math.cos((36 * Math.PI) / 180))
    expect(east).toBeLessThanOrEqual(CHINA_BOUNDS.east + 1e-9)
    expect(v.north).toBeLessThanOrEqual(CHINA_BOUNDS.north + 1e-9)
  })

  it('ignores points that are not numbers', () => {
    const v = fitView([SHANGHAI, [Number.NaN, 30]], { width: 400, height: 300 })
    expect(Number.isFinite(v.scale)).toBe(true)
  })
})

describe('label placement', () => {
  it('puts a label beside its dot, away from the line that comes in', () => {
    // the line comes from the left: the label goes right
    expect(placeLabel([200, 150], 'Jinan', [[100, 150]], 400, 300)).toMatchObject({ anchor: 'start', x: 212 })
    // from the right: left
    expect(placeLabel([200, 150], 'Jinan', [[300, 150]], 400, 300)).toMatchObject({ anchor: 'end', x: 188 })
  })

  it('goes above (or below) rather than across the line when the box is too narrow on its side', () => {
    const p = placeLabel([360, 150], 'Shanghai', [[200, 160]], 400, 300)
    expect(p).toEqual({ x: 368, y: 137, anchor: 'end' })
    const low = placeLabel([360, 20], 'Shanghai', [[200, 160]], 400, 300)
    expect(low).toEqual({ x: 368, y: 46, anchor: 'end' })
    expect(placeLabel([200, 150], 'Wuhan', [[320, 150]], 400, 300).anchor).toBe('end')
    expect(placeLabel([30, 150], 'Chengdu', [[320, 150]], 400, 300)).toEqual({ x: 22, y: 137, anchor: 'start' })
  })

  it('counts Chinese characters as wider than Latin ones', () => {
    expect(labelWidth('北京')).toBeGreaterThan(labelWidth('BJ'))
  })
})

describe('<RouteMap>', () => {
  const route = [
    { city: '上海', cityEn: 'Shanghai', latitude: SHANGHAI[1], longitude: SHANGHAI[0], at: '2026-11-20T19:25:44Z' },
    { city: '济南', cityEn: 'Jinan', latitude: JINAN[1], longitude: JINAN[0], at: '2026-11-21T13:10:44Z' },
  ]
  const destination = { city: '北京', cityEn: 'Beijing', latitude: BEIJING[1], longitude: BEIJING[0] }

  it('draws the cities passed, the destination and the position, with a text summary', () => {
    render(
      <Wrapper client={mockClient(() => undefined)}>
        <RouteMap route={route} destination={destination} position={{ latitude: 36.7, longitude: 117.1, at: '2026-11-21T14:00:00Z' }} />
      </Wrapper>,
    )
    expect(screen.getAllByTestId('map-city')).toHaveLength(2)
    expect(screen.getByTestId('map-destination')).toBeTruthy()
    expect(screen.getByTestId('map-position')).toBeTruthy()
    const svg = screen.getByRole('img')
    expect(svg.textContent).toContain('Shanghai')
    expect(svg.textContent).toContain('Beijing')
    expect(svg.querySelector('desc')?.textContent).toContain('Passed through Shanghai → Jinan.')
    expect(svg.querySelector('.trk-map-remaining')).toBeTruthy()
  })

  it('labels cities in Chinese for the Chinese UI and has no remaining leg once delivered', () => {
    render(
      <Wrapper client={mockClient(() => undefined)} locale="zh-CN">
        <RouteMap route={[...route, { ...destination, at: '2026-11-22T01:00:00Z' }]} destination={destination} delivered />
      </Wrapper>,
    )
    const svg = screen.getByRole('img')
    expect(svg.textContent).toContain('北京')
    expect(svg.textContent).not.toContain('Beijing')
    expect(svg.querySelector('.trk-map-remaining')).toBeNull()
  })
})
