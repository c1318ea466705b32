import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { en, enValues, zhCN, zhValues, type MessageKey, type Messages } from './messages'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' }
export const LOCALE_STORAGE_KEY = 'waybill.locale'

const dictionaries: Record<Locale, { messages: Messages; values: Record<string, string> }> = {
  'zh-CN': { messages: zhCN, values: zhValues },
  en: { messages: en, values: enValues },
}

export type Vars = Record<string, string | number>

/** Replaces {name} placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  )
}

/** Pure lookup, usable outside React (and in tests). */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = dictionaries[locale].messages[key] ?? en[key] ?? key
  return interpolate(template, vars)
}

/**
 * "IN_TRANSIT" → "In transit": the fallback for API values we have no label for. Only
 * enum-style constants are rewritten; free text (a category such as "iPhone 配件") is kept.
 */
export function humanize(value: string): string {
  if (!/^[A-Z0-9_-]+$/.test(value)) return value
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Label for an API value (enum, error code, category …) looked up as `${prefix}.${value}`. */
export function translateValue(locale: Locale, prefix: string, value: string): string {
  const key = `${prefix}.${value}`
  return dictionaries[locale].values[key] ?? enValues[key] ?? humanize(value)
}

export function hasValueLabel(locale: Locale, prefix: string, value: string): boolean {
  return `${prefix}.${value}` in dictionaries[locale].values
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Maps a BCP 47 tag (navigator.language) to a supported locale: zh* → zh-CN, everything else → en. */
export function matchLocale(tag: string | undefined | null): Locale {
  if (!tag) return 'en'
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

function readStoredLocale(): Locale | null {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY)
    return isLocale(stored) ? stored : null
  } catch {
    return null
  }
}

/** The locale to start with: the remembered choice, else the browser's language. */
export function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'en'
  const stored = readStoredLocale()
  if (stored) return stored
  const nav = window.navigator
  const tags = nav.languages && nav.languages.length > 0 ? nav.languages : [nav.language]
  return matchLocale(tags[0])
}

export interface I18n {
  locale: Locale
  setLocale: (locale: Locale) => void
  t: (key: MessageKey, vars?: Vars) => string
  /** Label for an API value, e.g. tv('parcelStatus', 'IN_TRANSIT'). */
  tv: (prefix: string, value: string) => string
  /**
   * Message for an error code (userErrors.code, extensions.code): our wording when we have one,
   * else the server's message, else a readable form of the code.
   */
  te: (code: string, serverMessage?: string | null) => string
}

const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale())

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next)
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, next)
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for this page only
    }
  }, [])

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = translate(locale, 'app.name')
  }, [locale])

  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      tv: (prefix, v) => translateValue(locale, prefix, v),
      te: (code, serverMessage) =>
        hasValueLabel(locale, 'error', code) || !serverMessage ? translateValue(locale, 'error', code) : serverMessage,
    }),
    [locale, setLocale],
  )

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext)
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>')
  return ctx
}
