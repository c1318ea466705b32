import { describe, expect, it } from 'vitest'
import { currencyFractionDigits, formatDate, formatDateRange, formatDateTime, formatMoney } from './format'

describe('formatMoney', () => {
  it('formats integer minor units with the currency symbol', () => {
    expect(formatMoney(12900, 'CNY', 'zh-CN')).toBe('¥129.00')
    expect(formatMoney(12900, 'CNY', 'en')).toBe('¥129.00')
    expect(formatMoney(5, 'CNY', 'en')).toBe('¥0.05')
    expect(formatMoney(123456789, 'CNY', 'en')).toBe('¥1,234,567.89')
    expect(formatMoney(0, 'cny', 'en')).toBe('¥0.00')
  })

  it('knows currencies without or with more minor digits', () => {
    expect(currencyFractionDigits('JPY')).toBe(0)
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500')
    expect(currencyFractionDigits('KWD')).toBe(3)
    expect(formatMoney(1234, 'USD', 'en')).toBe('$12.34')
  })

  it('formats negative amounts (refunds, discounts)', () => {
    expect(formatMoney(-2500, 'CNY', 'en')).toBe('-¥25.00')
  })

  it('does not throw on an unknown currency code', () => {
    expect(formatMoney(1000, 'NOTACODE', 'en')).toContain('10.00')
  })
})

describe('dates', () => {
  it('shows UTC timestamps in the given (local) zone', () => {
    const utc = '2026-11-21T16:30:00Z'
    expect(formatDateTime(utc, 'en', 'Asia/Shanghai')).toBe('Nov 22, 2026, 12:30 AM')
    expect(formatDateTime(utc, 'en', 'UTC')).toBe('Nov 21, 2026, 4:30 PM')
    expect(formatDateTime(utc, 'zh-CN', 'Asia/Shanghai')).toBe('2026年11月22日 00:30')
    expect(formatDateTime(null, 'en')).toBe('')
  })

  it('keeps a bare calendar date on its day in every zone', () => {
    expect(formatDate('2026-11-25', 'en', 'America/Los_Angeles')).toBe('Nov 25, 2026')
    expect(formatDate('2026-11-24T20:00:00Z', 'en', 'Asia/Shanghai')).toBe('Nov 25, 2026')
  })

  it('formats an ETA window', () => {
    expect(formatDateRange('2026-11-23T02:00:00Z', '2026-11-24T10:00:00Z', 'en', 'UTC').replace(/\s/g, ' ')).toBe('Nov 23 – 24, 2026')
    expect(formatDateRange('2026-11-22T00:00:00Z', '2026-11-22T07:00:00Z', 'en', 'Asia/Shanghai').replace(/\s/g, ' ')).toBe(
      'Nov 22, 2026, 8:00 AM – 3:00 PM',
    )
    expect(formatDateRange('2026-11-23T02:00:00Z', '2026-11-23T02:00:00Z', 'en', 'UTC')).toBe('Nov 23, 2026')
    expect(formatDateRange(null, '2026-11-23T02:00:00Z', 'en', 'UTC')).toBe('Nov 23, 2026')
    expect(formatDateRange(null, null, 'en')).toBe('')
  })
})
