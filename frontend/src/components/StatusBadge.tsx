import { useI18n } from '../i18n/i18n'

export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral'

/** Colour for a status value; matches on words so new server-side values still get a sensible tone. */
export function statusTone(status: string): Tone {
  const s = status.toUpperCase()
  if (/HOLD|DELAY|LATE|REVIEW|ATTEMPT/.test(s)) return 'warning'
  if (/EXCEPTION|FAIL|LOST|DAMAGE|REJECT|CANCEL|RETURN|REFUND/.test(s)) return 'danger'
  if (/OUT_FOR_DELIVERY/.test(s)) return 'info'
  if (/DELIVERED|COMPLETE|DONE|FULFILLED/.test(s)) return 'success'
  if (/TRANSIT|PICK|PACK|SHIP|ALLOC|CONFIRM|HUB|ARRIV|DEPART|PAID/.test(s)) return 'info'
  return 'neutral'
}

/** A status pill; `kind` selects the label namespace (e.g. 'parcelStatus', 'orderStatus'). */
export function StatusBadge({ status, kind }: { status: string; kind: string }) {
  const { tv } = useI18n()
  return (
    <span className={`badge badge-${statusTone(status)}`} data-status={status}>
      {tv(kind, status)}
    </span>
  )
}
