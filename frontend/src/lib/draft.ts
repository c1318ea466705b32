// Form drafts that survive a reload or a trip through the sign-in page (session expired): kept
// in sessionStorage (this tab only, gone when it closes) under the route and a form id. Never
// put passwords in a draft; sign-out wipes every draft.
import { useCallback, useEffect, useRef, useState } from 'react'

export const DRAFT_PREFIX = 'waybill.draft:'

export function draftKey(pathname: string, formId: string): string {
  return `${DRAFT_PREFIX}${pathname.replace(/\/+$/, '') || '/'}#${formId}`
}

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

export function readDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const raw = storage()?.getItem(key)
    if (!raw) return null
    const parsed: unknown = JSON.parse(raw)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Partial<T>) : null
  } catch {
    return null
  }
}

function writeDraft(key: string, value: object | null): void {
  try {
    if (value) storage()?.setItem(key, JSON.stringify(value))
    else storage()?.removeItem(key)
  } catch {
    // storage full or unavailable: the draft then lives in memory only
  }
}

/** Removes every saved draft (on sign-out: the next person at this browser must not see them). */
export function clearAllDrafts(): void {
  const s = storage()
  if (!s) return
  const keys: string[] = []
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i)
    if (k?.startsWith(DRAFT_PREFIX)) keys.push(k)
  }
  keys.forEach((k) => s.removeItem(k))
}

function sameValues(a: object, b: object): boolean {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
}

export interface Draft<T> {
  values: T
  /** Sets some fields (or all, with a function of the current values). */
  set: (patch: Partial<T> | ((current: T) => T)) => void
  /** Back to the initial values and forget the saved draft (after a successful submit). */
  clear: () => void
  /** Whether the values were restored from a saved draft. */
  restored: boolean
}

/**
 * State for a form's fields that is saved as the user types and restored when the same form on
 * the same route mounts again. Only keys present in `initial` are restored, with their type.
 *
 *   const draft = useDraft('create-staff', { email: '', role: 'AGENT' })
 *   <input value={draft.values.email} onChange={(e) => draft.set({ email: e.target.value })} />
 */
export function useDraft<T extends Record<string, string | boolean | number>>(
  formId: string,
  initial: T,
  pathname: string = typeof window === 'undefined' ? '/' : window.location.pathname,
): Draft<T> {
  const key = draftKey(pathname, formId)
  const initialRef = useRef(initial)
  const [state, setState] = useState(() => {
    const saved = readDraft<T>(key)
    if (!saved) return { values: initial, restored: false }
    const values = { ...initial }
    let restored = false
    for (const k of Object.keys(initial) as (keyof T)[]) {
      const v = saved[k]
      if (v !== undefined && typeof v === typeof initial[k]) {
        values[k] = v as T[keyof T]
        if (v !== initial[k]) restored = true
      }
    }
    return { values, restored }
  })

  // save on every change; an untouched form leaves nothing behind
  useEffect(() => {
    writeDraft(key, sameValues(state.values, initialRef.current) ? null : state.values)
  }, [key, state.values])

  const set = useCallback((patch: Partial<T> | ((current: T) => T)) => {
    setState((s) => ({ ...s, values: typeof patch === 'function' ? patch(s.values) : { ...s.values, ...patch } }))
  }, [])

  const clear = useCallback(() => {
    writeDraft(key, null)
    setState({ values: initialRef.current, restored: false })
  }, [key])

  return { values: state.values, set, clear, restored: state.restored }
}
