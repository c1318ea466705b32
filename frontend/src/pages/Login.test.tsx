import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { isStaffRole, LoginPage } from './Login'

describe('<LoginPage>', () => {
  it('translates userErrors by code', async () => {
    const client = mockClient(() => ({
      data: {
        login: {
          __typename: 'LoginPayload',
          token: null,
          account: null,
          userErrors: [{ __typename: 'UserError', field: ['password'], message: 'invalid credentials', code: 'INVALID_CREDENTIALS' }],
        },
      },
    }))
    render(
      <Wrapper client={client} locale="zh-CN">
        <LoginPage />
      </Wrapper>,
    )
    fireEvent.change(screen.getByLabelText('邮箱'), { target: { value: 'a@b.test' } })
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: '登录' }))
    await waitFor(() => expect(screen.getByTestId('login-errors').textContent).toBe('邮箱或密码错误。'))
    expect(client.executeMutation.mock.calls[0][0].variables).toEqual({ email: 'a@b.test', password: 'wrong' })
  })

  it('knows which roles are staff', () => {
    expect(isStaffRole('ADMIN')).toBe(true)
    expect(isStaffRole('AGENT')).toBe(true)
    expect(isStaffRole('CUSTOMER')).toBe(false)
    expect(isStaffRole(null)).toBe(false)
  })
})

describe('<LoginPage> after a session ended', () => {
  it('says why, and returns to the page the user was on', async () => {
    window.history.replaceState(null, '', '/login?reason=expired&next=%2Fstaff%2Faccounts')
    const signIn = vi.fn()
    const client = mockClient(() => ({
      data: {
        login: {
          __typename: 'LoginPayload',
          token: 'wbs_again',
          account: { __typename: 'Account', id: 'acc_1', email: 'admin@waybill.test', role: 'ADMIN', displayName: 'A' },
          userErrors: [],
        },
      },
    }))
    render(
      <Wrapper client={client} signIn={signIn}>
        <LoginPage />
      </Wrapper>,
    )
    expect(screen.getByTestId('session-ended').textContent).toContain('Your session ended')
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'admin@waybill.test' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(signIn).toHaveBeenCalledWith('wbs_again'))
    expect(window.location.pathname + window.location.search).toBe('/staff/accounts')
  })

  it('sends a customer to /account and never follows a next= to another site', async () => {
    window.history.replaceState(null, '', '/login?next=%2F%2Fevil.example%2F')
    const client = mockClient(() => ({
      data: {
        login: {
          __typename: 'LoginPayload',
          token: 'wbs_c',
          account: { __typename: 'Account', id: 'acc_2', email: 'c@waybill.test', role: 'CUSTOMER', displayName: 'C' },
          userErrors: [],
        },
      },
    }))
    render(
      <Wrapper client={client}>
        <LoginPage />
      </Wrapper>,
    )
    expect(screen.queryByTestId('session-ended')).toBeNull()
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'c@waybill.test' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(window.location.pathname).toBe('/account'))
  })
})
