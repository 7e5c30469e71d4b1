import { DateTime } from "luxon";
import type { SubscriptionResource } from "../client";
import type { PlannedRenewalDay } from "../planner/account-renewal-day";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { planRenewal } from "../planner/plan";
import type { EffectiveSettings } from "../planner/settings";
import type { PlannedRenewal } from "./subscription-state";

/**
 * The renewal `up` will place for a phone as it is now, or undefined when the phone is not due. Throws the
 * planner's PlanError when no single order can cover the phone.
 */
export function plannedRenewal(
  phone: SubscriptionResource,
  settings: EffectiveSettings,
  renewalDay: PlannedRenewalDay,
  now: DateTime,
): PlannedRenewal | undefined {
  const plan = planRenewal({
    phoneId: phone.resource_id,
    expireTime: parseApiTime(phone.expire_time),
    now,
    period: settings.period,
    renewBefore: settings.renewBefore,
    expireNotBefore: settings.expireNotBefore,
    renewalDay: settings.renewalDay,
  });
  if (plan === undefined) return undefined;
  return {
    from: formatApiTime(plan.from),
    to: formatApiTime(plan.to),
    periodUnit: plan.periodUnit,
    periodCount: plan.periodCount,
    extraDays: plan.extraDays,
    renewalDay,
  };
}
