// The scan field: made for keyboard-wedge scanners (they type the code and Enter) and for typing
// by hand, with the phone camera as an optional source. It keeps the focus: after every scan, and
// when a tap on the page (not on another control) would take it away.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react'
import { useI18n } from '../../../i18n/i18n'
import { CameraScanner, cameraScanAvailable } from './CameraScanner'
import { setSoundEnabled, soundEnabled } from './feedback'

export type ScanTone = 'ok' | 'error' | 'info'

export interface ScanFeedback {
  tone: ScanTone
  title: string
  text: string
  /** Changes with every outcome, so the same words twice are still announced and flashed. */
  seq: number
}

export interface ScanBoxHandle {
  focus: () => void
}

interface ScanBoxProps {
  label: string
  hint?: ReactNode
  placeholder?: string
  feedback: ScanFeedback | null
  /** Called with each scanned code; scans are handled one after another. */
  onScan: (code: string) => Promise<void> | void
  /** Extra inputs (quantity, lot, tote) shown under "More options". */
  options?: ReactNode
  /** Escape pressed in the field (e.g. to drop a pending lot). */
  onEscape?: () => void
  busy?: boolean
}

export const ScanBox = forwardRef<ScanBoxHandle, ScanBoxProps>(function ScanBox(
  { label, hint, placeholder, feedback, onScan, options, onEscape, busy },
  ref,
) {
  const { t } = useI18n()
  const inputRef = useRef<HTMLInputElement>(null)
  const [value, setValue] = useState('')
  const [camera, setCamera] = useState(false)
  const [sound, setSound] = useState(soundEnabled)
  const [flash, setFlash] = useState<ScanTone | null>(null)
  const queue = useRef<Promise<void>>(Promise.resolve())
  const onScanRef = useRef(onScan)
  onScanRef.current = onScan

  const focus = useCallback(() => inputRef.current?.focus({ preventScroll: true }), [])
  useImperativeHandle(ref, () => ({ focus }), [focus])

  // autoFocus runs before the app moves the focus to <main> after a navigation: take it back
  useEffect(() => {
    const id = window.setTimeout(() => {
      const active = document.activeElement
      if (!active || active === document.body || active.id === 'main') focus()
    }, 0)
    return () => window.clearTimeout(id)
  }, [focus])

  // a red or green flash for every outcome
  useEffect(() => {
    if (!feedback || feedback.tone === 'info') return
    setFlash(feedback.tone)
    const id = window.setTimeout(() => setFlash(null), 900)
    return () => window.clearTimeout(id)
  }, [feedback])

  /** Back to the field, unless the user has moved on to another control on purpose. */
  const refocus = useCallback(() => {
    const active = document.activeElement
    if (!active || active === document.body || active === inputRef.current) focus()
  }, [focus])

  const submit = (raw: string) => {
    const code = raw.trim()
    if (!code) return
    queue.current = queue.current
      .then(() => onScanRef.current(code))
      .catch(() => {})
      .then(refocus)
  }

  const describedBy = ['wh-scan-hint', feedback ? 'wh-scan-feedback' : ''].filter(Boolean).join(' ')

  return (
    <div className={`wh-scan${flash ? ` wh-flash-${flash}` : ''}`} data-testid="scan-box" data-flash={flash ?? undefined}>
      <form
        className="wh-scan-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit(value)
          setValue('')
        }}
      >
        <label htmlFor="wh-scan" className="wh-scan-label">
          {label}
        </label>
        <div className="wh-scan-row">
          <input
            id="wh-scan"
            ref={inputRef}
            className="wh-scan-input"
            type="text"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && onEscape) {
                e.preventDefault()
                onEscape()
              }
            }}
            onBlur={(e) => {
              // a tap on the page itself (no other control takes the focus) keeps scanning going
              if (!e.relatedTarget) window.setTimeout(refocus, 0)
            }}
            placeholder={placeholder}
            autoFocus
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="enter"
            aria-describedby={describedBy}
            aria-busy={busy || undefined}
            data-testid="scan-input"
          />
          <button type="submit" className="btn btn-primary">
            {t('wh.scan.submit')}
          </button>
        </div>
        <div id="wh-scan-hint" className="field-hint">
          {hint ?? t('wh.scan.hint')}
        </div>
      </form>

      <div
        id="wh-scan-feedback"
        className={`wh-scan-feedback${feedback ? ` wh-scan-feedback-${feedback.tone}` : ''}`}
        data-testid="scan-feedback"
        data-tone={feedback?.tone}
      >
        {feedback ? (
          <>
            <span className="wh-scan-icon" aria-hidden="true">
              {feedback.tone === 'ok' ? '✓' : feedback.tone === 'error' ? '✕' : 'ℹ'}
            </span>
            <span>
              <strong className="wh-scan-title">{feedback.title}</strong> <span data-testid="scan-feedback-text">{feedback.text}</span>
            </span>
          </>
        ) : (
          <span className="muted">{t('wh.scan.ready')}</span>
        )}
      </div>
      {/* screen readers hear every outcome at once; the zero-width space makes a repeat count as new */}
      <p className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="scan-announce">
        {feedback ? `${feedback.title} ${feedback.text}${feedback.seq % 2 ? '\u200b' : ''}` : ''}
      </p>

      <div className="wh-scan-tools">
        {options ? (
          <details className="wh-scan-options">
            <summary>{t('wh.scan.moreOptions')}</summary>
            <div className="wh-scan-options-body">{options}</div>
          </details>
        ) : null}
        <span className="wh-scan-tool-buttons">
          {cameraScanAvailable() ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              aria-pressed={camera}
              onClick={() => setCamera((c) => !c)}
              data-testid="camera-toggle"
            >
              {camera ? t('wh.camera.close') : t('wh.camera.open')}
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-pressed={sound}
            onClick={() => {
              setSoundEnabled(!sound)
              setSound(!sound)
            }}
          >
            {sound ? t('wh.scan.soundOn') : t('wh.scan.soundOff')}
          </button>
        </span>
      </div>
      {camera ? <CameraScanner onCode={(code) => submit(code)} onClose={() => setCamera(false)} /> : null}
    </div>
  )
})
