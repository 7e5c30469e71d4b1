import { DateTime, Duration } from "luxon";
import { BILLING_ZONE } from "./billing-time";
import { CoverageRule, coverageRule, coverageThreshold, isCovered } from "./coverage";
import { PERIOD_LIMITS, Period, PeriodUnit, addPeriod } from "./period";
import { RenewalDay, extraDays, renewedExpiry } from "./renewal-day";

export interface PlanInput {
  /** Named in errors. */
  phoneId: string;
  /** The phone's current expiry; for a phone in its grace period, the original (past) expiry. */
  expireTime: DateTime;
  now: DateTime;
  /** The renewal step: one order renews a whole number of these. */
  period: Period;
  /** ISO-8601 duration ("P30D") or a parsed one. */
  renewBefore: string | Duration;
  /** ISO-8601 date or date-time, or a parsed one. */
  expireNotBefore?: string | DateTime;
  /** The account's standard renewal day, when one is set. */
  renewalDay?: RenewalDay;
}

/** One renewal order for one phone. */
export interface RenewalPlan {
  periodUnit: PeriodUnit;
  /** `period_num`: k times the configured period count. */
  periodCount: number;
  /** The expiry the renewal starts from (the original one, even in the grace period). */
  from: DateTime;
  /** The expiry after the renewal, in the billing zone. */
  to: DateTime;
  /** Days added by lining up with the renewal day (charged pro rata). */
  extraDays: number;
  /** The expiry the phone had to reach. */
  threshold: DateTime;
}

/** No single renewal order can cover the phone as asked; raised at preview, before anything is ordered. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly phoneId: string,
    readonly threshold: DateTime,
    /** The expiry the largest allowed order would give (undefined when the period itself is not allowed). */
    readonly reachable: DateTime | undefined,
  ) {
    super(message);
    this.name = "PlanError";
  }
}

/**
 * The renewal that brings the phone's expiry past the coverage threshold with the fewest periods, or undefined
 * when the phone is not due. Throws {@link PlanError} when one order within the API's limits cannot do it.
 */
export function planRenewal(input: PlanInput): RenewalPlan | undefined {
  const rule = coverageRule(input);
  if (isCovered(input.expireTime, input.now, rule)) return undefined;
  const threshold = coverageThreshold(input.now, rule);
  const { unit, count } = input.period;
  assertPeriodAllowed(input, threshold);
  const maxMultiple = Math.floor(PERIOD_LIMITS[unit].max / count);
  for (let k = 1; k <= maxMultiple; k++) {
    const plan = renewalOf(input, { unit, count: k * count }, threshold);
    if (isCovered(plan.to, input.now, rule)) return plan;
  }
  throw unreachable(input, rule, threshold, { unit, count: maxMultiple * count });
}

function renewalOf(input: PlanInput, period: Period, threshold: DateTime): RenewalPlan {
  const from = input.expireTime.setZone(BILLING_ZONE);
  const to = renewedExpiry(from, period, input.renewalDay);
  return {
    periodUnit: period.unit,
    periodCount: period.count,
    from,
    to,
    extraDays: extraDays(addPeriod(from, period), to),
    threshold,
  };
}

function assertPeriodAllowed(input: PlanInput, threshold: DateTime): void {
  const { unit, count } = input.period;
  const limits = PERIOD_LIMITS[unit];
  if (Number.isInteger(count) && count >= limits.min && count <= limits.max) return;
  throw new PlanError(
    `phone ${input.phoneId}: period ${describePeriod(input.period)} is not allowed; one order renews ` +
      describeLimits(),
    input.phoneId,
    threshold,
    undefined,
  );
}

function unreachable(input: PlanInput, rule: CoverageRule, threshold: DateTime, most: Period): PlanError {
  const reachable = renewedExpiry(input.expireTime, most, input.renewalDay);
  const hint =
    most.unit === "month"
      ? `use period { unit: "year" }, a shorter renewBefore or an earlier expireNotBefore`
      : `use a shorter renewBefore or an earlier expireNotBefore`;
  return new PlanError(
    `phone ${input.phoneId}: the expiry must reach ${show(threshold)} (${describeRule(rule)}), but from ` +
      `${show(input.expireTime)} the most one order can give is ${describePeriod(most)} (whole periods of ` +
      `${describePeriod(input.period)}; one order renews ${describeLimits()}), which reaches ${show(reachable)}; ` +
      hint,
    input.phoneId,
    threshold,
    reachable,
  );
}

function describeRule(rule: CoverageRule): string {
  const parts = [`renewBefore ${rule.renewBefore.toISO()} from now`];
  if (rule.expireNotBefore !== undefined) parts.push(`expireNotBefore ${show(rule.expireNotBefore)}`);
  return parts.join(", ");
}

function describePeriod(period: Period): string {
  return `${period.count} ${period.unit}${period.count === 1 ? "" : "s"}`;
}

function describeLimits(): string {
  const { month, year } = PERIOD_LIMITS;
  return `${month.min}-${month.max} months or ${year.min}-${year.max} years`;
}

function show(time: DateTime): string {
  return time.setZone(BILLING_ZONE).toISO({ suppressMilliseconds: true }) ?? time.toString();
}
