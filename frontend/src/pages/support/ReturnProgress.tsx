// Where a return (RMA) stands, step by step: requested → approved → pickup booked → received →
// inspected → refunded / exchanged. A rejected or cancelled return says so instead.
import type { ReturnFieldsFragment } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { formatDate, formatMoney } from '../../lib/format'
import { Link } from '../../lib/router'
import { RETURN_STEPS, returnStepIndex, returnStopped, type ReturnStep } from './supportData'

const STEP_LABEL = {
  REQUESTED: 'sup.return.step.requested',
  APPROVED: 'sup.return.step.approved',
  PICKUP_SCHEDULED: 'sup.return.step.pickup',
  RECEIVED: 'sup.return.step.received',
  INSPECTED: 'sup.return.step.inspected',
  DONE: 'sup.return.step.done',
} as const satisfies Record<ReturnStep, string>

function stepDate(ret: ReturnFieldsFragment, step: ReturnStep): string | null | undefined {
  switch (step) {
    case 'REQUESTED':
      return ret.createdAt
    case 'APPROVED':
      return ret.approvedAt
    case 'PICKUP_SCHEDULED':
      return ret.pickupScheduledAt
    case 'RECEIVED':
      return ret.receivedAt
    case 'INSPECTED':
      return ret.inspectedAt
    case 'DONE':
      return ret.completedAt
  }
}

export function ReturnProgress({ ret, compact = false }: { ret: ReturnFieldsFragment; compact?: boolean }) {
  const { t, tv, locale } = useI18n()
  const money = (n: number) => formatMoney(n, ret.currency, locale)
  const at = returnStepIndex(ret.status)
  const finished = ret.status === 'REFUNDED' || ret.status === 'EXCHANGED' || ret.status === 'CLOSED'
  const stopped = returnStopped(ret.status)
  const doneLabel = ret.resolution === 'EXCHANGE' ? t('sup.return.step.exchanged') : t('sup.return.step.refunded')

  return (
    <div className="sup-return-body">
      {stopped ? (
        <p className={ret.status === 'REJECTED' ? 'notice notice-warning' : 'muted'} data-testid="return-stopped">
          {ret.status === 'REJECTED' ? t('sup.return.rejected') : t('sup.return.cancelled')}
          {ret.decisionNote ? ` ${t('sup.return.because', { note: ret.decisionNote })}` : ''}
        </p>
      ) : (
        <ol className="sup-steps" aria-label={t('sup.return.progress')} data-testid="return-steps">
          {RETURN_STEPS.map((step, i) => {
            const state = i < at || finished ? 'done' : i === at ? 'current' : 'todo'
            const when = stepDate(ret, step)
            return (
              <li key={step} className={`sup-step sup-step-${state}`} aria-current={i === at ? 'step' : undefined}>
                <span className="sup-step-dot" aria-hidden="true" />
                <span className="sup-step-label">{step === 'DONE' ? doneLabel : t(STEP_LABEL[step])}</span>
                {when && state !== 'todo' ? <span className="sup-step-date">{formatDate(when, locale)}</span> : null}
              </li>
            )
          })}
        </ol>
      )}
      {!compact ? (
        <dl className="sup-facts">
          <div>
            <dt>{t('sup.return.resolution')}</dt>
            <dd>{tv('returnResolution', ret.resolution)}</dd>
          </div>
          <div>
            <dt>{t('sup.return.reason')}</dt>
            <dd>{ret.reason}</dd>
          </div>
          {(ret.lines ?? []).length > 0 ? (
            <div>
              <dt>{t('sup.return.items')}</dt>
              <dd>{(ret.lines ?? []).map((l) => `${l.name} × ${l.quantity}`).join(', ')}</dd>
            </div>
          ) : null}
          <div>
            <dt>{ret.resolution === 'EXCHANGE' ? t('sup.return.value') : t('sup.return.refund')}</dt>
            <dd>
              {money(ret.refundAmount)}
              {ret.refundedAmount > 0 ? ` · ${t('sup.return.refunded', { amount: money(ret.refundedAmount) })}` : ''}
            </dd>
          </div>
          {ret.returnShipment ? (
            <div>
              <dt>{t('sup.return.pickupParcel')}</dt>
              <dd>
                <Link to={`/track/${encodeURIComponent(ret.returnShipment.trackingNumber)}`} className="mono">
                  {ret.returnShipment.trackingNumber}
                </Link>
              </dd>
            </div>
          ) : null}
          {ret.exchangeOrder ? (
            <div>
              <dt>{t('sup.return.exchangeOrder')}</dt>
              <dd>
                <Link to={`/account/orders/${encodeURIComponent(ret.exchangeOrder.number)}`} className="mono">
                  {ret.exchangeOrder.number}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </div>
  )
}
