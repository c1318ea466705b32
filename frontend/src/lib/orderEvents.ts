// Order timeline notes come from the server as short English phrases ("placed through WEB",
// "payment declined", "held for review: LARGE_ORDER, FIRST_ORDER_HIGH_VALUE", "approved: ok",
// "rejected in review: …", "cancelled: …"). The ones we know are worded in the UI's language,
// with a person's own words (after the colon) kept as typed; anything else is shown as sent.
import { interpolate, type I18n } from '../i18n/i18n'

type Words = Pick<I18n, 'tv'>

const PATTERNS: { re: RegExp; build: (m: RegExpExecArray, i18n: Words) => string }[] = [
  { re: /^placed through ([A-Z_]+)$/, build: (m, i) => interpolate(i.tv('orderNote', 'placed'), { channel: i.tv('channel', m[1]) }) },
  { re: /^payment authorized$/, build: (_m, i) => i.tv('orderNote', 'paymentAuthorized') },
  {
    re: /^payment ([a-z_]+)$/,
    build: (m, i) => interpolate(i.tv('orderNote', 'paymentFailed'), { reason: i.tv('paymentFailure', m[1].toUpperCase()) }),
  },
  {
    re: /^held for review: (.+)$/,
    build: (m, i) =>
      interpolate(i.tv('orderNote', 'held'), {
        reasons: m[1]
          .split(/,\s*/)
          .map((r) => i.tv('holdReason', r.trim()))
          .join(' · '),
      }),
  },
  { re: /^approved(?:: (.+))?$/s, build: (m, i) => withNote(i.tv('orderNote', 'approved'), m[1]) },
  { re: /^rejected in review(?:: (.+))?$/s, build: (m, i) => withNote(i.tv('orderNote', 'rejected'), m[1]) },
  { re: /^cancelled(?:: (.+))?$/s, build: (m, i) => withNote(i.tv('orderNote', 'cancelled'), m[1]) },
]

function withNote(what: string, note: string | undefined): string {
  return note && note.trim() ? `${what}: ${note.trim()}` : what
}

function describeOne(text: string, i18n: Words): string {
  for (const p of PATTERNS) {
    const m = p.re.exec(text)
    if (m) return p.build(m, i18n)
  }
  return text
}

/** Describes a note; steps joined with '; ' ("payment authorized; held for review: …") one by one. */
export function describeOrderNote(note: string, i18n: Words): string {
  const text = note.trim()
  const whole = describeOne(text, i18n)
  if (whole !== text || !text.includes('; ')) return whole
  const parts = text.split('; ')
  // only when every step is one we know: a person's note may contain '; ' too
  const described = parts.map((p) => describeOne(p, i18n))
  return described.every((d, i) => d !== parts[i]) ? described.join('; ') : text
}

/** Statuses a customer (or reviewing staff) may still cancel from. */
export const CANCELLABLE_STATUSES: readonly string[] = ['PENDING_PAYMENT', 'ON_HOLD', 'CONFIRMED', 'ALLOCATED']

export function canCancel(status: string): boolean {
  return CANCELLABLE_STATUSES.includes(status)
}
