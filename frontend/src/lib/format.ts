// Formatting of money and times for display. Money comes from the API as an integer count of
// minor units plus an ISO 4217 code; times come as UTC ISO 8601 strings and are shown in the
// viewer's local time zone.

const fractionDigitsCache = new Map<string, number>()

/** How many minor-unit digits a currency has (CNY 2, JPY 0, KWD 3). */
export function currencyFractionDigits(currency: string): number {
  const code = currency.toUpperCase()
  let digits = fractionDigitsCache.get(code)
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2
    } catch {
      digits = 2
    }
    fractionDigitsCache.set(code, digits)
  }
  return digits
}

/** 12900, 'CNY' → '¥129.00'. Never goes through a float for the integer part. */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const code = currency.toUpperCase()
  const digits = currencyFractionDigits(code)
  const value = digits === 0 ? amountMinor : amountMinor / 10 ** digits
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: code,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value)
  } catch {
    // an unknown currency code: show the number and the code rather than nothing
    return `${value.toFixed(digits)} ${code}`
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** A UTC timestamp shown as local date and time, e.g. '2026年11月21日 14:05' / 'Nov 21, 2026, 2:05 PM'. */
export function formatDateTime(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  if (value == null || value === '') return ''
  const d = toDate(value)
  if (!d) return String(value)
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d)
}

/**
 * A date without time. A bare 'YYYY-MM-DD' is a calendar date and is shown as that day whatever
 * the viewer's zone; a full timestamp is converted to the local day.
 */
export function formatDate(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  if (value == null || value === '') return ''
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    const d = toDate(`${value}T00:00:00Z`)
    return d ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d) : value
  }
  const d = toDate(value)
  if (!d) return String(value)
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(d)
}

/** An ETA window: 'Nov 23 – 24, 2026', or hours within one day (formatRange collapses what both ends share). */
export function formatDateRange(
  from: string | null | undefined,
  to: string | null | undefined,
  locale: string,
  timeZone?: string,
): string {
  const a = from ? toDate(from) : null
  const b = to ? toDate(to) : null
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })
  if (a && b) {
    const [lo, hi] = a <= b ? [a, b] : [b, a]
    if (fmt.format(lo) === fmt.format(hi)) {
      // one day: show the hours, e.g. 'Nov 22, 2026, 8:00 AM – 3:00 PM'
      if (lo.getTime() === hi.getTime()) return fmt.format(lo)
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).formatRange(lo, hi)
    }
    return fmt.formatRange(lo, hi)
  }
  if (a) return fmt.format(a)
  if (b) return fmt.format(b)
  return ''
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value)
}
