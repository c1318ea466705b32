// Sound and vibration for scans: a short low buzz for a refusal, a short high blip for a good
// scan. WebAudio needs no files; browsers without it (or with sound switched off) stay silent.

export const SOUND_STORAGE_KEY = 'waybill.scanSound'

export function soundEnabled(): boolean {
  try {
    return window.localStorage.getItem(SOUND_STORAGE_KEY) !== 'off'
  } catch {
    return true
  }
}

export function setSoundEnabled(on: boolean): void {
  try {
    window.localStorage.setItem(SOUND_STORAGE_KEY, on ? 'on' : 'off')
  } catch {
    // the choice lasts for this page only
  }
}

type AudioContextCtor = new () => AudioContext

let audio: AudioContext | null = null

function audioContext(): AudioContext | null {
  if (audio) return audio
  const w = window as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor }
  const Ctor = w.AudioContext ?? w.webkitAudioContext
  if (!Ctor) return null
  try {
    audio = new Ctor()
  } catch {
    return null
  }
  return audio
}

/** Plays the cue for a scan outcome (and vibrates a phone on a refusal). Never throws. */
export function scanCue(kind: 'ok' | 'error'): void {
  if (kind === 'error') {
    try {
      navigator.vibrate?.([120, 60, 120])
    } catch {
      // no vibration here
    }
  }
  if (!soundEnabled()) return
  const ctx = audioContext()
  if (!ctx) return
  try {
    if (ctx.state === 'suspended') void ctx.resume()
    const now = ctx.currentTime
    const duration = kind === 'error' ? 0.28 : 0.08
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = kind === 'error' ? 'square' : 'sine'
    osc.frequency.setValueAtTime(kind === 'error' ? 196 : 1320, now)
    gain.gain.setValueAtTime(0.0001, now)
    gain.gain.exponentialRampToValueAtTime(kind === 'error' ? 0.25 : 0.15, now + 0.01)
    gain.gain.exponentialRampToValueAtTime(0.0001, now + duration)
    osc.connect(gain)
    gain.connect(ctx.destination)
    osc.start(now)
    osc.stop(now + duration + 0.02)
  } catch {
    // audio is a nicety
  }
}
