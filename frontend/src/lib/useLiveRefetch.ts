import { useEffect, useRef } from 'react'

/**
 * Calls `refetch` every `intervalMs` while the page is visible, and at once when the window gets
 * focus back or the tab becomes visible again (stock changes while the shopper looks elsewhere).
 */
export function useLiveRefetch(refetch: () => void, intervalMs = 15000, enabled = true): void {
  const ref = useRef(refetch)
  ref.current = refetch
  useEffect(() => {
    if (!enabled) return
    let last = Date.now()
    const run = () => {
      last = Date.now()
      ref.current()
    }
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') run()
    }, intervalMs)
    // focus and visibility often fire together: one refetch is enough
    const onBack = () => {
      if (document.visibilityState !== 'hidden' && Date.now() - last > 1000) run()
    }
    window.addEventListener('focus', onBack)
    document.addEventListener('visibilitychange', onBack)
    return () => {
      window.clearInterval(id)
      window.removeEventListener('focus', onBack)
      document.removeEventListener('visibilitychange', onBack)
    }
  }, [intervalMs, enabled])
}
