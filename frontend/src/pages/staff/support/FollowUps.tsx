// Follow-up tasks on a ticket ("call back on Tuesday"): their owner is reminded when one falls due.
import { useId, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { describeRequestError, FormAlert } from '../../../components/Feedback'
import { TextField } from '../../../components/Field'
import type { StaffTicketFieldsFragment } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { splitUserErrors } from '../../../lib/errors'
import { formatDateTime } from '../../../lib/format'
import { CompleteFollowUpDocument, CreateFollowUpDocument } from './staffSupportData'

type FollowUp = NonNullable<StaffTicketFieldsFragment['followUps']>[number]

/** A datetime-local value ('2026-11-23T10:00', local time) as a UTC ISO string; null if invalid. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/** Tomorrow at 10:00 local time, as a datetime-local value. */
export function defaultDue(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 10, 0)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function FollowUps({ ticketId, followUps, onChanged }: { ticketId: string; followUps: readonly FollowUp[]; onChanged: () => void }) {
  const i18n = useI18n()
  const { t, tv, te, locale } = i18n
  const uid = useId()
  const [due, setDue] = useState(() => defaultDue())
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<{ due?: string; note?: string; general: string[] }>({ general: [] })
  const [{ fetching }, create] = useMutation(CreateFollowUpDocument)
  const [{ fetching: completing }, complete] = useMutation(CompleteFollowUpDocument)
  const [rowErrors, setRowErrors] = useState<string[]>([])
  const now = Date.now()
  const sorted = [...followUps].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    const dueAt = localInputToIso(due)
    const next: typeof errors = { general: [] }
    if (!dueAt) next.due = t('sup.follow.badDue')
    if (!note.trim()) next.note = t('sup.follow.noteRequired')
    if (next.due || next.note) {
      setErrors(next)
      return
    }
    setErrors({ general: [] })
    const res = await create({ input: { ticketId, dueAt: dueAt as string, note: note.trim() } })
    const payload = res.data?.createFollowUp
    if (res.error || !payload) {
      setErrors({ general: [res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')] })
      return
    }
    if (payload.userErrors.length > 0) {
      const { byField, general } = splitUserErrors(payload.userErrors, ['dueAt', 'note'] as const)
      setErrors({
        due: byField.dueAt ? te(byField.dueAt.code, byField.dueAt.message) : undefined,
        note: byField.note ? te(byField.note.code, byField.note.message) : undefined,
        general: general.map((u) => te(u.code, u.message)),
      })
      return
    }
    setNote('')
    setDue(defaultDue())
    onChanged()
  }

  const finish = async (id: string, cancel: boolean) => {
    setRowErrors([])
    const res = await complete({ id, cancel })
    const payload = res.data?.completeFollowUp
    if (res.error || !payload) setRowErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
    else if (payload.userErrors.length > 0) setRowErrors(payload.userErrors.map((u) => te(u.code, u.message)))
    else onChanged()
  }

  return (
    <div className="sup-followups" data-testid="follow-ups">
      {sorted.length > 0 ? (
        <ul className="sup-follow-list">
          {sorted.map((f) => {
            const overdue = f.status === 'OPEN' && Date.parse(f.dueAt) < now
            return (
              <li key={f.id} className={overdue ? 'sup-follow-overdue' : undefined} data-testid="follow-up" data-status={f.status}>
                <div>
                  <time dateTime={f.dueAt} className={overdue ? 'sup-cd-breached' : undefined}>
                    {formatDateTime(f.dueAt, locale)}
                  </time>{' '}
                  <span className={`badge ${f.status === 'OPEN' ? (overdue ? 'badge-danger' : 'badge-info') : ''}`}>
                    {overdue ? t('sup.follow.overdue') : tv('followUpStatus', f.status)}
                  </span>
                  <p>{f.note}</p>
                  {f.assignee ? <span className="muted small">{f.assignee.displayName || f.assignee.email}</span> : null}
                  {f.outcome ? <span className="muted small"> · {f.outcome}</span> : null}
                </div>
                {f.status === 'OPEN' ? (
                  <div className="button-row">
                    <button type="button" className="btn btn-secondary btn-small" disabled={completing} onClick={() => void finish(f.id, false)}>
                      {t('sup.follow.done')}
                    </button>
                    <button type="button" className="btn btn-ghost btn-small" disabled={completing} onClick={() => void finish(f.id, true)}>
                      {t('sup.follow.cancel')}
                    </button>
                  </div>
                ) : null}
              </li>
            )
          })}
        </ul>
      ) : (
        <p className="muted small">{t('sup.follow.none')}</p>
      )}
      <FormAlert messages={rowErrors} />
      <form className="form-stack sup-follow-form" onSubmit={onSubmit} noValidate aria-busy={fetching}>
        <FormAlert messages={errors.general} />
        <div className="sup-form-row">
          <TextField id={`${uid}-due`} label={t('sup.follow.due')} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors.due} />
          <TextField id={`${uid}-note`} label={t('sup.follow.note')} placeholder={t('sup.follow.notePlaceholder')} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
        </div>
        <div>
          <button type="submit" className="btn btn-secondary" disabled={fetching}>
            {t('sup.follow.add')}
          </button>
        </div>
      </form>
    </div>
  )
}
