// The phone camera as a barcode scanner, where the browser has BarcodeDetector (Chrome on
// Android, Edge, …). Elsewhere the camera button is simply not offered: the keyboard-wedge
// scanner or typing the code works everywhere.
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../../../i18n/i18n'

interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>
}
type BarcodeDetectorCtor = {
  new (options?: { formats?: string[] }): BarcodeDetectorLike
  getSupportedFormats?: () => Promise<string[]>
}

const WANTED = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'code_39', 'itf', 'qr_code', 'data_matrix']

function detectorClass(): BarcodeDetectorCtor | null {
  const ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector
  return typeof ctor === 'function' ? ctor : null
}

export function cameraScanAvailable(): boolean {
  return !!detectorClass() && typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia
}

type CameraError = 'denied' | 'noCamera' | 'failed'

/**
 * The camera view: calls onCode for every barcode it reads (the same code again only after a
 * pause, so holding an item in view does not scan it twice).
 */
export function CameraScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useI18n()
  const videoRef = useRef<HTMLVideoElement>(null)
  const [error, setError] = useState<CameraError | null>(null)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode

  useEffect(() => {
    const Detector = detectorClass()
    if (!Detector) return
    let stream: MediaStream | null = null
    let timer = 0
    let stopped = false
    let last = { code: '', at: 0 }
    let detector: BarcodeDetectorLike | null = null
    const tick = async () => {
      const video = videoRef.current
      if (stopped || !video || !detector) return
      if (video.readyState >= 2) {
        try {
          const codes = await detector.detect(video)
          const now = Date.now()
          for (const c of codes) {
            const code = c.rawValue.trim()
            if (!code || (code === last.code && now - last.at < 2000)) continue
            last = { code, at: now }
            onCodeRef.current(code)
            break
          }
        } catch {
          // a frame that could not be read: try the next one
        }
      }
      if (!stopped) timer = window.setTimeout(tick, 200)
    }
    const start = async () => {
      const supported = (await Detector.getSupportedFormats?.().catch(() => null)) ?? null
      const formats = supported ? WANTED.filter((f) => supported.includes(f)) : WANTED
      detector = new Detector(formats.length ? { formats } : undefined)
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
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
      void tick()
    }
    start().catch((err: unknown) => {
      const name = err instanceof DOMException ? err.name : ''
      setError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' ? 'noCamera' : 'failed')
    })
    return () => {
      stopped = true
      window.clearTimeout(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [])

  return (
    <div className="wh-camera" role="region" aria-label={t('wh.camera.title')} data-testid="camera-scanner">
      {error ? (
        <p className="notice notice-warning" role="alert">
          {t(error === 'denied' ? 'wh.camera.denied' : error === 'noCamera' ? 'wh.camera.noCamera' : 'wh.camera.failed')}
        </p>
      ) : (
        <div className="wh-camera-view">
          <video ref={videoRef} muted playsInline aria-hidden="true" />
          <span className="wh-camera-frame" aria-hidden="true" />
        </div>
      )}
      <p className="wh-camera-foot">
        <span className="muted small">{t('wh.camera.hint')}</span>
        <button type="button" className="btn btn-secondary btn-small" onClick={onClose}>
          {t('wh.camera.close')}
        </button>
      </p>
    </div>
  )
}
