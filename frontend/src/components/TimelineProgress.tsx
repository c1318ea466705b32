// The milestone bar of the tracking page: info received → in transit → out for delivery →
// delivered, with a problem (exception, failed attempt, no news) marked on the step it happened at.
import { useI18n } from '../i18n/i18n'
import type { MessageKey } from '../i18n/messages'

export const MILESTONES = ['INFO_RECEIVED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const
export type Milestone = (typeof MILESTONES)[number]

export type StepState = 'done' | 'current' | 'problem' | 'upcoming'
export type Problem = 'exception' | 'attemptFail' | 'expired' | null

export interface Progress {
  /** Index of the milestone reached (−1: not even the label yet). */
  reached: number
  problem: Problem
  /** At a pickup point: the last step reads "ready for pickup" instead of "delivered". */
  pickup: boolean
  steps: { milestone: Milestone; state: StepState }[]
}

/** Where a status puts the parcel on the bar; null for statuses that say nothing about it. */
function milestoneIndex(status: string): number | null {
  switch (status) {
    case 'PENDING':
      return -1
    case 'INFO_RECEIVED':
      return 0
    case 'IN_TRANSIT':
      return 1
    case 'OUT_FOR_DELIVERY':
    case 'ATTEMPT_FAIL':
    case 'AVAILABLE_FOR_PICKUP':
      return 2
    case 'DELIVERED':
      return 3
    default:
      return null
  }
}

/**
 * Maps the parcel's status (and, for an exception or silence, how far its events got) to the
 * milestone bar.
 */
export function progressOf(status: string, events: readonly { status: string }[] = []): Progress {
  let reached = milestoneIndex(status)
  let problem: Problem = null
  if (status === 'ATTEMPT_FAIL') problem = 'attemptFail'
  if (status === 'EXCEPTION' || status === 'EXPIRED' || reached === null) {
    problem = status === 'EXPIRED' ? 'expired' : status === 'EXCEPTION' ? 'exception' : null
    // stuck where the furthest ordinary event got it (a delivered parcel is never "undone")
    reached = events.reduce((max, e) => Math.max(max, milestoneIndex(e.status) ?? -1), -1)
    if (problem) reached = Math.min(Math.max(reached, 0), 2)
  }
  const pickup = status === 'AVAILABLE_FOR_PICKUP'
  const steps = MILESTONES.map((milestone, i) => {
    let state: StepState
    if (status === 'DELIVERED') state = 'done'
    else if (i < reached!) state = 'done'
    else if (i === reached) state = problem ? 'problem' : 'current'
    else if (pickup && i === 3) state = 'current'
    else state = 'upcoming'
    return { milestone, state }
  })
  return { reached: reached!, problem, pickup, steps }
}

const LABELS: Record<Milestone, MessageKey> = {
  INFO_RECEIVED: 'trk.step.infoReceived',
  IN_TRANSIT: 'trk.step.inTransit',
  OUT_FOR_DELIVERY: 'trk.step.outForDelivery',
  DELIVERED: 'trk.step.delivered',
}

const PROBLEM_LABELS: Record<Exclude<Problem, null>, MessageKey> = {
  exception: 'trk.step.problem.exception',
  attemptFail: 'trk.step.problem.attemptFail',
  expired: 'trk.step.problem.expired',
}

const STATE_LABELS: Record<StepState, MessageKey> = {
  done: 'trk.step.state.done',
  current: 'trk.step.state.current',
  problem: 'trk.step.state.problem',
  upcoming: 'trk.step.state.upcoming',
}

export function TimelineProgress({ status, events }: { status: string; events: readonly { status: string }[] }) {
  const { t } = useI18n()
  const p = progressOf(status, events)
  // the filled part of the line: up to the step reached
  const fill = Math.max(0, Math.min(p.reached, MILESTONES.length - 1)) / (MILESTONES.length - 1)
  return (
    <div className="trk-progress" data-testid="progress" data-reached={p.reached} data-problem={p.problem ?? undefined}>
      <div className="trk-progress-line" aria-hidden="true">
        <span className={p.problem ? 'trk-progress-fill problem' : 'trk-progress-fill'} style={{ width: `${fill * 100}%` }} />
      </div>
      <ol className="trk-steps" aria-label={t('trk.progressLabel')}>
        {p.steps.map((s) => {
          const label =
            s.milestone === 'DELIVERED' && p.pickup ? t('trk.step.pickup') : t(LABELS[s.milestone])
          return (
            <li
              key={s.milestone}
              className={`trk-step trk-step-${s.state}`}
              data-state={s.state}
              aria-current={s.state === 'current' || s.state === 'problem' ? 'step' : undefined}
            >
              <span className="trk-step-dot" aria-hidden="true">
                {s.state === 'done' ? '✓' : s.state === 'problem' ? '!' : ''}
              </span>
              <span className="trk-step-label">
                {label}
                {s.state === 'problem' && p.problem ? (
                  <span className="trk-step-problem">{t(PROBLEM_LABELS[p.problem])}</span>
                ) : null}
              </span>
              <span className="visually-hidden">{t(STATE_LABELS[s.state])}</span>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
