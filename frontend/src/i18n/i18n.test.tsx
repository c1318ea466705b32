import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LanguageSwitcher } from '../components/LanguageSwitcher'
import {
  I18nProvider,
  LOCALE_STORAGE_KEY,
  humanize,
  initialLocale,
  interpolate,
  matchLocale,
  translate,
  translateValue,
  useI18n,
} from './i18n'
import { en, enValues, zhCN, zhValues } from './messages'

function Probe() {
  const { t, locale } = useI18n()
  return (
    <p data-testid="probe" data-locale={locale}>
      {t('nav.shop')} / {t('shop.lowStock', { count: 3 })}
    </p>
  )
}

function setNavigatorLanguage(lang: string) {
  vi.spyOn(window.navigator, 'language', 'get').mockReturnValue(lang)
  vi.spyOn(window.navigator, 'languages', 'get').mockReturnValue([lang])
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('dictionary', () => {
  it('has a Chinese text for every English key', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
    for (const [key, value] of Object.entries(zhCN)) expect(value, key).not.toBe('')
    expect(Object.keys(zhValues).sort()).toEqual(Object.keys(enValues).sort())
  })

  it('translates and fills placeholders', () => {
    expect(translate('en', 'shop.lowStock', { count: 2 })).toBe('Only 2 left')
    expect(translate('zh-CN', 'shop.lowStock', { count: 2 })).toBe('仅剩 2 件')
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}')
  })

  it('labels API values and falls back to a readable form', () => {
    expect(translateValue('zh-CN', 'parcelStatus', 'IN_TRANSIT')).toBe('运输中')
    expect(translateValue('en', 'error', 'INVALID_CREDENTIALS')).toBe('Wrong email or password.')
    expect(translateValue('en', 'parcelStatus', 'LOST_AT_SEA')).toBe('Lost at sea')
    expect(humanize('ARRIVED_AT_HUB')).toBe('Arrived at hub')
    expect(humanize('iPhone 配件')).toBe('iPhone 配件')
  })
})

describe('locale choice', () => {
  it('maps browser languages: zh* to zh-CN, the rest to English', () => {
    expect(matchLocale('zh')).toBe('zh-CN')
    expect(matchLocale('zh-TW')).toBe('zh-CN')
    expect(matchLocale('en-GB')).toBe('en')
    expect(matchLocale('fr')).toBe('en')
    expect(matchLocale(undefined)).toBe('en')
  })

  it('defaults from navigator.language', () => {
    setNavigatorLanguage('zh-CN')
    expect(initialLocale()).toBe('zh-CN')
    setNavigatorLanguage('de-DE')
    expect(initialLocale()).toBe('en')
  })

  it('prefers the remembered choice over the browser language', () => {
    setNavigatorLanguage('en-US')
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN')
    expect(initialLocale()).toBe('zh-CN')
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'klingon')
    expect(initialLocale()).toBe('en')
  })

  it('switches the visible text, remembers it, and restores it on the next visit', () => {
    setNavigatorLanguage('en-US')
    const first = render(
      <I18nProvider>
        <LanguageSwitcher />
        <Probe />
      </I18nProvider>,
    )
    expect(screen.getByTestId('probe').textContent).toBe('Shop / Only 3 left')
    expect(document.documentElement.lang).toBe('en')

    act(() => {
      fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } })
    })
    expect(screen.getByTestId('probe').textContent).toBe('商城 / 仅剩 3 件')
    expect(screen.getByLabelText('语言')).toBeTruthy()
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN')
    expect(document.documentElement.lang).toBe('zh-CN')
    first.unmount()

    // a new page load reads the stored choice
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    )
    expect(screen.getByTestId('probe').dataset.locale).toBe('zh-CN')
    expect(screen.getByTestId('probe').textContent).toBe('商城 / 仅剩 3 件')
  })
})
