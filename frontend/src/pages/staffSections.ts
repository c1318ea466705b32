// The staff console's sections and the permission each needs. Kept apart from Staff.tsx so the
// app shell can route /staff/<section> without loading the console itself (it is split into
// its own chunk: shoppers never download it).
import type { Permission } from '../gql/graphql'
import type { MessageKey } from '../i18n/messages'

export type StaffSectionId = 'orders' | 'review' | 'shipments' | 'stock' | 'accounts' | 'audit'

export interface StaffSectionDef {
  id: StaffSectionId
  path: string
  label: MessageKey
  /** null: every staff role */
  permission: Permission | null
}

export const STAFF_SECTIONS: readonly StaffSectionDef[] = [
  { id: 'orders', path: '/staff', label: 'staff.tab.orders', permission: null },
  { id: 'review', path: '/staff/review', label: 'staff.tab.review', permission: 'REVIEW_ORDERS' },
  { id: 'shipments', path: '/staff/shipments', label: 'staff.tab.shipments', permission: null },
  { id: 'stock', path: '/staff/stock', label: 'staff.tab.stock', permission: 'MANAGE_STOCK' },
  { id: 'accounts', path: '/staff/accounts', label: 'staff.tab.accounts', permission: 'MANAGE_STAFF' },
  { id: 'audit', path: '/staff/audit', label: 'staff.tab.audit', permission: 'VIEW_AUDIT' },
]

/** The console sections a viewer with these permissions may open. */
export function visibleSections(permissions: readonly string[]): StaffSectionDef[] {
  return STAFF_SECTIONS.filter((s) => s.permission === null || permissions.includes(s.permission))
}

export function staffSectionFromPath(sub: string | undefined): StaffSectionId | null {
  if (!sub || sub === 'orders') return 'orders'
  return STAFF_SECTIONS.some((s) => s.id === sub) ? (sub as StaffSectionId) : null
}

