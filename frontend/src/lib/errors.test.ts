import { CombinedError } from 'urql'
import { describe, expect, it } from 'vitest'
import { errorCodes, requestIdOf, retryAfterSeconds, splitUserErrors } from './errors'
import { safeReturnPath } from './router'

const gqlError = (code: string, extensions: Record<string, unknown> = {}, response?: Response) =>
  new CombinedError({ graphQLErrors: [{ message: code, extensions: { code, ...extensions } }], response })

describe('errors', () => {
  it('reads codes from extensions and the HTTP status', () => {
    expect(errorCodes(gqlError('FORBIDDEN'))).toEqual(['FORBIDDEN'])
    expect(errorCodes(new CombinedError({ networkError: new Error('x'), response: new Response(null, { status: 401 }) }))).toEqual([
      'UNAUTHENTICATED',
    ])
    expect(errorCodes(null)).toEqual([])
  })

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-11-21T00:00:00Z')
    expect(retryAfterSeconds(gqlError('RATE_LIMITED', {}, new Response(null, { status: 429, headers: { 'Retry-After': '17' } })))).toBe(17)
    const at = new Response(null, { status: 429, headers: { 'Retry-After': 'Sat, 21 Nov 2026 00:00:30 GMT' } })
    expect(retryAfterSeconds(gqlError('RATE_LIMITED', {}, at), now)).toBe(30)
    expect(retryAfterSeconds(gqlError('RATE_LIMITED', { retryAfter: 4.2 }))).toBe(5)
    expect(retryAfterSeconds(gqlError('RATE_LIMITED'))).toBeNull()
  })

  it('finds the request id of an internal error', () => {
    expect(requestIdOf(gqlError('INTERNAL', { requestId: 'abc123' }))).toBe('abc123')
  })

  it('places user errors by the last segment of their field path', () => {
    const { byField, general } = splitUserErrors(
      [
        { field: ['input', 'email'], code: 'EMAIL_TAKEN', message: '' },
        { field: ['email'], code: 'INVALID_EMAIL', message: '' },
        { field: null, code: 'OTHER', message: '' },
        { field: ['nickname'], code: 'X', message: '' },
      ],
      ['email', 'password'],
    )
    expect(byField.email?.code).toBe('EMAIL_TAKEN')
    expect(general.map((e) => e.code)).toEqual(['INVALID_EMAIL', 'OTHER', 'X'])
  })

  it('only returns to paths on this site', () => {
    expect(safeReturnPath('/staff/audit?x=1')).toBe('/staff/audit?x=1')
    expect(safeReturnPath('//evil.example/x')).toBeNull()
    expect(safeReturnPath('/\\evil.example')).toBeNull()
    expect(safeReturnPath('https://evil.example')).toBeNull()
    expect(safeReturnPath('/login?next=/x')).toBeNull()
    expect(safeReturnPath(null)).toBeNull()
  })
})
