import { DateTime, Duration } from "luxon";
import { BILLING_ZONE } from "./billing-time";

/**
 * How much paid time a phone must have: at least `renewBefore` from now, and (when set) an expiry no earlier
 * than `expireNotBefore`.
 */
export interface CoverageRule {
  renewBefore: Duration;
  expireNotBefore?: DateTime;
}

// Whole-number ISO-8601 durations with at least one component ("P30D", "P1M", "PT12H", "P1Y2M"). Stricter than
// luxon, which also takes "P", "PT", negative and fractional parts.
const DURATION_PATTERN = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

// Calendar dates and date-times only; luxon alone would also take "2027" or week dates like "2027-W01".
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** Parses a `renewBefore` duration such as "P30D"; undefined when it is not one. */
export function parseRenewBefore(text: string): Duration | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  const duration = Duration.fromISO(text);
  return duration.isValid ? duration : undefined;
}

/**
 * Parses an `expireNotBefore` date ("2027-01-01") or date-time; undefined when it is not one.
 * Without an offset it is read in the billing zone (UTC+8), the zone in which expiry dates are written.
 */
export function parseExpireNotBefore(text: string): DateTime | undefined {
  if (!DATE_PATTERN.test(text)) return undefined;
  const time = DateTime.fromISO(text, { zone: BILLING_ZONE, setZone: true });
  return time.isValid ? time : undefined;
}

/** The settings form of a coverage rule, parsed; throws on text that validation would have refused. */
export function coverageRule(settings: {
  renewBefore: string | Duration;
  expireNotBefore?: string | DateTime;
}): CoverageRule {
  const renewBefore = asDuration(settings.renewBefore);
  const expireNotBefore =
    settings.expireNotBefore === undefined ? undefined : asDateTime(settings.expireNotBefore);
  return expireNotBefore === undefined ? { renewBefore } : { renewBefore, expireNotBefore };
}

function asDuration(value: string | Duration): Duration {
  if (typeof value !== "string") return value;
  const parsed = parseRenewBefore(value);
  if (parsed === undefined)
    throw new Error(`renewBefore: ${JSON.stringify(value)} is not an ISO-8601 duration`);
  return parsed;
}

function asDateTime(value: string | DateTime): DateTime {
  if (typeof value !== "string") return value;
  const parsed = parseExpireNotBefore(value);
  if (parsed === undefined)
    throw new Error(`expireNotBefore: ${JSON.stringify(value)} is not an ISO-8601 date`);
  return parsed;
}

/**
 * The earliest expiry that counts as covered at `now`. Calendar units ("P1M") are added in the billing zone, so
 * "a month from now" means the same thing to the planner and to Billing Center.
 */
export function coverageThreshold(now: DateTime, rule: CoverageRule): DateTime {
  const fromNow = now.setZone(BILLING_ZONE).plus(rule.renewBefore);
  if (rule.expireNotBefore === undefined) return fromNow;
  return fromNow.toMillis() >= rule.expireNotBefore.toMillis() ? fromNow : rule.expireNotBefore;
}

/** An expiry is covered when it reaches the threshold (`expireTime - now >= renewBefore`, and not before `expireNotBefore`). */
export function isCovered(expireTime: DateTime, now: DateTime, rule: CoverageRule): boolean {
  return expireTime.toMillis() >= coverageThreshold(now, rule).toMillis();
}
