import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { CombinedError } from 'urql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { RegisterPage } from './Register'

const payload = (userErrors: { field: string[] | null; code: string; message: string }[], token: string | null = null) => ({
  data: {
    register: {
      __typename: 'LoginPayload',
      token,
      account: token ? { __typename: 'Account', id: 'acc_new', email: 'new@example.cn', role: 'CUSTOMER', displayName: '新用户' } : null,
      userErrors: userErrors.map((ue) => ({ __typename: 'UserError', ...ue })),
    },
  },
})

function fill(labels: Record<string, string>) {
  for (const [label, value] of Object.entries(labels)) fireEvent.change(screen.getByLabelText(label), { target: { value } })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('<RegisterPage>', () => {
  it('shows server errors next to their fields, translated by code', async () => {
    const client = mockClient(() =>
      payload([
        { field: ['email'], code: 'EMAIL_TAKEN', message: 'An account with this email exists.' },
        { field: ['password'], code: 'PASSWORD_TOO_SIMPLE', message: 'Mix letters with digits or symbols.' },
      ]),
    )
    render(
      <Wrapper client={client} locale="zh-CN">
        <RegisterPage />
      </Wrapper>,
    )
    fill({ 邮箱: ' a@b.test ', 密码: 'aaaaaaaaaaaa', 姓名: '王芳' })
    fireEvent.click(screen.getByRole('button', { name: '注册' }))
    await waitFor(() => expect(screen.getByTestId('register-email-error').textContent).toBe('该邮箱已注册。要直接登录吗？'))
    expect(screen.getByTestId('register-password-error').textContent).toBe('请至少组合字母、数字、符号中的两类。')
    expect(screen.getByLabelText('邮箱').getAttribute('aria-invalid')).toBe('true')
    // the error is announced with the field, and focus goes to the first field to fix
    expect(screen.getByLabelText('邮箱').getAttribute('aria-describedby')).toContain('register-email-error')
    expect(document.activeElement).toBe(screen.getByLabelText('邮箱'))
    expect(screen.queryByTestId('register-errors')).toBeNull()
    expect(client.executeMutation.mock.calls[0][0].variables).toEqual({
      input: { email: 'a@b.test', password: 'aaaaaaaaaaaa', name: '王芳', phone: null },
    })
  })

  it('falls back to the server message for a code it has no words for, and lists unplaced errors above the form', async () => {
    const client = mockClient(() =>
      payload([
        { field: ['password'], code: 'PASSWORD_IN_BREACH_LIST', message: 'This password appeared in a breach.' },
        { field: null, code: 'SIGNUPS_CLOSED', message: 'Sign-ups are closed today.' },
      ]),
    )
    render(
      <Wrapper client={client}>
        <RegisterPage />
      </Wrapper>,
    )
    fill({ Email: 'a@b.test', Password: 'abc123def456', 'Your name': 'A' })
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(screen.getByTestId('register-password-error').textContent).toBe('This password appeared in a breach.'))
    expect(screen.getByTestId('register-errors').textContent).toBe('Sign-ups are closed today.')
  })

  it('turns a 429 into a countdown and keeps the button disabled until it ends', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const error = new CombinedError({
      graphQLErrors: [{ message: 'Too many sign-ups', extensions: { code: 'RATE_LIMITED' } }],
      response: new Response(null, { status: 429, headers: { 'Retry-After': '42' } }),
    })
    const client = mockClient(() => ({ error }))
    render(
      <Wrapper client={client}>
        <RegisterPage />
      </Wrapper>,
    )
    fill({ Email: 'a@b.test', Password: 'abc123def456', 'Your name': 'A' })
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(screen.getByTestId('register-errors').textContent).toBe('Too many attempts. Please try again in 42 s.'))
    expect((screen.getByRole('button', { name: 'Create account' }) as HTMLButtonElement).disabled).toBe(true)
    const tick = async (ms: number) => {
      for (let i = 0; i < ms / 500; i++) {
        await act(async () => {
          vi.advanceTimersByTime(500)
        })
      }
    }
    await tick(2000)
    expect(screen.getByTestId('register-errors').textContent).toBe('Too many attempts. Please try again in 40 s.')
    await tick(41000)
    expect(screen.getByTestId('register-errors').textContent).toBe('Too many attempts. You can try again now.')
    expect((screen.getByRole('button', { name: 'Create account' }) as HTMLButtonElement).disabled).toBe(false)
  })

  it('signs the new customer in and goes to /account', async () => {
    const signIn = vi.fn()
    const client = mockClient(() => payload([], 'wbs_new'))
    render(
      <Wrapper client={client} signIn={signIn}>
        <RegisterPage />
      </Wrapper>,
    )
    fill({ Email: 'new@example.cn', Password: 'abc123def456', 'Your name': '新用户', 'Mobile phone (optional)': '13800138000' })
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(signIn).toHaveBeenCalledWith('wbs_new'))
    expect(window.location.pathname).toBe('/account')
    expect(client.executeMutation.mock.calls[0][0].variables?.input.phone).toBe('13800138000')
  })

  it('ticks off the password rules as the user types', () => {
    render(
      <Wrapper client={mockClient(() => undefined)}>
        <RegisterPage />
      </Wrapper>,
    )
    fill({ Email: 'a@b.test', Password: 'abcdefghijk' })
    const rules = screen.getAllByRole('listitem').map((li) => li.className)
    expect(rules).toEqual(['rule-ok', 'rule-todo', 'rule-ok'])
  })
})
