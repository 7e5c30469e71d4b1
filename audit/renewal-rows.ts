// The phones a preview renews, one row each, and what they add up to.
import type { Period } from "../provider/planner/period";
import { formatCents, toCents } from "../provider/cents";
import { Charge } from "./charges";
import type { CloudPhones } from "./cloud-phone";
import { PhoneChange, plannedPeriod } from "./phone-changes";

export interface RenewalRow {
  phoneId: string;
  resourceName: string;
  /** KooPhone `instance_name`, when looked up. */
  name?: string;
  /** The expiry the renewal starts from, as the provider planned it. */
  currentExpiry: string;
  newExpiry: string;
  periods: Period;
  /** Days on top of the periods, added to reach the standard renewal day (charged pro rata). */
  extraDays: number;
  /** Nothing stated the account's renewal day: Billing Center may line the renewal up with one, past `newExpiry`. */
  renewalDayUnknown: boolean;
  /** Undefined when Billing Center was not asked (--no-prices). */
  charge?: Charge;
}

export interface RenewalTotals {
  phones: number;
  /** Sum of the priced rows per currency, sorted by currency. */
  amounts: { currency: string; amount: string }[];
  /** Rows whose price was asked for but could not be had. */
  unpriced: number;
  /** Priced rows whose amount is an estimate. */
  estimated: number;
}

/** One row per phone the provider plans to renew, sorted by phone id. */
export function renewalRows(changes: PhoneChange[], cloud: CloudPhones): RenewalRow[] {
  return changes
    .flatMap(({ phoneId, resourceName, renewal }): RenewalRow[] =>
      renewal === undefined
        ? []
        : [
            {
              phoneId,
              resourceName,
              name: cloud.get(phoneId)?.name,
              currentExpiry: renewal.from,
              newExpiry: renewal.to,
              periods: plannedPeriod(renewal),
              extraDays: renewal.extraDays,
              renewalDayUnknown: renewal.renewalDay === "unknown",
            },
          ],
    )
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId));
}

/** The rows with what each will charge. */
export function withCharges(rows: RenewalRow[], charges: ReadonlyMap<string, Charge>): RenewalRow[] {
  return rows.map((row) => {
    const charge = charges.get(row.phoneId);
    return charge === undefined ? row : { ...row, charge };
  });
}

export function isPriced(charge: Charge | undefined): charge is Exclude<Charge, { kind: "unpriced" }> {
  return charge !== undefined && charge.kind !== "unpriced";
}

/** Money adds up in cents, so that many rows do not drift by float rounding. */
export function renewalTotals(rows: RenewalRow[]): RenewalTotals {
  const cents = new Map<string, number>();
  let unpriced = 0;
  let estimated = 0;
  for (const { charge } of rows) {
    if (charge === undefined) continue;
    if (!isPriced(charge)) {
      unpriced++;
      continue;
    }
    if (charge.kind === "estimated") estimated++;
    cents.set(charge.currency, (cents.get(charge.currency) ?? 0) + toCents(charge.amount));
  }
  const amounts = [...cents.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, total]) => ({ currency, amount: formatCents(total) }));
  return { phones: rows.length, amounts, unpriced, estimated };
}
