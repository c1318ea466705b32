// Scanning the QR code on a label with the phone's camera, where the browser has
// BarcodeDetector (Chrome on Android, Edge, …). Elsewhere the button is simply not shown.
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../i18n/i18n'
import { trackingNumberFromScan } from './TrackingData'

interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>
}
type BarcodeDetectorCtor = new (options?: { formats?: string[] }) => BarcodeDetectorLike

function detectorClass(): BarcodeDetectorCtor | null {
  const ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector
  return typeof ctor === 'function' ? ctor : null
}

/** Whether this browser can scan (BarcodeDetector and a camera API). */
export function canScan(): boolean {
  return !!detectorClass() && typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia
}

type ScanError = 'denied' | 'noCamera' | 'failed'

/** The camera view; calls onNumber with the first tracking number it reads, onClose to stop. */
export function QrScanner({ onNumber, onClose }: { onNumber: (number: string) => void; onClose: () => void }) {
  const { t } = useI18n()
  const videoRef = useRef<HTMLVideoElement>(null)
  const [error, setError] = useState<ScanError | null>(null)
  const [unreadable, setUnreadable] = useState(false)
  const done = useRef(false)
  const onNumberRef = useRef(onNumber)
  onNumberRef.current = onNumber

  useEffect(() => {
    const Detector = detectorClass()
    if (!Detector) return
    let stream: MediaStream | null = null
    let timer = 0
    let stopped = false
    const detector = new Detector({ formats: ['qr_code'] })
    const tick = async () => {
      const video = videoRef.current
      if (stopped || !video) return
      if (video.readyState >= 2) {
        try {
          const codes = await detector.detect(video)
          for (const c of codes) {
            const number = trackingNumberFromScan(c.rawValue)
            if (number && !done.current) {
              done.current = true
              onNumberRef.current(number)
              return
            }
            if (!number) setUnreadable(true)
          }
        } catch {
          // a frame that could not be read: try the next one
        }
      }
      if (!stopped) timer = window.setTimeout(tick, 250)
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then((s) => {
        if (stopped) {
          s.getTracks().forEach((track) => track.stop())
          return
        }
        stream = s
        const video = videoRef.current
        if (video) {
          video.srcObject = s
          void video.play().catch(() => {})
        }
        tick()
      })
      .catch((err: unknown) => {
        const name = err instanceof DOMException ? err.name : ''
        setError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' ? 'noCamera' : 'failed')
      })
    return () => {
      stopped = true
      window.clearTimeout(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  return (
    <div className="trk-scanner card" role="region" aria-label={t('trk.scan.title')} data-testid="qr-scanner">
      <div className="trk-scanner-head">
        <p className="notice-title">{t('trk.scan.title')}</p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onClose} autoFocus>
          {t('trk.scan.close')}
        </button>
      </div>
      {error ? (
        <p className="notice notice-warning" role="alert">
          {t(error === 'denied' ? 'trk.scan.denied' : error === 'noCamera' ? 'trk.scan.noCamera' : 'trk.scan.failed')}
        </p>
      ) : (
        <>
          <div className="trk-scanner-view">
            <video ref={videoRef} muted playsInline aria-hidden="true" />
            <span className="trk-scanner-frame" aria-hidden="true" />
          </div>
          <p className="muted" role="status">
            {unreadable ? t('trk.scan.unreadable') : t('trk.scan.hint')}
          </p>
        </>
      )}
    </div>
  )
}
