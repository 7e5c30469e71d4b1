// The plan as the preview shows it (the `renewal` input) and as `up` orders it: one shape, carried from check to
// the order, and compared with what the planner says when the order is about to be placed.
import type { DateTime } from "luxon";
import type { PlannedRenewalDay } from "./account-renewal-day";
import { formatApiTime, parseApiTime } from "./billing-time";
import type { PeriodUnit } from "./period";
import { planRenewal, PlanInput, RenewalPlan } from "./plan";
import type { EffectiveSettings } from "./settings";

/**
 * The renewal the next `pulumi up` will place, as `check` plans it; present only on a phone that is due, so that a
 * preview shows it for exactly those phones. Times are in the API's format (`yyyy-MM-ddTHH:mm:ssZ`, UTC).
 */
export type PlannedRenewal = {
  /** The expiry the renewal starts from (the original one, even in the grace period). */
  from: string;
  /** The expiry after the renewal. */
  to: string;
  periodUnit: PeriodUnit;
  /** Units ordered (`period_num`). */
  periodCount: number;
  /** Days added by lining up with the renewal day, charged pro rata. */
  extraDays: number;
  /** The renewal day the plan lined up with; "unknown": none stated, so `up` may add days the plan lacks. */
  renewalDay: PlannedRenewalDay;
};

/** What the planner needs of a phone (its expiry, in the API's format) and the settings it runs with. */
export function planInputOf(
  phoneId: string,
  expireTime: string,
  now: DateTime,
  settings: EffectiveSettings,
): PlanInput {
  return {
    phoneId,
    expireTime: parseApiTime(expireTime),
    now,
    period: settings.period,
    renewBefore: settings.renewBefore,
    expireNotBefore: settings.expireNotBefore,
    renewalDay: settings.renewalDay,
  };
}

/** The renewal `up` will place, as the preview shows it, or undefined when the phone is not due (PlanError: none can). */
export function plannedRenewal(input: PlanInput, renewalDay: PlannedRenewalDay): PlannedRenewal | undefined {
  const plan = planRenewal(input);
  return plan === undefined ? undefined : shownPlan(plan, renewalDay);
}

function shownPlan(plan: RenewalPlan, renewalDay: PlannedRenewalDay): PlannedRenewal {
  return {
    from: formatApiTime(plan.from),
    to: formatApiTime(plan.to),
    periodUnit: plan.periodUnit,
    periodCount: plan.periodCount,
    extraDays: plan.extraDays,
    renewalDay,
  };
}

/** The plan to order: the one shown, with the threshold the phone must reach (from the planner's plan now). */
export function carriedPlan(shown: PlannedRenewal, now: RenewalPlan): RenewalPlan {
  return {
    periodUnit: shown.periodUnit,
    periodCount: shown.periodCount,
    from: parseApiTime(shown.from),
    to: parseApiTime(shown.to),
    extraDays: shown.extraDays,
    threshold: now.threshold,
  };
}

/**
 * How the plan the preview showed differs from the planner's plan now, in words; undefined when they agree on what
 * is ordered (the start, the end, the periods and the extra days).
 */
export function planDifference(shown: PlannedRenewal, now: RenewalPlan): string | undefined {
  const then = shownPlan(now, shown.renewalDay);
  const fields = (["from", "to", "periodUnit", "periodCount", "extraDays"] as const).filter((key) =>
    key === "from" || key === "to" ? !sameTime(shown[key], then[key]) : shown[key] !== then[key],
  );
  if (fields.length === 0) return undefined;
  return fields.map((key) => `${key} ${String(shown[key])} -> ${String(then[key])}`).join(", ");
}

function sameTime(a: string, b: string): boolean {
  return parseApiTime(a).toMillis() === parseApiTime(b).toMillis();
}
