// CSAT survey: 1–5 stars and an optional comment, after a resolved ticket or a delivery. One
// answer per survey: once sent (or when the server says it was already answered) the form is
// replaced by a thank-you and cannot be sent again.
import { useId, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { describeRequestError, FormAlert } from '../../components/Feedback'
import { TextAreaField } from '../../components/Field'
import type { SurveyResponseKind } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { SurveyAnswerDocument } from './supportData'

const SCORE_LABELS = ['sup.survey.label1', 'sup.survey.label2', 'sup.survey.label3', 'sup.survey.label4', 'sup.survey.label5'] as const

export function SurveyForm({
  kind,
  subjectId,
  question,
  onAnswered,
  testId = 'survey',
}: {
  kind: SurveyResponseKind
  subjectId: string
  question: string
  onAnswered?: (score: number) => void
  testId?: string
}) {
  const i18n = useI18n()
  const { t, te } = i18n
  const uid = useId()
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [missing, setMissing] = useState(false)
  const [sent, setSent] = useState<{ score: number | null } | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [{ fetching }, answer] = useMutation(SurveyAnswerDocument)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (fetching || sent) return
    if (score < 1) {
      setMissing(true)
      document.getElementById(`${uid}-1`)?.focus()
      return
    }
    setMissing(false)
    setErrors([])
    const res = await answer({ input: { kind, subjectId, score, comment: comment.trim() || undefined } })
    const payload = res.data?.answerSurvey
    if (res.error || !payload) {
      setErrors([res.error ? describeRequestError(res.error, i18n) : t('common.errorBody')])
      return
    }
    if (payload.response) {
      setSent({ score: payload.response.score })
      onAnswered?.(payload.response.score)
      return
    }
    if (payload.userErrors.some((u) => u.code === 'ALREADY_ANSWERED')) {
      setSent({ score: null })
      onAnswered?.(score)
      return
    }
    setErrors(payload.userErrors.map((u) => te(u.code, u.message)))
  }

  if (sent) {
    return (
      <div className="notice notice-success" role="status" data-testid={`${testId}-done`}>
        <p className="notice-title">{t('sup.survey.thanks')}</p>
        <p>{sent.score ? t('sup.survey.yourScore', { score: sent.score }) : t('sup.survey.already')}</p>
      </div>
    )
  }

  return (
    <form className="form-stack sup-survey" onSubmit={onSubmit} noValidate data-testid={testId} aria-busy={fetching}>
      <fieldset className="sup-stars" aria-describedby={missing ? `${uid}-err` : undefined}>
        <legend>{question}</legend>
        <div className="sup-stars-row">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={n <= score ? 'sup-star on' : 'sup-star'} title={t(SCORE_LABELS[n - 1])}>
              <input
                id={`${uid}-${n}`}
                type="radio"
                name={`${uid}-score`}
                value={n}
                checked={score === n}
                onChange={() => {
                  setScore(n)
                  setMissing(false)
                }}
                className="sup-star-input"
                data-testid={`${testId}-score-${n}`}
              />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">{t('sup.survey.score', { n, label: t(SCORE_LABELS[n - 1]) })}</span>
            </label>
          ))}
          {score > 0 ? (
            <span className="muted small sup-star-label" aria-hidden="true">
              {t(SCORE_LABELS[score - 1])}
            </span>
          ) : null}
        </div>
        {missing ? (
          <p id={`${uid}-err`} className="field-error" role="alert">
            {t('sup.survey.pickScore')}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        id={`${uid}-comment`}
        label={t('sup.survey.comment')}
        optional
        rows={2}
        maxLength={2000}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <FormAlert messages={errors} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={fetching} data-testid={`${testId}-submit`}>
          {fetching ? t('sup.sending') : t('sup.survey.send')}
        </button>
      </div>
    </form>
  )
}
