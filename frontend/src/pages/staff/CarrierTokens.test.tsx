import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockClient, Wrapper } from '../../test/mockClient'
import { CarriersSection, tokenStatus } from './CarrierTokens'

const carriers = {
  data: {
    carriers: {
      __typename: 'CarrierConnection',
      edges: [
        { __typename: 'CarrierEdge', node: { __typename: 'Carrier', id: 'car_sf', code: 'SF', name: 'SF Express', nameZh: '顺丰速运', active: true } },
        { __typename: 'CarrierEdge', node: { __typename: 'Carrier', id: 'car_yto', code: 'YTO', name: 'YTO Express', nameZh: '圆通速递', active: false } },
      ],
    },
  },
}

const token = (id: string, over: Record<string, unknown> = {}) => ({
  __typename: 'CarrierToken',
  id,
  name: 'Wuhan hub scanners',
  tokenPrefix: 'wbc_AbCdEfGh',
  createdAt: '2026-11-01T08:00:00Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  ...over,
})

const tokensOf = (carrierId: string, apiTokens: unknown[]) => ({
  data: { node: { __typename: 'Carrier', id: carrierId, code: carrierId === 'car_sf' ? 'SF' : 'YTO', apiTokens } },
})

const SECRET = 'wbc_AbCdEfGh' + 'x'.repeat(35)

afterEach(() => {
  vi.restoreAllMocks()
})

describe('<CarriersSection>', () => {
  it('lists the chosen carrier’s tokens with their state', () => {
    const client = mockClient((name, vars) => {
      if (name === 'StaffCarriers') return carriers
      if (name === 'CarrierApiTokens')
        return vars.id === 'car_sf'
          ? tokensOf('car_sf', [
              token('ctk_1', { lastUsedAt: '2026-11-20T09:30:00Z', expiresAt: '2099-01-01T00:00:00Z' }),
              token('ctk_2', { name: 'Old app', revokedAt: '2026-11-10T00:00:00Z' }),
              token('ctk_3', { name: 'Trial', expiresAt: '2020-01-01T00:00:00Z' }),
            ])
          : tokensOf('car_yto', [])
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <CarriersSection />
      </Wrapper>,
    )
    const rows = screen.getAllByTestId('carrier-token-row')
    expect(rows.map((r) => r.dataset.status)).toEqual(['active', 'revoked', 'expired'])
    expect(rows[0].textContent).toContain('wbc_AbCdEfGh…')
    expect(rows[0].textContent).toContain('Active')
    expect(rows[1].textContent).toContain('Revoked')
    expect(rows[2].textContent).toContain('Expired')
    // Only active tokens can be revoked.
    expect(within(rows[0]).queryByTestId('carrier-token-revoke')).not.toBeNull()
    expect(within(rows[1]).queryByTestId('carrier-token-revoke')).toBeNull()
    expect(within(rows[2]).queryByTestId('carrier-token-revoke')).toBeNull()

    // Another carrier: its own (empty) list; an inactive one says so.
    const select = screen.getByLabelText('Carrier') as HTMLSelectElement
    expect(select.options[1].textContent).toBe('YTO · YTO Express (inactive)')
    fireEvent.change(select, { target: { value: 'car_yto' } })
    expect(screen.getByTestId('carrier-tokens-empty').textContent).toBe('This carrier has no API tokens yet.')
  })

  it('creates a token and shows its secret once, with a copy button', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    let created = false
    const client = mockClient((name, vars) => {
      if (name === 'StaffCarriers') return carriers
      if (name === 'CarrierApiTokens') return tokensOf('car_sf', created ? [token('ctk_9', { name: 'Wuhan hub' })] : [])
      if (name === 'CreateCarrierToken') {
        const input = vars.input as { name: string; expiresInDays: number | null }
        if (!input.name)
          return {
            data: {
              createCarrierToken: {
                __typename: 'CreateCarrierTokenPayload',
                token: null,
                carrierToken: null,
                userErrors: [{ __typename: 'UserError', field: ['input', 'name'], message: 'Name the token.', code: 'REQUIRED' }],
              },
            },
          }
        created = true
        return {
          data: {
            createCarrierToken: {
              __typename: 'CreateCarrierTokenPayload',
              token: SECRET,
              carrierToken: token('ctk_9', { name: input.name }),
              userErrors: [],
            },
          },
        }
      }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <CarriersSection />
      </Wrapper>,
    )
    expect(screen.getByText('New token for SF · SF Express')).toBeTruthy()

    // A missing name is shown at the field.
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }))
    await waitFor(() => expect(screen.getByTestId('carrier-token-name-error').textContent).toBe('This field is required.'))
    expect(screen.queryByTestId('carrier-token-secret')).toBeNull()

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' Wuhan hub ' } })
    fireEvent.change(screen.getByLabelText('Expires after'), { target: { value: '90' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }))
    const secret = await screen.findByTestId('carrier-token-secret')
    const call = client.executeMutation.mock.calls.at(-1)![0]
    expect(call.variables).toEqual({ input: { carrierId: 'car_sf', name: 'Wuhan hub', expiresInDays: 90 } })
    expect(secret.textContent).toContain('This is the only time the token is shown')
    expect((screen.getByTestId('carrier-token-secret-value') as HTMLInputElement).value).toBe(SECRET)

    fireEvent.click(within(secret).getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET))
    await waitFor(() => expect(within(secret).getByTestId('carrier-token-copy').textContent).toBe('Copied'))

    // Dismissed, the secret is gone for good; the list has the new token.
    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }))
    expect(screen.queryByTestId('carrier-token-secret')).toBeNull()
    expect(screen.queryByText(SECRET)).toBeNull()
    await waitFor(() => expect(screen.getAllByTestId('carrier-token-row')).toHaveLength(1))
  })

  it('sends "never" as no expiry', async () => {
    const client = mockClient((name) => {
      if (name === 'StaffCarriers') return carriers
      if (name === 'CarrierApiTokens') return tokensOf('car_sf', [])
      if (name === 'CreateCarrierToken')
        return {
          data: { createCarrierToken: { __typename: 'CreateCarrierTokenPayload', token: SECRET, carrierToken: token('ctk_1'), userErrors: [] } },
        }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client}>
        <CarriersSection />
      </Wrapper>,
    )
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Courier app' } })
    fireEvent.change(screen.getByLabelText('Expires after'), { target: { value: 'never' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }))
    await screen.findByTestId('carrier-token-secret')
    expect(client.executeMutation.mock.calls.at(-1)![0].variables).toEqual({ input: { carrierId: 'car_sf', name: 'Courier app', expiresInDays: null } })
  })

  it('revokes only after a confirmation (zh-CN)', async () => {
    let revoked = false
    const client = mockClient((name, vars) => {
      if (name === 'StaffCarriers') return carriers
      if (name === 'CarrierApiTokens')
        return tokensOf('car_sf', [token('ctk_1', { name: '武汉分拨扫描枪', revokedAt: revoked ? '2026-11-21T10:00:00Z' : null })])
      if (name === 'RevokeCarrierToken') {
        expect(vars).toEqual({ id: 'ctk_1' })
        revoked = true
        return {
          data: {
            revokeCarrierToken: {
              __typename: 'RevokeCarrierTokenPayload',
              carrierToken: { __typename: 'CarrierToken', id: 'ctk_1', revokedAt: '2026-11-21T10:00:00Z' },
              userErrors: [],
            },
          },
        }
      }
      throw new Error(`unexpected ${name}`)
    })
    render(
      <Wrapper client={client} locale="zh-CN">
        <CarriersSection />
      </Wrapper>,
    )
    fireEvent.click(screen.getByRole('button', { name: '吊销 武汉分拨扫描枪' }))
    const confirm = screen.getByTestId('carrier-token-confirm')
    expect(confirm.textContent).toContain('确定吊销“武汉分拨扫描枪”（wbc_AbCdEfGh…）吗？')
    // Cancel changes nothing.
    fireEvent.click(within(confirm).getByRole('button', { name: '取消' }))
    expect(screen.queryByTestId('carrier-token-confirm')).toBeNull()
    expect(client.executeMutation).not.toHaveBeenCalled()

    fireEvent.click(screen.getByRole('button', { name: '吊销 武汉分拨扫描枪' }))
    fireEvent.click(within(screen.getByTestId('carrier-token-confirm')).getByRole('button', { name: '吊销令牌' }))
    await waitFor(() => expect(screen.getByTestId('carrier-token-notice').textContent).toBe('令牌“武汉分拨扫描枪”已吊销。'))
    expect(client.executeMutation).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(screen.getByTestId('carrier-token-row').dataset.status).toBe('revoked'))
  })
})

describe('tokenStatus', () => {
  it('is revoked, expired or active', () => {
    const now = Date.parse('2026-11-21T00:00:00Z')
    expect(tokenStatus({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: '2099-01-01T00:00:00Z' }, now)).toBe('revoked')
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-11-21T00:00:00Z' }, now)).toBe('expired')
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-11-21T00:00:01Z' }, now)).toBe('active')
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active')
  })
})
