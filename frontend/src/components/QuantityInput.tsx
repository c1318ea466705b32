import { useEffect, useState } from 'react'
import { useI18n } from '../i18n/i18n'

/**
 * A quantity stepper: − [n] + with a real number input in the middle (typed, or changed with the
 * arrow keys). Values are kept between 1 and `max`; what is being typed may be blank for a moment.
 */
export function QuantityInput({
  id,
  label,
  value,
  max,
  onChange,
  describedBy,
  invalid,
  disabled,
  hideLabel = false,
}: {
  id: string
  label: string
  value: number
  max: number
  onChange: (quantity: number) => void
  describedBy?: string
  invalid?: boolean
  disabled?: boolean
  hideLabel?: boolean
}) {
  const { t } = useI18n()
  const [text, setText] = useState(String(value))
  useEffect(() => setText(String(value)), [value])
  const top = Math.max(1, max)
  const set = (n: number) => {
    const q = Math.min(Math.max(1, Math.trunc(n)), top)
    setText(String(q))
    if (q !== value) onChange(q)
  }
  return (
    <div className="qty">
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'qty-label'}>
        {label}
      </label>
      <div className="qty-control">
        <button
          type="button"
          className="qty-btn"
          aria-label={t('qty.decrease')}
          aria-controls={id}
          onClick={() => set(value - 1)}
          disabled={disabled || value <= 1}
        >
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={top}
          step={1}
          value={text}
          disabled={disabled}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value)
            const n = Number.parseInt(e.target.value, 10)
            if (Number.isFinite(n) && n >= 1) {
              const q = Math.min(n, top)
              if (q !== value) onChange(q)
            }
          }}
          onBlur={() => setText(String(value))}
        />
        <button
          type="button"
          className="qty-btn"
          aria-label={t('qty.increase')}
          aria-controls={id}
          onClick={() => set(value + 1)}
          disabled={disabled || value >= top}
        >
          +
        </button>
      </div>
    </div>
  )
}
