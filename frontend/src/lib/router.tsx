// A tiny client-side router on the History API: enough for a handful of routes, no dependency.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type Ref } from 'react'

const NAVIGATE_EVENT = 'waybill:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

function getPath(): string {
  return window.location.pathname
}

function getSearch(): string {
  return window.location.search
}

/** The current path, re-rendering on every navigation (links, back/forward). */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPath, () => '/')
}

/** The current query string as URLSearchParams, re-rendering when it changes. */
export function useSearchParams(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, getSearch, () => '')
  return new URLSearchParams(search)
}

/**
 * A path to go back to after signing in: same-origin and absolute ('/staff/audit?x=1'), never a
 * protocol-relative '//evil.example' or an absolute URL; else null.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  if (/^\/(login|register)(\/|\?|$)/.test(value)) return null
  return value
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  window.scrollTo?.(0, 0)
}

/**
 * Matches '/track/:number' against a path. Returns the decoded params, or null when it does not
 * match. A trailing slash is ignored.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const split = (p: string) => p.replace(/\/+$/, '').split('/').filter(Boolean)
  const want = split(pattern)
  const have = split(pathname)
  if (want.length !== have.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(have[i])
      } catch {
        return null
      }
    } else if (w !== have[i]) {
      return null
    }
  }
  return params
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; ref?: Ref<HTMLAnchorElement> }

/** A real link (works with middle-click, copy link, no JS) that navigates in-app on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    if (rest.target && rest.target !== '_self') return
    e.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={handle} {...rest} />
}
