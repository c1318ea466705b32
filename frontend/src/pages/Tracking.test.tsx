import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { normalizeTrackingNumber, TrackingResultPage } from './Tracking'

const parcel = {
  __typename: 'ParcelTracking',
  trackingNumber: 'WB123456789CN',
  status: 'IN_TRANSIT',
  subStatus: '',
  carrierName: 'SF Express',
  serviceLevel: 'EXPRESS',
  etaFrom: '2026-11-23T02:00:00Z',
  etaTo: '2026-11-24T10:00:00Z',
  promisedDate: '2026-11-24T00:00:00Z',
  late: true,
  originCity: 'Shanghai',
  destinationCity: 'Beijing',
  lastEventAt: '2026-11-22T08:00:00Z',
  events: [
    { __typename: 'ParcelEvent', id: 'ev1', city: 'Shanghai', status: 'INFO_RECEIVED', subStatus: '', description: 'Label created', locationName: 'Shanghai', occurredAt: '2026-11-21T08:00:00Z' },
    { __typename: 'ParcelEvent', id: 'ev2', city: 'Nanjing', status: 'IN_TRANSIT', subStatus: '', description: 'Departed hub', locationName: 'Nanjing hub', occurredAt: '2026-11-22T08:00:00Z' },
  ],
}

describe('<TrackingResultPage>', () => {
  it('shows status, carrier, late banner and the newest event first', () => {
    const client = mockClient(() => ({ data: { trackParcel: parcel } }))
    render(
      <Wrapper client={client}>
        <TrackingResultPage trackingNumber="WB123456789CN" />
      </Wrapper>,
    )
    expect(screen.getByTestId('tracking-number').textContent).toBe('WB123456789CN')
    expect(screen.getByText('SF Express')).toBeTruthy()
    expect(screen.getByTestId('late-banner')).toBeTruthy()
    const events = screen.getAllByTestId('timeline-event')
    expect(events).toHaveLength(2)
    expect(events[0].textContent).toContain('Departed hub')
    expect(events[1].textContent).toContain('Label created')
    expect(client.executeQuery.mock.calls[0][0].variables).toEqual({ trackingNumber: 'WB123456789CN' })
  })

  it('says clearly when the number is unknown', () => {
    const client = mockClient(() => ({ data: { trackParcel: null } }))
    render(
      <Wrapper client={client} locale="zh-CN">
        <TrackingResultPage trackingNumber="NOPE" />
      </Wrapper>,
    )
    expect(screen.getByTestId('tracking-not-found').textContent).toContain('未找到该运单号')
  })

  it('normalizes typed numbers', () => {
    expect(normalizeTrackingNumber(' wb 1234 5678 ')).toBe('WB12345678')
  })
})
