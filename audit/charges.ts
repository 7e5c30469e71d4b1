// What each planned renewal will charge: Billing Center's renew-rate price, or an estimate that says why.
import type { DateTime } from "luxon";
import { formatCents, toCents } from "../provider/cents";
import { parseApiTime } from "../provider/planner/billing-time";
import { Period, addPeriod } from "../provider/planner/period";
import type { PlannedRenewal } from "../provider/planner/planned-renewal";
import { PRO_RATA_DAYS, renewalCents } from "../provider/planner/pro-rata";
import { RenewalDay, extraDays, renewedExpiry } from "../provider/planner/renewal-day";
import { RenewalDayChange, plannedPeriod } from "./phone-changes";

/** A renew-rate answer for one phone: its price, or why there is none. */
export type Quote = { amount: string; currency: string } | { error: string };

/**
 * The amount a renewal will charge. "exact": renew-rate priced this very renewal (periods and days), as Billing
 * Center will charge it. "estimated": renew-rate could not see all of it; `basis` says how it was made.
 */
export type Charge =
  | { kind: "exact"; amount: string; currency: string }
  | { kind: "estimated"; amount: string; currency: string; basis: EstimateBasis }
  | { kind: "unpriced"; error: string };

/** How an estimate was made: what renew-rate priced, and the days charged instead at the unit price. */
export interface EstimateBasis {
  /** The days renew-rate priced on top of the periods (those of the day Billing Center has now). */
  pricedDays: number;
  /** The renewal day this `up` sets before it renews. */
  renewalDay: RenewalDay;
  /** The price of one period unit, recovered from renew-rate's answer. */
  unitAmount: string;
  /** The days of that unit a pro-rata day is a fraction of. */
  daysPerUnit: number;
}

/**
 * The price of one unit in cents, from renew-rate's amount for `period` and `days` pro-rata days: the whole
 * number of cents that gives that amount, else (a price that is not whole cents) the plain quotient.
 */
export function unitPrice(cents: number, period: Period, days: number): number {
  const quotient = cents / (period.count + days / PRO_RATA_DAYS[period.unit]);
  const near = Math.round(quotient);
  const whole = [near, near - 1, near + 1].find((u) => renewalCents(u, period, days) === cents);
  return whole ?? quotient;
}

/** The days renew-rate priced on top of the periods: those that line the renewal up with the day it knows. */
function pricedDays(renewal: PlannedRenewal, day: RenewalDayChange["before"]): number {
  return daysPricedFrom(parseApiTime(renewal.from), plannedPeriod(renewal), day);
}

/** The days renew-rate adds to `period` from the expiry `from`: those up to the renewal day Billing Center has. */
export function daysPricedFrom(from: DateTime, period: Period, day: RenewalDay | undefined): number {
  return day === undefined ? 0 : extraDays(addPeriod(from, period), renewedExpiry(from, period, day));
}

/**
 * What `up` will charge for the renewal, given renew-rate's price now. When this `up` sets the account's renewal
 * day before renewing, renew-rate priced the renewal with the day Billing Center still has (none for a new
 * policy): unless that adds the same days, the unit price is recovered from the answer and the planned days are
 * charged at a 30th (365th) of it, Billing Center's pro-rata rule.
 */
export function chargeOf(
  renewal: PlannedRenewal,
  quote: Quote | undefined,
  dayChange?: RenewalDayChange,
): Charge {
  if (quote === undefined) return { kind: "unpriced", error: "not priced" };
  if ("error" in quote) return { kind: "unpriced", error: quote.error };
  const cents = toCents(quote.amount);
  if (Number.isNaN(cents)) return { kind: "unpriced", error: `renew-rate answered "${quote.amount}"` };
  const exact: Charge = { kind: "exact", amount: formatCents(cents), currency: quote.currency };
  if (dayChange === undefined) return exact;
  const priced = pricedDays(renewal, dayChange.before);
  if (priced === renewal.extraDays) return exact;
  const period = plannedPeriod(renewal);
  const unitCents = unitPrice(cents, period, priced);
  const estimate = renewalCents(unitCents, period, renewal.extraDays);
  return {
    kind: "estimated",
    amount: formatCents(estimate),
    currency: quote.currency,
    basis: {
      pricedDays: priced,
      renewalDay: dayChange.after,
      unitAmount: formatCents(Math.round(unitCents)),
      daysPerUnit: PRO_RATA_DAYS[period.unit],
    },
  };
}
