// Reading what went wrong from an urql result: the top-level `extensions.code` of GraphQL errors
// (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, …), the HTTP status and Retry-After of the response,
// and the `userErrors { field message code }` of mutation payloads.
import type { CombinedError } from 'urql'

export interface UserErrorLike {
  field?: readonly string[] | null
  message: string
  code: string
}

/** The `extensions.code` of every GraphQL error, in order (empty for network errors). */
export function errorCodes(error: CombinedError | null | undefined): string[] {
  if (!error) return []
  const codes = error.graphQLErrors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string')
  const status = httpStatus(error)
  if (status === 401 && !codes.includes('UNAUTHENTICATED')) codes.push('UNAUTHENTICATED')
  if (status === 429 && !codes.includes('RATE_LIMITED')) codes.push('RATE_LIMITED')
  return codes
}

export function hasErrorCode(error: CombinedError | null | undefined, code: string): boolean {
  return errorCodes(error).includes(code)
}

/** The most telling code of an error, for one message: the first GraphQL code, else INTERNAL. */
export function primaryErrorCode(error: CombinedError | null | undefined): string | null {
  if (!error) return null
  return errorCodes(error)[0] ?? null
}

function httpStatus(error: CombinedError): number | null {
  const res = error.response as { status?: unknown } | undefined
  return res && typeof res.status === 'number' ? res.status : null
}

/**
 * Seconds to wait before retrying a rate-limited request: the Retry-After header (seconds or an
 * HTTP date), else `extensions.retryAfter` if the server ever sends it, else null.
 */
export function retryAfterSeconds(error: CombinedError | null | undefined, now: number = Date.now()): number | null {
  if (!error) return null
  const res = error.response as { headers?: { get?: (name: string) => string | null } } | undefined
  const header = res?.headers?.get?.('Retry-After') ?? null
  if (header) {
    const secs = Number(header)
    if (Number.isFinite(secs)) return Math.max(1, Math.ceil(secs))
    const at = Date.parse(header)
    if (!Number.isNaN(at)) return Math.max(1, Math.ceil((at - now) / 1000))
  }
  for (const e of error.graphQLErrors) {
    const v = e.extensions?.retryAfter
    if (typeof v === 'number' && Number.isFinite(v)) return Math.max(1, Math.ceil(v))
  }
  return null
}

/** The request id the server attaches to INTERNAL errors, to quote to support. */
export function requestIdOf(error: CombinedError | null | undefined): string | null {
  if (!error) return null
  for (const e of error.graphQLErrors) {
    const id = e.extensions?.requestId
    if (typeof id === 'string' && id) return id
  }
  return null
}

/** The input a user error is about: the last segment of its field path ('input.password' → 'password'). */
export function userErrorField(ue: UserErrorLike): string | null {
  const path = ue.field ?? []
  return path.length > 0 ? path[path.length - 1] : null
}

/**
 * Splits userErrors into the ones shown next to a known input (first error per field wins) and the
 * rest (shown above the form).
 */
export function splitUserErrors<F extends string>(
  errors: readonly UserErrorLike[],
  fields: readonly F[],
): { byField: Partial<Record<F, UserErrorLike>>; general: UserErrorLike[] } {
  const byField: Partial<Record<F, UserErrorLike>> = {}
  const general: UserErrorLike[] = []
  for (const ue of errors) {
    const f = userErrorField(ue)
    if (f && (fields as readonly string[]).includes(f) && !byField[f as F]) byField[f as F] = ue
    else general.push(ue)
  }
  return { byField, general }
}
