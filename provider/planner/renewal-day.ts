import { DateTime } from "luxon";
import { BILLING_ZONE, endOfBillingDay } from "./billing-time";
import { Period, addPeriod } from "./period";

/**
 * The account's standard renewal day (`EXPIRE_DATE`): a day of the month 1-28, or the last day.
 * This file is the one place that decides how an expiry lines up with it; the planner and the emulator both
 * call it, so a preview and the cloud agree.
 */
export type RenewalDay = number | "last";

/** The `EXPIRE_DATE` config value for a renewal day ("1".."28", "-1" for the last day). */
export function renewalDayConfigValue(day: RenewalDay): string {
  return day === "last" ? "-1" : String(day);
}

/** Inverse of {@link renewalDayConfigValue}; undefined for a value outside "1".."28" and "-1". */
export function renewalDayFromConfigValue(value: string): RenewalDay | undefined {
  if (value === "-1") return "last";
  if (!/^[0-9]{1,2}$/.test(value)) return undefined;
  const day = Number(value);
  return day >= 1 && day <= 28 ? day : undefined;
}

function onDay(month: DateTime, day: RenewalDay): DateTime {
  const target = day === "last" ? month.endOf("month") : month.set({ day });
  return endOfBillingDay(target);
}

/**
 * Moves an expiry forward to the next renewal day at 23:59:59 UTC+8 (the same instant when it already is one).
 * Never moves it backwards.
 */
export function alignToRenewalDay(expiry: DateTime, day: RenewalDay): DateTime {
  const local = expiry.setZone(BILLING_ZONE);
  const sameMonth = onDay(local, day);
  if (sameMonth.toMillis() >= local.toMillis()) return sameMonth;
  return onDay(local.startOf("month").plus({ months: 1 }), day);
}

/** Whole days added by alignment, the days Billing Center charges pro rata. */
export function extraDays(unaligned: DateTime, aligned: DateTime): number {
  return Math.max(0, Math.round(aligned.diff(unaligned, "days").days));
}

/**
 * The expiry a renewal gives: `period` added to the current expiry (a phone in its grace period renews from its
 * original expiry, not from now), then lined up with the renewal day when the account has one.
 */
export function renewedExpiry(
  expiry: DateTime,
  period: Period,
  renewalDay: RenewalDay | undefined,
): DateTime {
  const extended = addPeriod(expiry.setZone(BILLING_ZONE), period);
  return renewalDay === undefined ? extended : alignToRenewalDay(extended, renewalDay);
}
