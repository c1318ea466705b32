// Resolving a ticket needs a root cause and a resolution note: the form asks for both before it
// sends anything (the server insists too), so the dashboards can tell which problems keep coming back.
import { useId, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { describeRequestError, FormAlert } from '../../../components/Feedback'
import { SelectField, TextAreaField } from '../../../components/Field'
import type { TicketRootCause } from '../../../gql/graphql'
import { useI18n } from '../../../i18n/i18n'
import { useDraft } from '../../../lib/draft'
import { splitUserErrors } from '../../../lib/errors'
import { ResolveTicketDocument } from './staffSupportData'

export const ROOT_CAUSES: readonly TicketRootCause[] = [
  'INVENTORY_ERROR',
  'PICKING_ERROR',
  'PACKING_DAMAGE',
  'CARRIER_DELAY',
  'ADDRESS_ERROR',
  'PAYMENT_ISSUE',
  'PRODUCT_DEFECT',
  'CUSTOMER_CHANGED_MIND',
  'OTHER',
]

/** What is missing before a ticket can be resolved (empty: nothing). */
export function resolveProblems(values: { rootCause: string; note: string }): { rootCause?: 'missing'; note?: 'missing' } {
  const out: { rootCause?: 'missing'; note?: 'missing' } = {}
  if (!values.rootCause) out.rootCause = 'missing'
  if (!values.note.trim()) out.note = 'missing'
  return out
}

export function ResolveForm({ ticketId, ticketNumber, onResolved }: { ticketId: string; ticketNumber: string; onResolved?: () => void }) {
  const i18n = useI18n()
  const { t, tv, te } = i18n
  const uid = useId()
  const draft = useDraft(`resolve-${ticketNumber}`, { rootCause: '', note: '' })
  const [errors, setErrors] = useState<{ rootCause?: string; note?: string; general: string[] }>({ general: [] })
  const [{ fetching }, resolve] = useMutation(ResolveTicketDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching) return
    const problems = resolveProblems(draft.values)
    if (problems.rootCause || problems.note) {
      setErrors({
        rootCause: problems.rootCause ? t('sup.resolve.rootCauseRequired') : undefined,
        note: problems.note ? t('sup.resolve.noteRequired') : undefined,
        general: [],
      })
      document.getElementById(problems.rootCause ? `${uid}-cause` : `${uid}-note`)?.focus()
      return
    }
    setErrors({ general: [] })
    const res = await resolve({
      input: { ticketId, rootCause: draft.values.rootCause as TicketRootCause, resolutionNote: draft.values.note.trim() },
    })
    const payload = res.data?.resolveTicket
    if (res.error || !payload) {
      setErrors({ general: [res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')] })
      return
    }
    if (payload.userErrors.length > 0) {
      const { byField, general } = splitUserErrors(payload.userErrors, ['rootCause', 'resolutionNote'] as const)
      setErrors({
        rootCause: byField.rootCause ? te(byField.rootCause.code, byField.rootCause.message) : undefined,
        note: byField.resolutionNote ? te(byField.resolutionNote.code, byField.resolutionNote.message) : undefined,
        general: general.map((u) => te(u.code, u.message)),
      })
      return
    }
    draft.clear()
    onResolved?.()
  }

  return (
    <form className="form-stack" onSubmit={onSubmit} noValidate aria-busy={fetching} data-testid="resolve-form">
      <FormAlert messages={errors.general} testId="resolve-errors" />
      <SelectField
        id={`${uid}-cause`}
        label={t('sup.resolve.rootCause')}
        value={draft.values.rootCause}
        onChange={(e) => {
          draft.set({ rootCause: e.target.value })
          setErrors((er) => ({ ...er, rootCause: undefined }))
        }}
        error={errors.rootCause}
        required
        aria-required="true"
      >
        <option value="">{t('sup.resolve.chooseCause')}</option>
        {ROOT_CAUSES.map((c) => (
          <option key={c} value={c}>
            {tv('rootCause', c)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        id={`${uid}-note`}
        label={t('sup.resolve.note')}
        hint={t('sup.resolve.noteHint')}
        rows={3}
        maxLength={2000}
        required
        aria-required="true"
        value={draft.values.note}
        onChange={(e) => {
          draft.set({ note: e.target.value })
          setErrors((er) => ({ ...er, note: undefined }))
        }}
        error={errors.note}
      />
      <div>
        <button type="submit" className="btn btn-primary" disabled={fetching} data-testid="resolve-submit">
          {fetching ? t('sup.resolve.resolving') : t('sup.resolve.submit')}
        </button>
      </div>
    </form>
  )
}
