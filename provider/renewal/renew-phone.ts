import { SubscriptionResource } from "../client";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { planRenewal } from "../planner/plan";
import { EffectiveSettings } from "../planner/settings";
import type { Session } from "../session";
import { RenewalError } from "./errors";

/** renew-rate's code for a phone in an order pending payment. */
const HELD_BY_UNPAID_ORDER = "CBC.30050010";

/** What the last renewal placed by Pulumi did (output `lastRenewal`). */
export interface LastRenewal {
  orderId: string;
  period: { unit: "month" | "year"; count: number };
  amount: number;
  currency: string;
  from: string;
  to: string;
}

/**
 * Renews the phone when it is due, reading its expiry again first (it may have been renewed elsewhere since the
 * preview); prices, guards and orders go through the session's batchers, so concurrent phones share calls.
 */
export async function renewIfDue(
  session: Session,
  phone: SubscriptionResource,
  settings: EffectiveSettings,
): Promise<LastRenewal | undefined> {
  const phoneId = phone.resource_id;
  const plan = planRenewal({
    phoneId,
    expireTime: parseApiTime(phone.expire_time),
    now: session.now(),
    period: settings.period,
    renewBefore: settings.renewBefore,
    expireNotBefore: settings.expireNotBefore,
    renewalDay: settings.renewalDay,
  });
  if (plan === undefined) return undefined;
  const price = await session
    .priceRenewal({ phoneId, plan, maxOrderAmount: settings.maxOrderAmount })
    .catch((error: unknown) => {
      // Held by an unpaid renewal order (an earlier run's): it cannot be priced; ordering finds and pays that order.
      if (error instanceof RenewalError && error.code === HELD_BY_UNPAID_ORDER) return undefined;
      throw error;
    });
  const order = await session.orderRenewal({ phoneId, plan, autoPay: settings.autoPay });
  // Reconciliation found the phone covered by someone else's renewal: nothing of ours to record.
  if (order.orderId === undefined) return undefined;
  return {
    orderId: order.orderId,
    period: { unit: plan.periodUnit, count: plan.periodCount },
    amount: price?.amount ?? order.amount ?? 0,
    currency: price?.currency ?? "CNY",
    from: formatApiTime(plan.from),
    to: formatApiTime(plan.to),
  };
}
