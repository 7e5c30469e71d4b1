import { CODE, SubscriptionResource } from "../client";
import { formatApiTime } from "../planner/billing-time";
import { planRenewal, RenewalPlan } from "../planner/plan";
import { carriedPlan, planDifference, PlannedRenewal, planInputOf } from "../planner/planned-renewal";
import { EffectiveSettings } from "../planner/settings";
import type { BatchedRenewalContext, LastRenewal, RateResult } from "./context";
import { PaidRenewalError, RenewalError } from "./errors";

export type { LastRenewal } from "./context";

/**
 * Renews the phone when it is due, through the context's batches, so concurrent phones share calls. `phone` is the
 * phone as planned from (the check's listing, or a read); `shown` is the plan the preview showed, which is what is
 * ordered: when the planner now says otherwise, nothing is ordered (RenewalError). Resolves with the renewal that
 * now covers the plan: ours, or one that reconciliation found, described by its order (what it charged for this
 * phone, pro-rata days included); or undefined when nothing was due, or the phone turned out renewed by something
 * no order in scope explains. Rejects with a PaidRenewalError when money moved (or may have) and the renewal
 * cannot be told in full.
 */
export async function renewIfDue(
  context: BatchedRenewalContext,
  phone: SubscriptionResource,
  settings: EffectiveSettings,
  shown?: PlannedRenewal,
): Promise<LastRenewal | undefined> {
  const phoneId = phone.resource_id;
  const planned = planRenewal(planInputOf(phoneId, phone.expire_time, context.now(), settings));
  if (planned === undefined) return undefined;
  const plan = shown === undefined ? planned : checkedPlan(phoneId, shown, planned);
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

/** The plan shown at preview, to be ordered as it is; refused when the planner no longer agrees with it. */
function checkedPlan(phoneId: string, shown: PlannedRenewal, now: RenewalPlan): RenewalPlan {
  const difference = planDifference(shown, now);
  if (difference !== undefined) {
    throw new RenewalError(
      `the renewal of ${phoneId} shown at preview is not the one Billing Center's data gives now (${difference}); ` +
        `nothing was ordered. Run pulumi preview to see the renewal as it is now, then pulumi up.`,
      [phoneId],
    );
  }
  return carriedPlan(shown, now);
}
