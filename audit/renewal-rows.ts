// The phones a preview renews, one row each, and what they add up to.
import { DateTime } from "luxon";
import { BILLING_ZONE, parseApiTime } from "../provider/planner/billing-time";
import { Period, PeriodUnit, addPeriod } from "../provider/planner/period";
import { extraDays } from "../provider/planner/renewal-day";
import { CloudPhones, currentExpiry } from "./cloud-phone";
import type { PhoneChange } from "./phone-changes";

/** A renew-rate answer for one phone: its price, or why there is none. */
export type Quote = { amount: string; currency: string } | { error: string };

export interface RenewalRow {
  phoneId: string;
  resourceName: string;
  /** KooPhone `instance_name`, when looked up. */
  name?: string;
  /** The expiry before `up`; undefined for a new subscription whose phone was not looked up. */
  currentExpiry?: string;
  newExpiry: string;
  /** Whole renewal units between the two expiries; undefined when the current expiry is unknown. */
  periods?: Period;
  /** Days on top of the periods, added to reach the standard renewal day (charged pro rata). */
  extraDays?: number;
  quote?: Quote;
}

export interface RenewalTotals {
  phones: number;
  /** Sum of the priced rows per currency, sorted by currency. */
  amounts: { currency: string; amount: string }[];
  /** Rows whose price was asked for but could not be had. */
  unpriced: number;
}

function sameInstant(a: string, b: string): boolean {
  return parseApiTime(a).toMillis() === parseApiTime(b).toMillis();
}

/**
 * Whether `up` renews the phone: its target expiry moves. A subscription that managed this phone before compares
 * with its old target (`check` keeps the old target while the phone is covered); a new one with the phone's
 * current expiry, and counts as renewed when that is unknown.
 */
function isRenewed(
  change: PhoneChange,
  current: string | undefined,
): change is PhoneChange & { newTarget: string } {
  if (change.newTarget === undefined) return false;
  const before = change.oldTarget ?? current;
  return before === undefined || !sameInstant(before, change.newTarget);
}

/**
 * How many whole `unit`s lie between two expiries: the largest n with `from + n units <= to`, using the planner's
 * calendar (month ends clamp). A renewal lined up with the standard renewal day adds some days on top; those are
 * not a period, so the floor is the number of periods ordered.
 */
export function periodsBetween(from: DateTime, to: DateTime, unit: PeriodUnit): number {
  const start = from.setZone(BILLING_ZONE);
  let count = 0;
  while (addPeriod(start, { unit, count: count + 1 }).toMillis() <= to.toMillis()) count++;
  return count;
}

/** One row per phone whose expiry `up` moves, sorted by phone id. */
export function renewalRows(changes: PhoneChange[], cloud: CloudPhones): RenewalRow[] {
  const rows: RenewalRow[] = [];
  for (const change of changes) {
    const current = currentExpiry(change, cloud);
    if (!isRenewed(change, current)) continue;
    const unit = change.period.unit;
    const row: RenewalRow = {
      phoneId: change.phoneId,
      resourceName: change.resourceName,
      name: cloud.get(change.phoneId)?.name,
      currentExpiry: current,
      newExpiry: change.newTarget,
    };
    if (current !== undefined) {
      const from = parseApiTime(current).setZone(BILLING_ZONE);
      const to = parseApiTime(change.newTarget);
      const periods = { unit, count: periodsBetween(from, to, unit) };
      row.periods = periods;
      row.extraDays = extraDays(addPeriod(from, periods), to);
    }
    rows.push(row);
  }
  return rows.sort((a, b) => a.phoneId.localeCompare(b.phoneId));
}

/** The rows with their renew-rate answers. */
export function withQuotes(rows: RenewalRow[], quotes: ReadonlyMap<string, Quote>): RenewalRow[] {
  return rows.map((row) => {
    const quote = quotes.get(row.phoneId);
    return quote === undefined ? row : { ...row, quote };
  });
}

export function isPriced(quote: Quote | undefined): quote is { amount: string; currency: string } {
  return quote !== undefined && "amount" in quote;
}

/** Money adds up in cents, so that many rows do not drift by float rounding. */
function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function renewalTotals(rows: RenewalRow[]): RenewalTotals {
  const cents = new Map<string, number>();
  let unpriced = 0;
  for (const row of rows) {
    if (row.quote === undefined) continue;
    if (!isPriced(row.quote) || Number.isNaN(Number(row.quote.amount))) {
      unpriced++;
      continue;
    }
    const { currency, amount } = row.quote;
    cents.set(currency, (cents.get(currency) ?? 0) + toCents(amount));
  }
  const amounts = [...cents.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, total]) => ({ currency, amount: (total / 100).toFixed(2) }));
  return { phones: rows.length, amounts, unpriced };
}
