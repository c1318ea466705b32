// The storefront's published rules (orderRules): currency, shipping fees per delivery option, the
// free-shipping threshold, scheduled delivery windows, the quantity limit and what a point is
// worth. Read once and cached; the server applies them — the UI only shows them.
import { useQuery } from 'urql'
import { graphql } from '../gql'
import type { OrderRulesQuery } from '../gql/graphql'
import type { DeliveryOption } from './checkout'

export const OrderRulesDocument = graphql(`
  query OrderRules {
    orderRules {
      currency
      freeShippingFrom
      shippingFees {
        option
        fee {
          amount
          currency
        }
      }
      scheduledWindows
      scheduledMaxDays
      maxQuantity
      pointValue
    }
  }
`)

export type OrderRules = OrderRulesQuery['orderRules']

export function useOrderRules() {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: OrderRulesDocument })
  return {
    rules: data?.orderRules ?? null,
    error: data ? null : (error ?? null),
    loading: fetching && !data,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  }
}

export function feeFor(rules: OrderRules, option: DeliveryOption): number | null {
  return rules.shippingFees.find((f) => f.option === option)?.fee.amount ?? null
}

/** What shipping costs for goods worth `goods`: standard is free from the threshold. */
export function shippingFor(rules: OrderRules, option: DeliveryOption, goods: number): number | null {
  const fee = feeFor(rules, option)
  if (fee == null) return null
  if (option === 'STANDARD' && rules.freeShippingFrom > 0 && goods >= rules.freeShippingFrom) return 0
  return fee
}

/** How much more to spend for free standard shipping (0: already free; null: no such offer). */
export function freeShippingGap(rules: OrderRules, goods: number): number | null {
  if (rules.freeShippingFrom <= 0) return null
  return Math.max(0, rules.freeShippingFrom - goods)
}

/** The local date `days` from today as YYYY-MM-DD (for date inputs). */
export function localDate(days: number, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
