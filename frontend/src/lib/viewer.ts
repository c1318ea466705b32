// Who is signed in and what they may do: one query shared by the header, the account page and
// the staff console (urql's cache answers the second caller).
import { useQuery } from 'urql'
import { graphql } from '../gql'
import type { Permission, ViewerQuery } from '../gql/graphql'
import { useSession } from './session'

export const ViewerDocument = graphql(`
  query Viewer {
    me {
      id
      email
      role
      displayName
      emailVerifiedAt
    }
    myPermissions
  }
`)

export type ViewerAccount = NonNullable<ViewerQuery['me']>

/** Every role but CUSTOMER works in the staff console. */
export function isStaffRole(role: string | null | undefined): boolean {
  return !!role && role.toUpperCase() !== 'CUSTOMER'
}

/** The signed-in account and its permissions; `refresh` also asks the server on mount (the header). */
export function useViewer({ refresh = false }: { refresh?: boolean } = {}) {
  const { token } = useSession()
  const [{ data, error }, reexecute] = useQuery({
    query: ViewerDocument,
    requestPolicy: refresh ? 'cache-and-network' : 'cache-first',
    // nobody signed in: no need to ask
    pause: !token,
  })
  const me = token ? (data?.me ?? null) : null
  const permissions: readonly Permission[] = token ? (data?.myPermissions ?? []) : []
  return {
    me,
    permissions,
    can: (p: Permission) => permissions.includes(p),
    isStaff: isStaffRole(me?.role),
    /** True until the first answer for a signed-in session. */
    loading: !!token && !data && !error,
    error: token && !data ? (error ?? null) : null,
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
  }
}
