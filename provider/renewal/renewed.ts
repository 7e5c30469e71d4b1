import { formatApiTime } from "../planner/billing-time";
import type { RenewalPlan } from "../planner/plan";
import type { OrderedRenewal, OrderTotal, RateResult } from "./context";
import type { OrderHistory } from "./order-history";
import { PhoneTimes, renewalInOrder } from "./order-lines";

/**
 * A renewal found or made, described from its order's line item (the order history reads an order's details once).
 * When they cannot be read, the renewal is still reported (the money moved), without the amount.
 */
export async function renewedBy(
  history: OrderHistory,
  orderId: string,
  times: PhoneTimes,
): Promise<OrderedRenewal> {
  const charges = await history.charges(orderId).catch(() => undefined);
  const line = charges ? renewalInOrder(charges, times) : {};
  return { kind: "renewed", orderId, currency: charges?.currency, ...line };
}

/**
 * The phones' quotes, when the order charged exactly them: its total, to the cent and in the same currency, is the
 * sum of the quotes of every phone it holds. Then each phone's quote is what the order charged for it. Undefined
 * otherwise (a phone without a quote, an order not listed, extra days or a discount the quotes did not have).
 */
export function chargedQuotes(
  total: OrderTotal | undefined,
  quotes: (RateResult | undefined)[],
): RateResult[] | undefined {
  const known = quotes.filter((q): q is RateResult => q !== undefined);
  if (total === undefined || known.length === 0 || known.length < quotes.length) return undefined;
  if (known.some((q) => q.currency !== total.currency)) return undefined;
  const cents = (amount: number) => Math.round(amount * 100);
  return known.reduce((sum, q) => sum + cents(q.amount), 0) === cents(total.total) ? known : undefined;
}

/**
 * A renewal whose order charged its quote (see chargedQuotes), described with no read: the quote, the plan's
 * period and end, and `from`, the phone's expiry when the order was paid. (The end the phone shows once paid is
 * recorded over the planned one: see subscription-converge.ts.)
 */
export function quotedRenewal(
  orderId: string,
  quote: RateResult,
  plan: RenewalPlan,
  from: string,
): OrderedRenewal {
  return {
    kind: "renewed",
    orderId,
    amount: quote.amount,
    currency: quote.currency,
    period: { unit: plan.periodUnit, count: plan.periodCount },
    from,
    to: formatApiTime(plan.to),
  };
}
