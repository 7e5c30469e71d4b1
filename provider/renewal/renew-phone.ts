import { CODE, SubscriptionResource } from "../client";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { planRenewal } from "../planner/plan";
import { EffectiveSettings } from "../planner/settings";
import type { BatchedRenewalContext, LastRenewal, RateResult } from "./context";
import { PaidRenewalError, RenewalError } from "./errors";

export type { LastRenewal } from "./context";

/**
 * Renews the phone when it is due (planned from `phone`, read again just before), through the context's batches,
 * so concurrent phones share calls. Resolves with the renewal that now covers the plan: ours, or one that
 * reconciliation found, described by its order (what it charged for this phone, pro-rata days included); or
 * undefined when nothing was due, or the phone turned out renewed by something no order in scope explains.
 * Rejects with a PaidRenewalError when money moved (or may have) and the renewal cannot be told in full.
 */
export async function renewIfDue(
  context: BatchedRenewalContext,
  phone: SubscriptionResource,
  settings: EffectiveSettings,
): Promise<LastRenewal | undefined> {
  const phoneId = phone.resource_id;
  const plan = planRenewal({
    phoneId,
    expireTime: parseApiTime(phone.expire_time),
    now: context.now(),
    period: settings.period,
    renewBefore: settings.renewBefore,
    expireNotBefore: settings.expireNotBefore,
    renewalDay: settings.renewalDay,
  });
  if (plan === undefined) return undefined;
  const price = await context
    .priceRenewal({ phoneId, plan, maxOrderAmount: settings.maxOrderAmount })
    .catch((error: unknown): RateResult | undefined => {
      // Held by an unpaid renewal order (an earlier run's): it cannot be priced; ordering finds and pays that order.
      if (error instanceof RenewalError && error.code === CODE.rateResourceInPendingOrder) return undefined;
      throw error;
    });
  const order = await context.orderRenewal({
    phoneId,
    plan,
    autoPay: settings.autoPay,
    ...(price ? { quote: price } : {}),
  });
  if (order.kind === "covered") return undefined;
  // The order's own line for this phone; else the quote, which prices the same renewal (period and extra days).
  const amount = order.amount ?? price?.amount;
  if (amount === undefined) {
    throw new PaidRenewalError(
      `${phoneId} was renewed by order ${order.orderId}, but what the order charged could not be read; the ` +
        `renewal stands. Run pulumi refresh, then pulumi up, to record it.`,
      [phoneId],
      [order.orderId],
      true,
    );
  }
  return {
    orderId: order.orderId,
    period: order.period ?? { unit: plan.periodUnit, count: plan.periodCount },
    amount,
    currency: order.currency ?? price?.currency ?? "CNY",
    from: order.from ?? formatApiTime(plan.from),
    to: order.to ?? formatApiTime(plan.to),
  };
}
