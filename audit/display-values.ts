// How the report writes times, periods, money, modes and the renewal day, the same in Markdown and HTML.
import { BILLING_ZONE, parseApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import type { RenewalDay } from "../provider/planner/renewal-day";
import type { Mode } from "../provider/planner/settings";
import type { Charge } from "./charges";
import type { RenewalTotals } from "./renewal-rows";

/** Shown for the current expiry (or mode) of a new subscription whose phone was not looked up. */
export const NEW_PHONE = "(new)";

/** Expiries are shown in the billing zone, where they fall on a day's last second (23:59:59). */
export const TIME_ZONE_NOTE = "UTC+8, the billing zone";

export function formatExpiry(apiTime: string): string {
  return parseApiTime(apiTime).setZone(BILLING_ZONE).toFormat("yyyy-MM-dd HH:mm:ss");
}

/** A planned new expiry; one planned without the account's renewal day may end later, on that day. */
export function formatNewExpiry(apiTime: string, renewalDayUnknown: boolean): string {
  const expiry = formatExpiry(apiTime);
  return renewalDayUnknown ? `${expiry} or later (the account's renewal day is not stated)` : expiry;
}

export function formatDay(apiTime: string): string {
  return parseApiTime(apiTime).setZone(BILLING_ZONE).toFormat("yyyy-MM-dd");
}

export function formatPeriod(period: Period): string {
  return `${period.count} ${period.unit}${period.count === 1 ? "" : "s"}`;
}

/** The periods a renewal adds and the days on top that reach the renewal day ("1 month + 12 days"). */
export function formatPeriods(periods: Period, extraDays = 0): string {
  return extraDays > 0 ? `${formatPeriod(periods)} + ${plural(extraDays, "day")}` : formatPeriod(periods);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  return `${currency} ${Number.isNaN(value) ? amount : value.toFixed(2)}`;
}

/** The amount a row shows, "—" when Billing Center was not asked. */
export function formatCharge(charge: Charge | undefined): string {
  if (charge === undefined) return "—";
  if (charge.kind === "unpriced") return "—";
  return formatMoney(charge.amount, charge.currency);
}

/** How a row was priced: Billing Center's own answer, or the estimate and why; the reason a price is missing. */
export function formatPricing(charge: Charge | undefined, extraDays: number): string {
  if (charge === undefined) return "not asked";
  if (charge.kind === "exact") return "exact: Billing Center renew-rate";
  if (charge.kind === "unpriced") return `price unavailable: ${charge.error}`;
  const { renewalDay, unitAmount, daysPerUnit } = charge.basis;
  return (
    `estimated: renewal day ${renewalDay} is set by this up; ${plural(extraDays, "day")} at ` +
    `${formatMoney(unitAmount, charge.currency)}/${daysPerUnit}`
  );
}

/** Modes are shown by their input names, so a reader can find them in the program. */
export function formatMode(mode: Mode | undefined): string {
  return mode ?? NEW_PHONE;
}

export function formatRenewalDay(day: RenewalDay): string {
  if (day === "last") return "the last day of each month";
  return `the ${ordinal(day)} of each month`;
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return `${day}th`;
  return `${day}${{ 1: "st", 2: "nd", 3: "rd" }[day % 10] ?? "th"}`;
}

/** The sums per currency ("CNY 120.00 + USD 15.00"), empty when nothing was priced. */
export function formatAmounts(totals: RenewalTotals): string {
  return totals.amounts.map((a) => formatMoney(a.amount, a.currency)).join(" + ");
}

/** "3 phones · CNY 120.00 · 1 estimated · 1 phone not priced". */
export function formatTotals(totals: RenewalTotals): string {
  const parts = [plural(totals.phones, "phone")];
  if (totals.amounts.length > 0) parts.push(formatAmounts(totals));
  if (totals.estimated > 0) parts.push(`${totals.estimated} estimated`);
  if (totals.unpriced > 0 && totals.phones > 0) parts.push(`${plural(totals.unpriced, "phone")} not priced`);
  return parts.join(" · ");
}
