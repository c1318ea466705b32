import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { getOperationName, type GraphQLRequest } from 'urql'
import { describe, expect, it } from 'vitest'
import { makeSubject } from 'wonka'
import { mockClient, Wrapper } from '../../test/mockClient'
import {
  boardOrder,
  boardWhere,
  matchesFilter,
  mergeAlerts,
  parseFilter,
  parseSort,
  ShipmentsBoard,
  type BoardShipment,
} from './ShipmentsBoard'

function shipment(n: number, over: Partial<BoardShipment> = {}): BoardShipment {
  return {
    __typename: 'Shipment',
    id: `shp_${n}`,
    trackingNumber: `WB00000000${n}CN`,
    status: 'IN_TRANSIT',
    subStatus: 'DELAYED',
    late: true,
    lateReason: '广州中转积压 Backlog at Guangzhou hub',
    isReturn: false,
    serviceLevel: 'STANDARD',
    originCity: '上海',
    destinationCity: '东莞',
    promisedDate: '2026-11-22T15:59:59Z',
    etaFrom: '2026-11-23T21:00:00Z',
    etaTo: '2026-11-24T04:00:00Z',
    lastEventAt: '2026-11-22T00:51:08Z',
    expiredAt: null,
    carrier: { __typename: 'Carrier', id: 'car_1', name: 'Waybill Express', nameZh: '威比快递' },
    order: { __typename: 'Order', id: `ord_${n}`, number: `WB-20261121-00016${n}` },
    ...over,
  } as BoardShipment
}

const board = (nodes: BoardShipment[]) => ({
  data: {
    shipments: {
      __typename: 'ShipmentConnection',
      totalCount: nodes.length,
      edges: nodes.map((node) => ({ __typename: 'ShipmentEdge', node })),
    },
  },
})

function setup(nodes: BoardShipment[] = [shipment(1), shipment(2)]) {
  const subjects = new Map<string, ReturnType<typeof makeSubject<unknown>>>()
  const subscribed: { name: string; variables: unknown }[] = []
  const client = mockClient((name) => {
    if (name === 'ShipmentsBoard') return board(nodes)
    if (name === 'RecentOpsAlerts') return { data: { opsAlerts: { __typename: 'OpsAlertConnection', edges: [] } } }
    if (name === 'ShipmentTimeline')
      return {
        data: {
          node: {
            __typename: 'Shipment',
            id: 'shp_1',
            events: [
              { __typename: 'TrackingEvent', id: 'tev_a', status: 'INFO_RECEIVED', subStatus: 'LABEL_CREATED', description: '【上海】商家已打印面单 Label created', locationName: '', city: '上海', occurredAt: '2026-11-20T08:00:00Z', source: 'CARRIER_WEBHOOK' },
              { __typename: 'TrackingEvent', id: 'tev_b', status: 'IN_TRANSIT', subStatus: 'DELAYED', description: '广州中转积压 Backlog at Guangzhou hub', locationName: '', city: '广州', occurredAt: '2026-11-22T00:51:08Z', source: 'CARRIER_WEBHOOK' },
            ],
          },
        },
      }
    return undefined
  })
  client.executeSubscription.mockImplementation(((request: GraphQLRequest) => {
    const name = getOperationName(request.query) ?? ''
    subscribed.push({ name, variables: request.variables })
    const subject = makeSubject<unknown>()
    subjects.set(name, subject)
    return subject.source
  }) as never)
  const push = (name: string, data: unknown) =>
    act(() => subjects.get(name)!.next({ operation: { kind: 'subscription' }, data, stale: false, hasNext: true }))
  return { client, subscribed, push }
}

function renderBoard(client: ReturnType<typeof mockClient>, locale: 'en' | 'zh-CN' = 'en') {
  render(
    <Wrapper client={client} locale={locale} token="tok">
      <ShipmentsBoard />
    </Wrapper>,
  )
}

const boardVariables = (client: ReturnType<typeof mockClient>) =>
  client.executeQuery.mock.calls.filter((c) => getOperationName(c[0].query) === 'ShipmentsBoard').map((c) => c[0].variables)

describe('board filters', () => {
  it('turns each chip into a shipments(where:) filter', () => {
    expect(boardWhere('late')).toEqual({ late: true })
    expect(boardWhere('exception')).toEqual({ status: 'EXCEPTION' })
    expect(boardWhere('out')).toEqual({ status: 'OUT_FOR_DELIVERY' })
    expect(boardWhere('expired')).toEqual({ status: 'EXPIRED' })
    expect(boardWhere('all')).toBeUndefined()
  })

  it('applies the same rule to a shipment that changed live', () => {
    const s = { late: false, status: 'OUT_FOR_DELIVERY' as const }
    expect(matchesFilter('out', s)).toBe(true)
    expect(matchesFilter('late', s)).toBe(false)
    expect(matchesFilter('exception', { late: true, status: 'EXCEPTION' })).toBe(true)
    expect(matchesFilter('expired', { late: true, status: 'EXPIRED' })).toBe(true)
    expect(matchesFilter('all', s)).toBe(true)
  })

  it('reads the filter and sort from the URL, defaulting to late / latest first', () => {
    expect(parseFilter(null)).toBe('late')
    expect(parseFilter('exception')).toBe('exception')
    expect(parseFilter('nonsense')).toBe('late')
    expect(parseSort('eta')).toBe('eta')
    expect(parseSort(null)).toBe('recent')
    expect(boardOrder('eta')).toEqual([{ field: 'ETA', direction: 'ASC' }])
    expect(boardOrder('recent')).toEqual([{ field: 'LAST_EVENT_AT', direction: 'DESC' }])
  })

  it('keeps each alert once, newest first', () => {
    const a = (id: string, at: string) => ({ id, kind: 'LATE', trackingNumber: 'X', message: '', createdAt: at, cursor: id })
    const merged = mergeAlerts([a('1', '2026-11-21T00:00:00Z')], [a('2', '2026-11-22T00:00:00Z'), a('1', '2026-11-21T00:00:00Z')])
    expect(merged.map((x) => x.id)).toEqual(['2', '1'])
  })
})

describe('<ShipmentsBoard>', () => {
  it('lists late shipments first and switches the query with the chips', () => {
    const { client } = setup()
    renderBoard(client)
    expect(screen.getAllByTestId('board-row')).toHaveLength(2)
    expect(boardVariables(client)[0]).toEqual({ first: 50, where: { late: true }, orderBy: [{ field: 'LAST_EVENT_AT', direction: 'DESC' }] })
    expect(screen.getByTestId('board-filter-late').getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(screen.getByTestId('board-filter-out'))
    expect(window.location.search).toBe('?filter=out')
    expect(boardVariables(client).at(-1)).toEqual({ first: 50, where: { status: 'OUT_FOR_DELIVERY' }, orderBy: [{ field: 'LAST_EVENT_AT', direction: 'DESC' }] })
    expect(screen.getByTestId('board-filter-out').getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(screen.getByTestId('board-filter-all'))
    expect(boardVariables(client).at(-1)).toMatchObject({ where: undefined })
  })

  it('says so when nothing matches', () => {
    const { client } = setup([])
    renderBoard(client, 'zh-CN')
    expect(screen.getByTestId('board-empty').textContent).toBe('目前没有延误的包裹。')
  })

  it('updates rows live through shipmentsUpdated and marks one that left the filter', () => {
    const { client, subscribed, push } = setup()
    renderBoard(client)
    const live = subscribed.find((s) => s.name === 'BoardShipmentsUpdated')
    expect(live?.variables).toEqual({ ids: ['shp_1', 'shp_2'] })
    push('BoardShipmentsUpdated', { shipmentsUpdated: shipment(1, { status: 'OUT_FOR_DELIVERY', late: false, lateReason: '' }) })
    const row = screen.getAllByTestId('board-row')[0]
    expect(row.getAttribute('data-status')).toBe('OUT_FOR_DELIVERY')
    expect(row.className).toContain('stale')
    expect(row.textContent).toContain('no longer matches this filter')
  })

  it('offers newly late parcels announced by an ops alert', () => {
    const { client, push, subscribed } = setup()
    renderBoard(client)
    expect(subscribed.find((s) => s.name === 'BoardOpsAlerts')?.variables).toEqual({ after: null })
    push('BoardOpsAlerts', {
      opsAlerts: {
        __typename: 'OpsAlert',
        id: 'alt_1',
        kind: 'LATE',
        trackingNumber: 'WB000000003CN',
        message: '预计晚于承诺日期 The ETA is after the promised date',
        createdAt: '2026-11-22T01:00:00Z',
        cursor: 'a1',
        shipment: shipment(3),
      },
    })
    expect(screen.getByTestId('board-new').textContent).toContain('1 more parcel(s) now match this filter.')
    expect(screen.getByTestId('board-alerts').textContent).toContain('The ETA is after the promised date')
  })

  it('opens a row to its timeline, tracking page and QR code', () => {
    const { client } = setup()
    renderBoard(client)
    const toggle = within(screen.getAllByTestId('board-row')[0]).getByTestId('board-row-toggle')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const panel = screen.getByTestId('board-row-panel')
    const events = within(panel).getAllByTestId('timeline-event')
    expect(events.map((e) => e.getAttribute('data-event-id'))).toEqual(['tev_b', 'tev_a'])
    expect(within(panel).getByTestId('board-track-link').getAttribute('href')).toBe('/track/WB000000001CN')
    expect(within(panel).getByTestId('board-qr').getAttribute('src')).toBe('/qr/WB000000001CN.svg')
  })
})
