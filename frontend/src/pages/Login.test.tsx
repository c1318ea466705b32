import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
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
