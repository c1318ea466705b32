import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mockClient, viewerData, WAREHOUSE_PERMISSIONS, Wrapper } from '../../../test/mockClient'
import { translate, type Locale } from '../../../i18n/i18n'
import { StaffPage, visibleSections } from '../../Staff'
import { refusalText } from './Pick'
import { isS10 } from './shared'

const warehouses = {
  __typename: 'WarehouseConnection',
  edges: [
    { __typename: 'WarehouseEdge', node: { __typename: 'Warehouse', id: 'whs_sh', code: 'WH-SH', name: '威比上海青浦仓 Waybill Shanghai DC', city: '上海', active: true } },
    { __typename: 'WarehouseEdge', node: { __typename: 'Warehouse', id: 'whs_gz', code: 'WH-GZ', name: '威比广州白云仓 Waybill Guangzhou DC', city: '广州', active: true } },
  ],
}

const order = { __typename: 'Order', id: 'ord_1', number: 'WB-20261122-000194', status: 'PICKING', deliveryOption: 'EXPRESS', promisedDeliveryDate: '2026-11-23T15:59:59Z' }

function line(id: string, sku: string, bin: string, quantity: number, picked: number, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'PickListLine',
    id,
    orderID: 'ord_1',
    sku,
    barcode: `69201060${id.slice(-5).padStart(5, '0')}`,
    name: `商品 ${sku}`,
    binLocation: bin,
    sequence: 1,
    quantity,
    pickedQuantity: picked,
    remaining: quantity - picked,
    lotTracked: false,
    suggestedLot: null,
    suggestedLotExpiresAt: null,
    pickedLot: null,
    status: picked >= quantity ? 'PICKED' : 'PENDING',
    product: { __typename: 'Product', id: `prd_${sku}`, weightGrams: 250 },
    order,
    ...extra,
  }
}

function pickList(lines: ReturnType<typeof line>[], cartons: unknown[] = []) {
  const picked = lines.reduce((s, l) => s + l.pickedQuantity, 0)
  const total = lines.reduce((s, l) => s + l.quantity, 0)
  return {
    data: {
      node: {
        __typename: 'PickList',
        id: 'pkl_1',
        number: 'PL-20261122-AAAAA',
        status: picked === 0 ? 'OPEN' : picked < total ? 'IN_PROGRESS' : 'PICKED',
        batch: false,
        orderCount: 1,
        pickedUnits: picked,
        totalUnits: total,
        warehouse: { __typename: 'Warehouse', id: 'whs_sh', code: 'WH-SH', name: '威比上海青浦仓 Waybill Shanghai DC' },
        walk: lines,
        cartons,
      },
    },
  }
}

const scanPayload = (userErrors: unknown[], extra: Record<string, unknown> = {}) => ({
  data: {
    scanPickItem: {
      __typename: 'ScanPickItemPayload',
      pickList: null,
      lines: [],
      order: null,
      orderComplete: false,
      listComplete: false,
      remaining: 0,
      userErrors,
      ...extra,
    },
  },
})

// a stand-in for WebAudio that remembers the tones played
const tones: { type: string; frequency: number }[] = []
class FakeAudioContext {
  state = 'running'
  currentTime = 0
  destination = {}
  createOscillator() {
    const osc = {
      type: 'sine',
      frequency: { setValueAtTime: (f: number) => tones.push({ type: osc.type, frequency: f }) },
      connect: () => {},
      start: () => {},
      stop: () => {},
    }
    return osc
  }
  createGain() {
    return { gain: { setValueAtTime: () => {}, exponentialRampToValueAtTime: () => {} }, connect: () => {} }
  }
  resume() {
    return Promise.resolve()
  }
}

beforeEach(() => {
  tones.length = 0
  ;(window as unknown as { AudioContext: unknown }).AudioContext = FakeAudioContext
})
afterEach(() => {
  delete (window as unknown as { AudioContext?: unknown }).AudioContext
})

function renderPick(
  lines: ReturnType<typeof line>[],
  respond: (name: string, vars: Record<string, unknown>) => unknown = () => undefined,
  cartons: unknown[] = [],
) {
  window.history.replaceState(null, '', '/staff/warehouse/pick?list=pkl_1')
  const calls: { name: string; vars: Record<string, unknown> }[] = []
  const client = mockClient((name, vars) => {
    calls.push({ name, vars })
    if (name === 'Viewer') return viewerData('WAREHOUSE', WAREHOUSE_PERMISSIONS)
    if (name === 'WhWarehouses') return { data: { warehouses } }
    if (name === 'WhPickList') return pickList(lines, cartons)
    const answer = respond(name, vars)
    if (answer === undefined) throw new Error(`unexpected ${name}`)
    return answer
  })
  render(
    <Wrapper client={client} token="t0k">
      <StaffPage section="warehouse" />
    </Wrapper>,
  )
  return { client, calls }
}

/** Waits for the visible verdict of a scan to read this. */
async function verdict(text: string | RegExp) {
  await waitFor(() => {
    const el = screen.getByTestId('scan-feedback-text')
    if (typeof text === 'string') expect(el.textContent).toBe(text)
    else expect(el.textContent).toMatch(text)
  })
  return screen.getByTestId('scan-feedback')
}

async function scan(code: string) {
  const input = screen.getByLabelText(/^Scan (barcode|the lot)/) as HTMLInputElement
  fireEvent.change(input, { target: { value: code } })
  fireEvent.submit(input.closest('form')!)
  return input
}

describe('pick screen', () => {
  it('refuses a wrong item loudly: message, red flash, a buzz, an announcement, and the focus stays in the scan field', async () => {
    const { calls } = renderPick([line('pkn_1', 'BB-0005', 'F-12-04-1', 2, 0), line('pkn_2', 'EL-0001', 'A-03-02-1', 1, 0)], (name) =>
      name === 'WhScan'
        ? scanPayload([
            {
              __typename: 'UserError',
              field: null,
              code: 'WRONG_ITEM',
              message: '无线鼠标 (EL-0006) is not on this pick list. Put it back.',
              details: { sku: 'EL-0006', barcode: '6920101000068', name: '无线鼠标' },
            },
          ])
        : undefined,
    )
    const input = screen.getByLabelText('Scan barcode') as HTMLInputElement
    expect(document.activeElement).toBe(input)
    // the lines come in the API's walking order, with bin, SKU, name and quantity
    const lines = screen.getAllByTestId('pick-line')
    expect(lines.map((l) => l.getAttribute('data-sku'))).toEqual(['BB-0005', 'EL-0001'])
    expect(lines[0].textContent).toContain('F-12-04-1')
    expect(lines[0].textContent).toContain('0 / 2')
    // the barcode itself is never shown: the item has to be there to be scanned
    expect(document.body.textContent).not.toContain('6920106')

    await scan('6920101000068')
    const feedback = await verdict('Wrong item: 无线鼠标 (EL-0006) is not on this pick list. Put it back.')
    expect(feedback.getAttribute('data-tone')).toBe('error')
    await waitFor(() => expect(screen.getByTestId('scan-box').getAttribute('data-flash')).toBe('error'))
    expect(screen.getByTestId('scan-announce').textContent).toContain('Refused. Wrong item: 无线鼠标 (EL-0006)')
    expect(tones).toEqual([{ type: 'square', frequency: 196 }])
    expect(calls.find((c) => c.name === 'WhScan')!.vars).toEqual({ input: { pickListId: 'pkl_1', barcode: '6920101000068', quantity: 1 } })
    // still scanning: the field keeps the focus and is empty for the next code
    await waitFor(() => expect(document.activeElement).toBe(input))
    expect(input.value).toBe('')
    // a tap on the page itself does not take the focus away
    act(() => {
      input.blur()
    })
    await waitFor(() => expect(document.activeElement).toBe(input))
  })

  it('names a wrong item in the UI language', () => {
    const i18n = (locale: Locale) => ({
      locale,
      t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars),
      te: (_: string, message?: string | null) => message ?? '',
    })
    const refusal = {
      field: null,
      code: 'WRONG_ITEM',
      message: 'Silent Wireless Mouse (EL-0006) is not on this pick list. Put it back.',
      details: { sku: 'EL-0006', barcode: '6920101000068', name: '静音无线鼠标', nameZh: '静音无线鼠标', nameEn: 'Silent Wireless Mouse' },
    }
    expect(refusalText(refusal, i18n('zh-CN'))).toBe('拿错了：静音无线鼠标（EL-0006）不在此拣货单上，请放回。')
    expect(refusalText(refusal, i18n('en'))).toBe(translate('en', 'wh.refuse.wrongItemKnown', { sku: 'EL-0006', name: 'Silent Wireless Mouse' }))
    expect(refusalText(refusal, i18n('en'))).not.toContain('静音')
    // an older server sends the Chinese name only
    const old = { ...refusal, details: { sku: 'EL-0006', barcode: '6920101000068', name: '静音无线鼠标' } }
    expect(refusalText(old, i18n('zh-CN'))).toBe('拿错了：静音无线鼠标（EL-0006）不在此拣货单上，请放回。')
  })

  it('words an over-scan and a wrong lot from their details', async () => {
    const answers = [
      scanPayload([{ __typename: 'UserError', field: null, code: 'OVER_SCAN', message: 'All 2 of BB-0005 are already picked; put this one back.', details: { sku: 'BB-0005', ordered: 2, picked: 2 } }]),
      scanPayload([
        {
          __typename: 'UserError',
          field: ['input', 'lotNumber'],
          code: 'WRONG_LOT',
          message: 'Wrong lot',
          details: { sku: 'FD-0001', scannedLot: 'L2', suggestedLot: 'L1', expiresAt: '2027-01-31' },
        },
      ]),
    ]
    renderPick([line('pkn_1', 'BB-0005', 'F-12-04-1', 2, 2), line('pkn_2', 'FD-0001', 'E-01-01-1', 1, 0)], (name) =>
      name === 'WhScan' ? answers.shift() : undefined,
    )
    await scan('6920106000053')
    await verdict('Too many: all 2 of BB-0005 are already picked. Put this one back.')
    await scan('FD-0001')
    await verdict('Wrong lot L2: pick FD-0001 from lot L1 (expires 2027-01-31, earliest first).')
    expect(document.activeElement).toBe(screen.getByLabelText('Scan barcode'))
  })

  it('asks for the lot after LOT_REQUIRED and sends the next scan as that lot', async () => {
    const { calls } = renderPick([line('pkn_1', 'FD-0001', 'E-01-01-1', 1, 0, { lotTracked: true, suggestedLot: 'L1' })], (name, vars) => {
      if (name !== 'WhScan') return undefined
      const input = vars.input as { lotNumber?: string }
      return input.lotNumber
        ? scanPayload([], { lines: [line('pkn_1', 'FD-0001', 'E-01-01-1', 1, 1)], listComplete: true, orderComplete: true })
        : scanPayload([
            { __typename: 'UserError', field: ['input', 'lotNumber'], code: 'LOT_REQUIRED', message: 'scan lot L1', details: { sku: 'FD-0001', suggestedLot: 'L1' } },
          ])
    })
    await scan('6920105000013')
    await verdict('FD-0001 is lot-tracked: now scan lot L1.')
    const lotField = screen.getByLabelText('Scan the lot of FD-0001')
    expect(document.activeElement).toBe(lotField)
    await scan('L1')
    expect((await verdict(/Everything is picked: pack the order now/)).getAttribute('data-tone')).toBe('ok')
    expect(tones.map((t) => t.type)).toEqual(['square', 'sine'])
    expect(calls.filter((c) => c.name === 'WhScan').map((c) => c.vars.input)).toEqual([
      { pickListId: 'pkl_1', barcode: '6920105000013', quantity: 1 },
      { pickListId: 'pkl_1', barcode: '6920105000013', lotNumber: 'L1', quantity: 1 },
    ])
  })

  it('keeps packing disabled until every line of the order is scanned', () => {
    renderPick([line('pkn_1', 'BB-0005', 'F-12-04-1', 2, 1), line('pkn_2', 'EL-0001', 'A-03-02-1', 1, 1)])
    const pack = within(screen.getByTestId('order-pack'))
    expect((pack.getByTestId('pack-button') as HTMLButtonElement).disabled).toBe(true)
    expect(pack.getByLabelText(/Weight/).matches(':disabled')).toBe(true)
    expect(pack.getByTestId('pack-locked').textContent).toBe('Packing opens when every item is scanned: 1 still to pick.')
  })

  it('packs a fully scanned order in grams and millimetres', async () => {
    const { calls } = renderPick([line('pkn_1', 'BB-0005', 'F-12-04-1', 2, 2)], (name) =>
      name === 'WhPack' ? { data: { packOrder: { __typename: 'PackOrderPayload', carton: null, userErrors: [] } } } : undefined,
    )
    const pack = within(screen.getByTestId('order-pack'))
    const button = pack.getByTestId('pack-button') as HTMLButtonElement
    expect(button.disabled).toBe(false)
    expect(pack.getByTestId('pack-ready').textContent).toContain('All 2 units are scanned')
    expect(pack.getByText('The items weigh 0.5 kg.')).toBeTruthy()
    fireEvent.click(button)
    // nothing typed yet: said at the field, nothing sent
    expect(await pack.findByText('Enter the weight.')).toBeTruthy()
    expect(calls.some((c) => c.name === 'WhPack')).toBe(false)
    fireEvent.change(pack.getByLabelText(/Weight/), { target: { value: '1,25' } })
    fireEvent.change(pack.getByLabelText(/Length/), { target: { value: '30' } })
    fireEvent.change(pack.getByLabelText(/Width/), { target: { value: '20.5' } })
    fireEvent.change(pack.getByLabelText(/Height/), { target: { value: '15' } })
    fireEvent.click(button)
    await waitFor(() => expect(calls.some((c) => c.name === 'WhPack')).toBe(true))
    expect(calls.find((c) => c.name === 'WhPack')!.vars).toEqual({
      input: { pickListId: 'pkl_1', orderId: 'ord_1', weightGrams: 1250, lengthMm: 300, widthMm: 205, heightMm: 150 },
    })
  })

  it('ships with the recommended quote by default and links the label', async () => {
    const carton = {
      __typename: 'Carton',
      id: 'ctn_1',
      orderID: 'ord_1',
      status: 'PACKED',
      weightGrams: 500,
      lengthMm: 200,
      widthMm: 150,
      heightMm: 100,
      items: 1,
      shippedAt: null,
      shipment: null,
    }
    const quote = (carrier: string, level: string, amount: number, recommended: boolean, meetsPromise: boolean) => ({
      __typename: 'ShippingQuote',
      carrier: { __typename: 'Carrier', id: `car_${carrier}`, code: carrier, name: `${carrier} Express`, nameZh: carrier },
      serviceLevel: level,
      cost: { __typename: 'Money', amount, currency: 'CNY' },
      transitDays: level === 'ECONOMY' ? 4 : 2,
      estimatedDelivery: '2026-11-24T00:00:00Z',
      meetsPromise,
      recommended,
      billableGrams: 500,
    })
    let shipped = false
    const { calls } = renderPick(
      [line('pkn_1', 'BB-0005', 'F-12-04-1', 1, 1)],
      (name) => {
        if (name === 'WhCartonQuotes')
          return { data: { node: { __typename: 'Carton', id: 'ctn_1', quotes: [quote('ZTO', 'ECONOMY', 510, false, false), quote('ZTO', 'STANDARD', 680, true, true)] } } }
        if (name === 'WhShip') {
          shipped = true
          return { data: { shipCarton: { __typename: 'ShipCartonPayload', shipment: null, carton: null, order: null, labelUrl: '/labels/shp_1', userErrors: [] } } }
        }
        return undefined
      },
      [carton],
    )
    const radios = await screen.findAllByRole('radio')
    expect(radios.map((r) => (r as HTMLInputElement).checked)).toEqual([false, true])
    // a typed tracking number must pass the S10 check digit before anything is sent
    fireEvent.change(screen.getByLabelText(/Tracking number/), { target: { value: 'WB123456780CN' } })
    fireEvent.click(screen.getByTestId('ship-button'))
    expect((await screen.findByTestId('tracking-error')).textContent).toContain('not a valid tracking number')
    expect(shipped).toBe(false)
    fireEvent.change(screen.getByLabelText(/Tracking number/), { target: { value: '' } })
    fireEvent.click(screen.getByTestId('ship-button'))
    await waitFor(() => expect(shipped).toBe(true))
    expect(calls.find((c) => c.name === 'WhShip')!.vars).toEqual({ input: { cartonId: 'ctn_1', carrierId: 'car_ZTO', serviceLevel: 'STANDARD' } })
  })

  it('shows the tracking number and the label link of a shipped carton', () => {
    renderPick(
      [line('pkn_1', 'BB-0005', 'F-12-04-1', 1, 1, { status: 'SHIPPED' })],
      () => undefined,
      [
        {
          __typename: 'Carton',
          id: 'ctn_1',
          orderID: 'ord_1',
          status: 'SHIPPED',
          weightGrams: 500,
          lengthMm: 200,
          widthMm: 150,
          heightMm: 100,
          items: 1,
          shippedAt: '2026-11-22T01:00:00Z',
          shipment: {
            __typename: 'Shipment',
            id: 'shp_1',
            trackingNumber: 'WB123456785CN',
            labelUrl: '/labels/shp_1',
            serviceLevel: 'STANDARD',
            carrier: { __typename: 'Carrier', id: 'car_1', name: 'Waybill Express', nameZh: '威比快递' },
          },
        },
      ],
    )
    expect(screen.getByTestId('tracking-number').textContent).toBe('WB123456785CN')
    const label = screen.getByTestId('label-link')
    expect(label.getAttribute('href')).toBe('/labels/shp_1')
    expect(label.getAttribute('target')).toBe('_blank')
  })
})

describe('cycle counts', () => {
  const sheetLine = (id: string, sku: string, bin: string, status = 'PENDING', countedQuantity: number | null = null) => ({
    __typename: 'CycleCountLine',
    id,
    sku,
    binLocation: bin,
    sequence: 1,
    status,
    countedQuantity,
    product: { __typename: 'Product', id: `prd_${sku}`, nameZh: `商品 ${sku}`, nameEn: `Product ${sku}` },
  })
  const count = (status: string, walk: unknown[]) => ({
    data: {
      node: {
        __typename: 'CycleCount',
        id: 'cc_1',
        number: 'CC-20261122-AAAAA',
        status,
        blind: true,
        scope: 'ZONE',
        zone: 'A',
        abcClass: '',
        tolerancePercent: 0,
        linesTotal: walk.length,
        linesCounted: 0,
        note: '',
        warehouse: { __typename: 'Warehouse', id: 'whs_sh', code: 'WH-SH' },
        walk,
      },
    },
  })

  function renderCount(status: string, respond: (name: string, vars: Record<string, unknown>) => unknown = () => undefined, viewerId = 'acc_warehouse') {
    window.history.replaceState(null, '', '/staff/warehouse/counts?count=cc_1')
    const calls: { name: string; vars: Record<string, unknown>; source: string }[] = []
    const client = mockClient((name, vars) => {
      if (name === 'Viewer') return viewerData('WAREHOUSE', WAREHOUSE_PERMISSIONS, { id: viewerId })
      if (name === 'WhWarehouses') return { data: { warehouses } }
      if (name === 'WhCountSheet') return count(status, [sheetLine('ccl_1', 'EL-0005', 'A-03-04-2'), sheetLine('ccl_2', 'EL-0006', 'A-03-05-2')])
      const answer = respond(name, vars)
      if (answer === undefined) throw new Error(`unexpected ${name}`)
      return answer
    })
    render(
      <Wrapper client={client} token="t0k">
        <StaffPage section="warehouse" />
      </Wrapper>,
    )
    const sources = () => client.executeQuery.mock.calls.map(([req]) => req.query.loc?.source.body ?? '')
    return { client, calls, sources }
  }

  it('counts blind: the sheet neither asks for nor shows expected quantities, and Enter moves to the next bin', async () => {
    const recorded: unknown[] = []
    const { sources } = renderCount('OPEN', (name, vars) => {
      if (name !== 'WhRecordCount') return undefined
      recorded.push(vars)
      return { data: { recordCount: { __typename: 'CycleCountLinePayload', line: { __typename: 'CycleCountLine', id: vars.lineId, status: 'COUNTED', countedQuantity: vars.quantity }, userErrors: [] } } }
    })
    const sheet = screen.getByTestId('count-sheet')
    expect(sheet.textContent).not.toMatch(/expected|variance/i)
    expect(sources().join('\n')).not.toMatch(/expectedQuantity|snapshotQuantity|variance|movedDuringCount/)
    const inputs = within(sheet).getAllByTestId('count-input')
    expect(document.activeElement).toBe(inputs[0])
    fireEvent.change(inputs[0], { target: { value: '7' } })
    fireEvent.submit(inputs[0].closest('form')!)
    await waitFor(() => expect(document.activeElement).toBe(inputs[1]))
    expect(recorded).toEqual([{ lineId: 'ccl_1', quantity: 7 }])
    // a count that is not a whole number is refused at the field
    fireEvent.change(inputs[1], { target: { value: '2.5' } })
    fireEvent.submit(inputs[1].closest('form')!)
    expect(await within(sheet).findByText('Enter a whole number, 0 or more.')).toBeTruthy()
    expect(recorded).toHaveLength(1)
  })

  it('shows the variance report once submitted, and sends the counter’s approval to someone else', () => {
    const report = {
      data: {
        node: {
          __typename: 'CycleCount',
          id: 'cc_1',
          status: 'SUBMITTED',
          tolerancePercent: 0,
          submittedBy: 'acc_warehouse',
          approvedBy: '',
          approvedAt: null,
          accuracy: null,
          variance: {
            __typename: 'CycleCountVariance',
            linesCounted: 2,
            linesWithVariance: 1,
            linesWithinTolerance: 1,
            netUnits: -2,
            absoluteUnits: 2,
            netValue: { __typename: 'Money', amount: -39800, currency: 'CNY' },
            absoluteValue: { __typename: 'Money', amount: 39800, currency: 'CNY' },
            accuracy: 0.5,
          },
          walk: [
            { ...sheetLine('ccl_1', 'EL-0005', 'A-03-04-2', 'COUNTED', 7), countedBy: 'acc_warehouse', expectedQuantity: 9, variance: -2, withinTolerance: false, movedDuringCount: 1 },
            { ...sheetLine('ccl_2', 'EL-0006', 'A-03-05-2', 'COUNTED', 4), countedBy: 'acc_warehouse', expectedQuantity: 4, variance: 0, withinTolerance: true, movedDuringCount: 0 },
          ],
        },
      },
    }
    renderCount('SUBMITTED', (name) => (name === 'WhCountReport' ? report : undefined))
    const rows = screen.getAllByTestId('variance-row')
    expect(rows[0].textContent).toContain('9')
    expect(rows[0].textContent).toContain('-2')
    expect(screen.getByTestId('variance-summary').textContent).toContain('50%')
    expect(screen.queryByTestId('approve-count')).toBeNull()
    expect(screen.getByTestId('approve-other').textContent).toContain('someone who did not count approves it')
    expect(screen.getByRole('button', { name: 'Recount the bins with a variance (1)' })).toBeTruthy()
  })
})

describe('warehouse section', () => {
  it('is open to FULFIL or MANAGE_STOCK, and shows each view by its permission', () => {
    expect(visibleSections(['FULFIL']).map((s) => s.id)).toContain('warehouse')
    expect(visibleSections(['MANAGE_STOCK']).map((s) => s.id)).toContain('warehouse')
    expect(visibleSections(['REVIEW_ORDERS']).map((s) => s.id)).not.toContain('warehouse')

    window.history.replaceState(null, '', '/staff/warehouse/stock')
    const client = mockClient((name) => {
      if (name === 'Viewer') return viewerData('PACKER', ['FULFIL'])
      if (name === 'WhWarehouses') return { data: { warehouses } }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} token="t0k" locale="zh-CN">
        <StaffPage section="warehouse" />
      </Wrapper>,
    )
    const views = within(screen.getByRole('navigation', { name: '仓库作业' })).getAllByRole('link')
    expect(views.map((a) => a.textContent)).toEqual(['拣货打包', '分仓'])
    expect(screen.getByTestId('wh-view-forbidden').textContent).toContain('拣货打包')
  })
})

describe('isS10', () => {
  it('checks the S10 check digit', () => {
    expect(isS10('WB123456785CN')).toBe(true)
    expect(isS10('wb 1234 5678 5cn')).toBe(true)
    expect(isS10('WB123456780CN')).toBe(false)
    expect(isS10('WB12345678CN')).toBe(false)
  })
})
