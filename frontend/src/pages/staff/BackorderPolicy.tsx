// A product's backorder policy (MANAGE_STOCK): ALLOW sells beyond stock (what is missing is
// recorded on the order line and ships when stock arrives, oldest order first), DENY refuses an
// order for more than is available. The control is on the warehouse stock screen (a SKU's
// ledger) and in Stock → "Backorders by SKU".
import { useId, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { describeRequestError, ErrorState, FormAlert, Spinner } from '../../components/Feedback'
import { RestockEta, stockLabel } from '../../components/Stock'
import { graphql } from '../../gql'
import type { ProductBackorderPolicy } from '../../gql/graphql'
import { useI18n } from '../../i18n/i18n'
import { formatNumber } from '../../lib/format'
import { useViewer } from '../../lib/viewer'
import { productName } from '../Storefront'

export const SetBackorderPolicyDocument = graphql(`
  mutation SetBackorderPolicy($productId: ID!, $policy: ProductBackorderPolicy!) {
    setBackorderPolicy(productId: $productId, policy: $policy) {
      product {
        id
        sku
        backorderPolicy
        stockStatus
        available
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const BackorderLookupDocument = graphql(`
  query BackorderLookup($sku: String!) {
    stockBySku(sku: $sku) {
      available
      product {
        id
        sku
        nameZh
        nameEn
        active
        available
        stockStatus
        restockEta
        backorderPolicy
      }
    }
  }
`)

const POLICIES: readonly ProductBackorderPolicy[] = ['DENY', 'ALLOW']

export interface PolicyProduct {
  id: string
  sku: string
  backorderPolicy: ProductBackorderPolicy
}

/**
 * Choose Allow backorders / Do not sell beyond stock and save. Staff without MANAGE_STOCK see
 * the policy only. Give it `key={product.id}` so another product starts afresh.
 */
export function BackorderPolicyControl({ product, title = true }: { product: PolicyProduct; title?: boolean }) {
  const i18n = useI18n()
  const { t, tv } = i18n
  const viewer = useViewer()
  const uid = useId()
  const [current, setCurrent] = useState<ProductBackorderPolicy>(product.backorderPolicy)
  const [choice, setChoice] = useState<ProductBackorderPolicy>(product.backorderPolicy)
  const [done, setDone] = useState<string | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [state, save] = useMutation(SetBackorderPolicyDocument)

  if (!viewer.can('MANAGE_STOCK'))
    return (
      <p className="muted small" data-testid="backorder-policy-readonly">
        {t('backorder.policy.readOnly', { policy: tv('backorderPolicy', current) })}
      </p>
    )

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (state.fetching) return
    setDone(null)
    setErrors([])
    if (choice === current) {
      setDone(t('backorder.policy.unchanged'))
      return
    }
    const res = await save({ productId: product.id, policy: choice })
    if (res.error) {
      setErrors([describeRequestError(res.error, i18n)])
      return
    }
    const payload = res.data?.setBackorderPolicy
    if (!payload) {
      setErrors([t('common.errorBody')])
      return
    }
    if (payload.userErrors.length > 0) {
      setErrors(payload.userErrors.map((ue) => i18n.te(ue.code, ue.message)))
      return
    }
    const now = payload.product?.backorderPolicy ?? choice
    setCurrent(now)
    setChoice(now)
    setDone(t(now === 'ALLOW' ? 'backorder.policy.doneALLOW' : 'backorder.policy.doneDENY', { sku: product.sku }))
  }

  return (
    <form className="backorder-policy" onSubmit={onSubmit} noValidate aria-busy={state.fetching} data-testid="backorder-policy">
      <fieldset>
        <legend>
          {title ? t('backorder.policy.title') : <span className="visually-hidden">{t('backorder.policy.legend', { sku: product.sku })}</span>}
        </legend>
        {POLICIES.map((p) => (
          <label key={p} className={`policy-option ${choice === p ? 'selected' : ''}`} data-policy={p}>
            <input
              type="radio"
              name={`${uid}-policy`}
              value={p}
              checked={choice === p}
              onChange={() => {
                setChoice(p)
                setDone(null)
              }}
              aria-describedby={`${uid}-${p}-hint`}
            />
            <span>
              {t(p === 'ALLOW' ? 'backorder.policy.ALLOW' : 'backorder.policy.DENY')}
              {current === p ? (
                <>
                  {' '}
                  <span className="badge policy-current" data-testid="backorder-policy-current">
                    {t('backorder.policy.current')}
                  </span>
                </>
              ) : null}
            </span>
            <span id={`${uid}-${p}-hint`} className="policy-option-hint">
              {t(p === 'ALLOW' ? 'backorder.policy.ALLOW.hint' : 'backorder.policy.DENY.hint')}
            </span>
          </label>
        ))}
      </fieldset>
      <FormAlert messages={errors} testId="backorder-policy-errors" />
      <div role="status" aria-live="polite">
        {done ? (
          <p className="notice notice-success" data-testid="backorder-policy-done">
            {done}
          </p>
        ) : null}
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={state.fetching} data-testid="backorder-policy-save">
          {state.fetching ? t('backorder.policy.saving') : t('backorder.policy.save')}
        </button>
      </div>
    </form>
  )
}

/** Stock → Backorders by SKU: a product's stock over all warehouses and its backorder policy. */
export function BackorderLookupCard() {
  const i18n = useI18n()
  const { t, locale } = i18n
  const uid = useId()
  const [text, setText] = useState('')
  const [sku, setSku] = useState('')
  const [missing, setMissing] = useState(false)
  const [{ data, fetching, error, operation }, reexecute] = useQuery({
    query: BackorderLookupDocument,
    variables: { sku },
    pause: sku === '',
    requestPolicy: 'cache-and-network',
  })
  const answered = data && operation?.variables.sku === sku
  const found = answered ? data.stockBySku : undefined

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const next = text.trim()
    setMissing(!next)
    if (!next) {
      document.getElementById(`${uid}-sku`)?.focus()
      return
    }
    if (next === sku) reexecute({ requestPolicy: 'network-only' })
    else setSku(next)
  }

  return (
    <section className="card" aria-labelledby={`${uid}-title`} data-testid="backorder-lookup">
      <h2 id={`${uid}-title`} className="card-title">
        {t('backorder.lookup.title')}
      </h2>
      <p className="muted small">{t('backorder.lookup.intro')}</p>
      <form className="backorder-lookup-form" role="search" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${uid}-sku`}>{t('backorder.lookup.sku')}</label>
          <input
            id={`${uid}-sku`}
            type="text"
            value={text}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${uid}-sku-error` : undefined}
            data-testid="backorder-lookup-sku"
          />
          {missing ? (
            <p id={`${uid}-sku-error`} className="field-error">
              {t('backorder.lookup.required')}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-secondary" disabled={fetching && !answered}>
          {t('backorder.lookup.find')}
        </button>
      </form>
      {sku && fetching && !answered ? <Spinner /> : null}
      {sku && error && !answered ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {answered && !found ? (
        <p className="notice notice-warning" role="status" data-testid="backorder-lookup-none">
          {t('backorder.lookup.notFound', { sku })}
        </p>
      ) : null}
      {found ? (
        <div className="backorder-lookup-result" data-testid="backorder-lookup-result">
          <p>
            <strong>{productName(found.product, locale) || found.product.sku}</strong>{' '}
            <span className="mono muted small">{found.product.sku}</span>
          </p>
          <p className="small">
            <span className={`stock stock-${stockLabel(i18n, found.product.stockStatus, found.product.available).tone}`}>
              {i18n.tv('stockStatus', found.product.stockStatus)}
            </span>{' '}
            · {t('backorder.lookup.available', { count: formatNumber(found.available, locale) })}
          </p>
          <RestockEta status={found.product.stockStatus} eta={found.product.restockEta} />
          <BackorderPolicyControl key={found.product.id} product={found.product} />
        </div>
      ) : null}
    </section>
  )
}
