import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { CombinedError } from 'urql'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { mockClient, viewerData, Wrapper } from '../test/mockClient'
import type { Locale } from '../i18n/i18n'
import { TrackPage, TrackingResultPage } from './Tracking'
import { isValidS10, normalizeTrackingNumber, pickLanguage, trackingNumberFromScan } from './TrackingData'
import { defaultCategory } from './TrackingSupport'
import { ev, fakeTransport, message, parcelFixture } from './TrackingTestUtils'
import { LiveTransportContext, type LiveTransport } from './useParcelLive'
import type { Parcel } from './TrackingData'

type Responder = Parameters<typeof mockClient>[0]

function renderPage({
  parcel = parcelFixture() as Parcel | null,
  transport,
  locale = 'en',
  token = null,
  respond,
  children = <TrackingResultPage trackingNumber="WB123456785CN" />,
}: {
  parcel?: Parcel | null
  transport?: LiveTransport
  locale?: Locale
  token?: string | null
  respond?: Responder
  children?: ReactNode
} = {}) {
  const client = mockClient((name, vars) => {
    const answer = respond?.(name, vars)
    if (answer !== undefined) return answer
    if (name === 'TrackParcel') return { data: { trackParcel: parcel } }
    return undefined
  })
  render(
    <Wrapper client={client} locale={locale} token={token}>
      <LiveTransportContext.Provider value={transport ?? null}>{children}</LiveTransportContext.Provider>
    </Wrapper>,
  )
  return client
}

const timelineIds = () => screen.getAllByTestId('timeline-event').map((li) => li.getAttribute('data-event-id'))

describe('<TrackingResultPage>', () => {
  it('shows status, milestones, ETA, carrier, the delay reason and the newest event first', () => {
    const client = renderPage({
      parcel: parcelFixture({
        late: true,
        lateReason: '济南中转积压，预计送达晚于承诺日期 Backlog at Jinan hub; the ETA is after the promised date',
      }),
    })
    expect(screen.getByTestId('tracking-number').textContent).toBe('WB123456785CN')
    expect(screen.getByTestId('parcel-status').textContent).toBe('In transit')
    expect(screen.getByTestId('carrier').textContent).toBe('Waybill Express')
    expect(screen.getByText('Standard')).toBeTruthy()
    expect(screen.getByTestId('late-banner').textContent).toContain('Backlog at Jinan hub; the ETA is after the promised date')
    expect(screen.getByTestId('late-banner').textContent).not.toContain('积压')
    expect(screen.getByTestId('progress').getAttribute('data-reached')).toBe('1')
    expect(screen.getByTestId('eta').textContent).toMatch(/Nov 22, 2026/)
    const events = screen.getAllByTestId('timeline-event')
    expect(events).toHaveLength(2)
    // English half of the carrier's bilingual text, the English city name
    expect(events[0].textContent).toContain('Arrived at hub 2')
    expect(events[0].textContent).not.toContain('快件')
    expect(events[0].textContent).toContain('Jinan')
    expect(events[1].textContent).toContain('Label created')
    expect(screen.getByTestId('route-map')).toBeTruthy()
    expect(client.executeQuery.mock.calls[0][0].variables).toEqual({ trackingNumber: 'WB123456785CN' })
  })

  it('shows the Chinese text and hub names in Chinese', () => {
    renderPage({ locale: 'zh-CN' })
    const first = screen.getAllByTestId('timeline-event')[0]
    expect(first.textContent).toContain('快件已到达【站点2】')
    expect(first.textContent).not.toContain('Arrived')
    expect(first.textContent).toContain('济南 · 站点2')
    expect(screen.getByTestId('parcel-status').textContent).toBe('运输中')
    expect(screen.getByTestId('carrier').textContent).toBe('威比快递')
  })

  it('says clearly when the number is unknown', () => {
    renderPage({ parcel: null, locale: 'zh-CN' })
    expect(screen.getByTestId('tracking-not-found').textContent).toContain('未找到该运单号')
    expect(screen.queryByTestId('tracking-result')).toBeNull()
  })

  it('shows a loading state, and an error with a retry', () => {
    render(
      <Wrapper client={mockClient(() => undefined)}>
        <TrackingResultPage trackingNumber="WB123456785CN" />
      </Wrapper>,
    )
    expect(screen.getByTestId('tracking-loading')).toBeTruthy()
    cleanup()
    const client = mockClient(() => ({ error: new CombinedError({ networkError: new Error('offline') }) }))
    render(
      <Wrapper client={client}>
        <TrackingResultPage trackingNumber="WB123456785CN" />
      </Wrapper>,
    )
    expect(screen.getByTestId('error-state')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(client.executeQuery.mock.calls.length).toBeGreaterThan(1)
  })

  it('goes live: subscribes after the query cursor, appends new events once, and says so', () => {
    const fake = fakeTransport()
    renderPage({ transport: fake.transport })
    expect(fake.subs).toHaveLength(1)
    expect(fake.current.payload.variables).toEqual({ trackingNumber: 'WB123456785CN', after: 'e2' })
    expect(screen.getByTestId('live-indicator').getAttribute('data-state')).toBe('connecting')

    // the first message: nothing missed since the query
    fake.push(message(parcelFixture(), []))
    expect(screen.getByTestId('live-indicator').getAttribute('data-state')).toBe('live')
    expect(timelineIds()).toEqual(['tev_2', 'tev_1'])

    // a new event arrives: appended at the top without a reload, status and milestones follow
    const e3 = ev(3, { status: 'OUT_FOR_DELIVERY', subStatus: '', description: '快件派送中 Out for delivery', city: '北京' })
    const now = parcelFixture({ status: 'OUT_FOR_DELIVERY', subStatus: '', cursor: 'e3', events: [e3, ev(2), ev(1)] })
    fake.push(message(now, [e3]))
    expect(timelineIds()).toEqual(['tev_3', 'tev_2', 'tev_1'])
    expect(screen.getByTestId('parcel-status').textContent).toBe('Out for delivery')
    expect(screen.getByTestId('progress').getAttribute('data-reached')).toBe('2')
    expect(screen.getAllByTestId('timeline-event')[0].className).toContain('trk-fresh')
    expect(screen.getByTestId('live-announcer').textContent).toContain('Out for delivery')

    // the same event again (overlap after a reconnect): still shown once
    fake.push(message(now, [ev(2), e3]))
    expect(timelineIds()).toEqual(['tev_3', 'tev_2', 'tev_1'])
  })

  it('shows reconnecting when the socket drops and resumes from the newest cursor seen', () => {
    const fake = fakeTransport()
    renderPage({ transport: fake.transport })
    const payload = fake.current.payload
    fake.push(message(parcelFixture({ cursor: 'e4', events: [ev(4), ev(3), ev(2), ev(1)] }), [ev(3), ev(4)]))
    expect(timelineIds()).toEqual(['tev_4', 'tev_3', 'tev_2', 'tev_1'])

    fake.emit('closed', { code: 1006 })
    expect(screen.getByTestId('live-indicator').getAttribute('data-state')).toBe('reconnecting')
    expect(screen.getByTestId('live-indicator').textContent).toBe('Reconnecting…')
    fake.emit('connecting', true)
    expect(screen.getByTestId('live-indicator').getAttribute('data-state')).toBe('reconnecting')
    // graphql-ws re-sends the same payload when it reconnects: it now asks for what came after e4
    expect(payload.variables).toEqual({ trackingNumber: 'WB123456785CN', after: 'e4' })
    expect(fake.subs).toHaveLength(1)

    // what was missed arrives first
    fake.push(message(parcelFixture({ cursor: 'e5', events: [ev(5), ev(4), ev(3), ev(2), ev(1)] }), [ev(5)]))
    expect(screen.getByTestId('live-indicator').getAttribute('data-state')).toBe('live')
    expect(timelineIds()).toEqual(['tev_5', 'tev_4', 'tev_3', 'tev_2', 'tev_1'])
  })

  it('replaces the timeline on resync', () => {
    const fake = fakeTransport()
    renderPage({ transport: fake.transport })
    const whole = parcelFixture({ cursor: 'e9', events: [ev(9), ev(8), ev(1)] })
    fake.push(message(whole, [], true))
    expect(timelineIds()).toEqual(['tev_9', 'tev_8', 'tev_1'])
  })

  it('offers to reconnect after giving up, and subscribes again from the last cursor', () => {
    const fake = fakeTransport()
    renderPage({ transport: fake.transport })
    fake.push(message(parcelFixture({ cursor: 'e3', events: [ev(3), ev(2), ev(1)] }), [ev(3)]))
    act(() => fake.current.sink.error(new Error('gave up')))
    expect(screen.getByTestId('live-indicator').getAttribute('data-state')).toBe('offline')
    fireEvent.click(screen.getByTestId('live-reconnect'))
    expect(fake.subs).toHaveLength(2)
    expect(fake.current.payload.variables).toEqual({ trackingNumber: 'WB123456785CN', after: 'e3' })
  })
})

describe('Contact support', () => {
  it('asks a signed-out visitor to sign in and come back, or to look the order up', () => {
    renderPage()
    fireEvent.click(screen.getByTestId('contact-support'))
    const link = screen.getByTestId('support-signin-link')
    expect(link.getAttribute('href')).toBe('/login?next=%2Ftrack%2FWB123456785CN')
    expect(screen.getByRole('link', { name: 'Ordered as a guest? Find your order' }).getAttribute('href')).toBe('/orders/find')
  })

  it('lets the customer who placed the order open a ticket linked to the order and parcel', async () => {
    const calls: Record<string, unknown>[] = []
    renderPage({
      token: 'tok',
      parcel: parcelFixture({ late: true, lateReason: '延误 Late' }),
      respond: (name, vars) => {
        if (name === 'Viewer') return viewerData('CUSTOMER', [])
        if (name === 'ParcelOrder')
          return {
            data: {
              orders: {
                __typename: 'OrderConnection',
                edges: [
                  {
                    __typename: 'OrderEdge',
                    node: {
                      __typename: 'Order',
                      id: 'ord_1',
                      number: 'WB-20261120-000146',
                      shipments: [{ __typename: 'Shipment', id: 'shp_1', trackingNumber: 'WB123456785CN' }],
                    },
                  },
                ],
              },
            },
          }
        if (name === 'OpenParcelTicket') {
          calls.push(vars)
          return {
            data: {
              openTicket: {
                __typename: 'TicketPayload',
                merged: false,
                userErrors: [],
                ticket: { __typename: 'Ticket', id: 'tkt_1', number: 'T-000042', status: 'NEW', category: 'LATE_DELIVERY' },
              },
            },
          }
        }
        return undefined
      },
    })
    fireEvent.click(screen.getByTestId('contact-support'))
    expect(screen.getByText('About order WB-20261120-000146, parcel WB123456785CN.')).toBeTruthy()
    const category = screen.getByLabelText('What is the problem?') as HTMLSelectElement
    expect(category.value).toBe('LATE_DELIVERY')
    // an empty message is caught before asking the server
    fireEvent.click(screen.getByTestId('support-submit'))
    expect(screen.getByTestId('trk-support-message-error').textContent).toBe('Please describe the problem.')
    expect(calls).toHaveLength(0)
    fireEvent.change(screen.getByLabelText('Tell us more'), { target: { value: 'It was due yesterday.' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('support-submit'))
    })
    expect(calls[0]).toEqual({
      input: { orderId: 'ord_1', shipmentId: 'shp_1', category: 'LATE_DELIVERY', message: 'It was due yesterday.' },
    })
    expect(screen.getByTestId('ticket-number').textContent).toBe('T-000042')
  })

  it('tells a signed-in customer when the parcel is not on their orders', () => {
    renderPage({
      token: 'tok',
      respond: (name) => {
        if (name === 'Viewer') return viewerData('CUSTOMER', [])
        if (name === 'ParcelOrder') return { data: { orders: { __typename: 'OrderConnection', edges: [] } } }
        return undefined
      },
    })
    fireEvent.click(screen.getByTestId('contact-support'))
    expect(screen.getByTestId('support-not-yours').textContent).toContain('customer@waybill.test')
  })

  it('picks the likeliest category', () => {
    expect(defaultCategory({ status: 'IN_TRANSIT', subStatus: '', late: true })).toBe('LATE_DELIVERY')
    expect(defaultCategory({ status: 'EXCEPTION', subStatus: 'DAMAGED', late: true })).toBe('DAMAGED')
    expect(defaultCategory({ status: 'EXCEPTION', subStatus: 'LOST', late: true })).toBe('NOT_RECEIVED')
    expect(defaultCategory({ status: 'IN_TRANSIT', subStatus: '', late: false })).toBe('OTHER')
  })
})

describe('Delivery survey', () => {
  const ownOrder = {
    data: {
      orders: {
        __typename: 'OrderConnection',
        edges: [
          {
            __typename: 'OrderEdge',
            node: { __typename: 'Order', id: 'ord_9', number: 'WB-20261115-000126', shipments: [{ __typename: 'Shipment', id: 'shp_9', trackingNumber: 'WB123456785CN' }] },
          },
        ],
      },
    },
  }

  it('asks the customer how a delivered parcel went, once, and sends the rating', async () => {
    const answers: Record<string, unknown>[] = []
    renderPage({
      token: 'tok',
      parcel: parcelFixture({ status: 'DELIVERED', subStatus: 'SIGNED', deliveredAt: '2026-11-22T06:00:00Z' }),
      respond: (name, vars) => {
        if (name === 'Viewer') return viewerData('CUSTOMER', [])
        if (name === 'ParcelOrder') return ownOrder
        if (name === 'PendingSurveys')
          return { data: { pendingSurveys: [{ __typename: 'PendingSurvey', kind: 'DELIVERY', subjectId: 'ord_9', title: 'WB-20261115-000126' }] } }
        if (name === 'AnswerDeliverySurvey') {
          answers.push(vars)
          return { data: { answerSurvey: { __typename: 'SurveyPayload', response: { __typename: 'SurveyResponse', id: 'srv_1', score: 4 }, userErrors: [] } } }
        }
        return undefined
      },
    })
    const survey = screen.getByTestId('delivery-survey')
    expect(survey.textContent).toContain('Rate the delivery of order WB-20261115-000126')
    const send = within(survey).getByRole('button', { name: 'Send rating' }) as HTMLButtonElement
    expect(send.disabled).toBe(true)
    fireEvent.click(within(survey).getByLabelText('4 out of 5'))
    await act(async () => {
      fireEvent.click(send)
    })
    expect(answers[0]).toEqual({ input: { kind: 'DELIVERY', subjectId: 'ord_9', score: 4 } })
    expect(screen.getByTestId('survey-done').textContent).toBe('Thank you for your feedback!')
  })

  it('shows no survey while the parcel is on its way or without a pending one', () => {
    renderPage({
      token: 'tok',
      parcel: parcelFixture({ status: 'DELIVERED', subStatus: 'SIGNED' }),
      respond: (name) => {
        if (name === 'Viewer') return viewerData('CUSTOMER', [])
        if (name === 'ParcelOrder') return ownOrder
        if (name === 'PendingSurveys') return { data: { pendingSurveys: [] } }
        return undefined
      },
    })
    expect(screen.queryByTestId('delivery-survey')).toBeNull()
  })
})

describe('<TrackPage>', () => {
  it('hints at a malformed number but still looks it up', () => {
    renderPage({ children: <TrackPage /> })
    const input = screen.getByLabelText('Tracking number')
    fireEvent.change(input, { target: { value: 'wb 1234 5678 0cn' } })
    fireEvent.blur(input)
    expect(screen.getByTestId('tracking-format-hint')).toBeTruthy()
    fireEvent.change(input, { target: { value: 'wb 1234 5678 5cn' } })
    expect(screen.queryByTestId('tracking-format-hint')).toBeNull()
    fireEvent.submit(input.closest('form')!)
    expect(window.location.pathname).toBe('/track/WB123456785CN')
  })

  it('finds the parcels of an order by number and email', () => {
    const client = renderPage({
      children: <TrackPage />,
      respond: (name) =>
        name === 'TrackOrder'
          ? {
              data: {
                trackOrder: {
                  __typename: 'OrderTracking',
                  orderNumber: 'WB-20261120-000146',
                  status: 'SHIPPED',
                  parcels: [
                    {
                      __typename: 'ParcelTracking',
                      trackingNumber: 'WB123456785CN',
                      status: 'IN_TRANSIT',
                      carrierName: 'Waybill Express',
                      etaFrom: '2026-11-22T07:00:00Z',
                      etaTo: '2026-11-22T14:00:00Z',
                      deliveredAt: null,
                      late: false,
                      lateReason: '',
                      destinationCity: '北京',
                      isReturn: false,
                    },
                  ],
                },
              },
            }
          : undefined,
    })
    fireEvent.click(screen.getByTestId('lookup-order'))
    fireEvent.change(screen.getByLabelText('Order number'), { target: { value: ' wb-20261120-000146 ' } })
    fireEvent.change(screen.getByLabelText('Email used for the order'), { target: { value: 'a@example.cn' } })
    fireEvent.click(screen.getByRole('button', { name: 'Find parcels' }))
    const call = client.executeQuery.mock.calls.find((c) => c[0].variables && 'orderNumber' in (c[0].variables as object))
    expect(call?.[0].variables).toEqual({ orderNumber: 'WB-20261120-000146', email: 'a@example.cn' })
    const parcel = screen.getByTestId('track-order-parcel')
    expect(within(parcel).getByText('WB123456785CN')).toBeTruthy()
    expect(within(parcel).getByRole('link').getAttribute('href')).toBe('/track/WB123456785CN')
  })

  it('asks for both fields of the order lookup', () => {
    renderPage({ children: <TrackPage /> })
    fireEvent.click(screen.getByTestId('lookup-order'))
    fireEvent.click(screen.getByRole('button', { name: 'Find parcels' }))
    expect(screen.getByTestId('trk-order-number-error')).toBeTruthy()
    expect(screen.getByTestId('trk-order-email-error')).toBeTruthy()
  })

  it('offers no camera button where the browser cannot scan', () => {
    renderPage({ children: <TrackPage /> })
    expect(screen.queryByTestId('scan-button')).toBeNull()
  })
})

describe('tracking helpers', () => {
  it('normalizes typed numbers', () => {
    expect(normalizeTrackingNumber(' wb 1234-5678 5cn ')).toBe('WB123456785CN')
  })

  it('checks the S10 check digit', () => {
    expect(isValidS10('WB123456785CN')).toBe(true)
    expect(isValidS10('WB123456780CN')).toBe(false)
    expect(isValidS10('WB12345678CN')).toBe(false)
    expect(isValidS10('ZZ000000000XX')).toBe(false)
    // remainder 1 → check digit 0 (10 → 0) and remainder 0 → 5 (11 → 5)
    expect(isValidS10('RR000040000CN')).toBe(true)
    expect(isValidS10('RR000000005CN')).toBe(true)
  })

  it('reads a tracking number from a scanned code', () => {
    expect(trackingNumberFromScan('https://shop.example/track/WB123456785CN')).toBe('WB123456785CN')
    expect(trackingNumberFromScan('http://127.0.0.1:8080/track/wb123456785cn?utm=x')).toBe('WB123456785CN')
    expect(trackingNumberFromScan('WB123456785CN')).toBe('WB123456785CN')
    expect(trackingNumberFromScan('https://example.com/')).toBeNull()
  })

  it('picks the viewer’s half of a bilingual text', () => {
    const text = '【上海】威比快递 已揽收 Picked up by Waybill Express in Shanghai'
    expect(pickLanguage(text, 'en')).toBe('Picked up by Waybill Express in Shanghai')
    expect(pickLanguage(text, 'zh-CN')).toBe('【上海】威比快递 已揽收')
    expect(pickLanguage('Only English here', 'zh-CN')).toBe('Only English here')
    expect(pickLanguage('只有中文', 'en')).toBe('只有中文')
  })
})
