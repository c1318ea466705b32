// What the warehouse screens share: the chosen warehouse, the viewer's permissions, small helpers
// for product names and user errors, and the S10 tracking-number check.
import { createContext, useContext, type ReactNode } from 'react'
import type { Permission } from '../../../gql/graphql'
import type { Locale } from '../../../i18n/i18n'
import type { UserErrorLike } from '../../../lib/errors'

export interface WarehouseOption {
  id: string
  code: string
  name: string
  city: string
  active: boolean
}

export interface WarehouseContextValue {
  warehouses: WarehouseOption[]
  /** The warehouse being worked in (null while none exists). */
  warehouse: WarehouseOption | null
  setWarehouseId: (id: string) => void
  can: (p: Permission) => boolean
  viewerId: string | null
  isAdmin: boolean
}

const Ctx = createContext<WarehouseContextValue | null>(null)

export function WarehouseProvider({ value, children }: { value: WarehouseContextValue; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useWarehouse(): WarehouseContextValue {
  const v = useContext(Ctx)
  if (!v) throw new Error('useWarehouse must be used inside <WarehouseProvider>')
  return v
}

export const WAREHOUSE_STORAGE_KEY = 'waybill.warehouse'

export function readStoredWarehouse(): string | null {
  try {
    return window.localStorage.getItem(WAREHOUSE_STORAGE_KEY)
  } catch {
    return null
  }
}

export function storeWarehouse(id: string): void {
  try {
    window.localStorage.setItem(WAREHOUSE_STORAGE_KEY, id)
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function nameOf(p: { nameZh: string; nameEn: string }, locale: Locale): string {
  return (locale === 'zh-CN' ? p.nameZh || p.nameEn : p.nameEn || p.nameZh) ?? ''
}

/** A warehouse's display name: the Chinese or the English half of "威比上海青浦仓 Waybill Shanghai DC". */
export function warehouseLabel(w: Pick<WarehouseOption, 'code' | 'name'>, locale: Locale): string {
  const name = w.name.trim()
  const split = name.match(/^([^A-Za-z]+?)\s+([A-Za-z].*)$/)
  const part = split ? (locale === 'zh-CN' ? split[1] : split[2]) : name
  return `${w.code} · ${part}`
}

export type UserErrorWithDetails = UserErrorLike & { details?: Record<string, unknown> | null }

/** The first user error at one of these input fields (by the last segment of its path). */
export function errorAt(errors: readonly UserErrorLike[], ...fields: string[]): UserErrorLike | undefined {
  return errors.find((e) => {
    const f = e.field?.[e.field.length - 1]
    return !!f && fields.includes(f)
  })
}

/** The errors not about any of these fields. */
export function errorsBesides(errors: readonly UserErrorLike[], ...fields: string[]): UserErrorLike[] {
  return errors.filter((e) => {
    const f = e.field?.[e.field.length - 1]
    return !f || !fields.includes(f)
  })
}

/** A number typed into a form ('' and junk → NaN), accepting a decimal comma. */
export function parseNumber(value: string): number {
  const v = value.trim().replace(',', '.')
  if (v === '' || !/^-?\d*(\.\d*)?$/.test(v)) return Number.NaN
  return Number(v)
}

export function parseWhole(value: string): number {
  const n = parseNumber(value)
  return Number.isInteger(n) ? n : Number.NaN
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7]

/** Whether a tracking number is UPU S10: two letters, eight digits, the mod-11 check digit, a country. */
export function isS10(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase()
  const m = v.match(/^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/)
  if (!m) return false
  const sum = [...m[1]].reduce((acc, d, i) => acc + Number(d) * S10_WEIGHTS[i], 0)
  let check = 11 - (sum % 11)
  if (check === 10) check = 0
  else if (check === 11) check = 5
  return check === Number(m[2])
}

/** A date input's value (YYYY-MM-DD) as the API's Time at midnight UTC; '' → null. */
export function dateToTime(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : null
}
