// The staff console's sections and the permission each needs. Kept apart from Staff.tsx so the
// app shell can route /staff/<section> without loading the console itself (it is split into
// its own chunk: shoppers never download it).
import type { Permission } from '../gql/graphql'
import type { MessageKey } from '../i18n/messages'

export type StaffSectionId =
  | 'orders'
  | 'review'
  | 'shipments'
  | 'stock'
  | 'warehouse'
  | 'carriers'
  | 'accounts'
  | 'audit'
  | 'support'
  | 'support-dashboard'

export interface StaffSectionDef {
  id: StaffSectionId
  path: string
  label: MessageKey
  /** null: every staff role; a list: any one of them */
  permission: Permission | readonly Permission[] | null
}

export const STAFF_SECTIONS: readonly StaffSectionDef[] = [
  { id: 'orders', path: '/staff', label: 'staff.tab.orders', permission: null },
  { id: 'review', path: '/staff/review', label: 'staff.tab.review', permission: 'REVIEW_ORDERS' },
  { id: 'support', path: '/staff/support', label: 'sup.tab.inbox', permission: 'SERVICE_TICKETS' },
  { id: 'shipments', path: '/staff/shipments', label: 'staff.tab.shipments', permission: null },
  { id: 'stock', path: '/staff/stock', label: 'staff.tab.stock', permission: 'MANAGE_STOCK' },
  { id: 'warehouse', path: '/staff/warehouse', label: 'staff.tab.warehouse', permission: ['FULFIL', 'MANAGE_STOCK'] },
  { id: 'carriers', path: '/staff/carriers', label: 'staff.tab.carriers', permission: 'MANAGE_CARRIERS' },
  { id: 'accounts', path: '/staff/accounts', label: 'staff.tab.accounts', permission: 'MANAGE_STAFF' },
  { id: 'audit', path: '/staff/audit', label: 'staff.tab.audit', permission: 'VIEW_AUDIT' },
  { id: 'support-dashboard', path: '/staff/support-dashboard', label: 'sup.tab.dashboard', permission: 'SERVICE_TICKETS' },
]

/** The console sections a viewer with these permissions may open. */
export function visibleSections(permissions: readonly string[]): StaffSectionDef[] {
  return STAFF_SECTIONS.filter(
    (s) => s.permission === null || (typeof s.permission === 'string' ? [s.permission] : s.permission).some((p) => permissions.includes(p)),
  )
}

export function staffSectionFromPath(sub: string | undefined): StaffSectionId | null {
  if (!sub || sub === 'orders') return 'orders'
  return STAFF_SECTIONS.some((s) => s.id === sub) ? (sub as StaffSectionId) : null
}

