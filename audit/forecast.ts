// The renewal forecast: every renewal the provider will make if `up` runs once a day, found by asking the planner
// itself at each day's run (as `check` does), and priced at today's renew-rate prices by Billing Center's pro-rata
// rule. Pure: the phones, their prices and the clock are passed in.
import type { DateTime } from "luxon";
import { BATCH_LIMIT } from "../provider/client/batch-limits";
import type { PlannedRenewalDay } from "../provider/planner/account-renewal-day";
import { BILLING_ZONE, formatApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import { PlannedRenewal, plannedRenewal, planInputOf } from "../provider/planner/planned-renewal";
import { renewalCents } from "../provider/planner/pro-rata";
import type { EffectiveSettings } from "../provider/planner/settings";
import { formatCents } from "../provider/cents";
import { plannedPeriod } from "./phone-changes";

/** A managed phone as the forecast starts from it: Billing Center's expiry now and the settings it runs with. */
export interface ForecastPhone {
  phoneId: string;
  /** KooPhone's instance name; undefined when the instance is not listed. */
  name?: string;
  /** The expiry now (API format). */
  expireTime: string;
  settings: EffectiveSettings;
  /** The renewal day the plans line up with, as `check` would state it. */
  renewalDay: PlannedRenewalDay;
}

/** One renewal a daily `up` will place: the run's time and the plan it orders. */
export interface SimulatedRenewal {
  on: DateTime;
  plan: PlannedRenewal;
}

export const periodKey = (period: Period): string => `${period.count} ${period.unit}`;

/**
 * The renewals of one phone from `start` (the first daily run) up to `end`, one run a day at `start`'s time: each
 * run plans from the expiry the renewals before it gave, as the next `up` would read it from Billing Center. A
 * phone the planner cannot renew throws its PlanError, as its `check` would fail.
 */
export function simulateRenewals(phone: ForecastPhone, start: DateTime, end: DateTime): SimulatedRenewal[] {
  const renewals: SimulatedRenewal[] = [];
  let expireTime = phone.expireTime;
  for (let day = 0, on = start; on < end; on = start.plus({ days: ++day })) {
    const plan = plannedRenewal(planInputOf(phone.phoneId, expireTime, on, phone.settings), phone.renewalDay);
    if (plan === undefined) continue;
    renewals.push({ on, plan });
    expireTime = plan.to;
  }
  return renewals;
}

/** A phone and the renewals the daily runs make of it. */
export interface SimulatedPhone {
  phone: ForecastPhone;
  renewals: SimulatedRenewal[];
}

/** The renewals of every phone from `start` to `end`, by phone id. */
export function simulateFleet(phones: ForecastPhone[], start: DateTime, end: DateTime): SimulatedPhone[] {
  return [...phones]
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId))
    .map((phone) => ({ phone, renewals: simulateRenewals(phone, start, end) }));
}

/** Today's price of one period unit of a phone, per period ordered (by {@link periodKey}), in cents. */
export type UnitPrices = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface ForecastRenewal {
  on: string;
  from: string;
  to: string;
  period: Period;
  amount: string;
}

export interface ForecastMonth {
  month: string;
  phones: number;
  orders: number;
  amount: string;
}

/** The forecast as `--json` prints it; the reports render the same object. */
export interface Forecast {
  currency: string;
  from: string;
  to: string;
  months: ForecastMonth[];
  phones: { phoneId: string; name: string | null; renewals: ForecastRenewal[] }[];
  total: string;
}

interface Priced {
  phoneId: string;
  autoPay: boolean;
  on: DateTime;
  cents: number;
}

/** The month a run falls in, by the billing clock (UTC+8), as Billing Center's bills count it. */
export const billingMonth = (time: DateTime): string => time.setZone(BILLING_ZONE).toFormat("yyyy-MM");

/**
 * The orders the provider places for these renewals: a run orders the phones of one period and autoPay together,
 * at most BATCH_LIMIT.renew a call (provider/batches.ts), so each run's group of n phones is ceil(n/10) orders.
 */
export function orderCount(renewals: { on: DateTime; period: Period; autoPay: boolean }[]): number {
  const groups = new Map<string, number>();
  for (const r of renewals) {
    const key = `${r.on.toMillis()} ${periodKey(r.period)} ${r.autoPay}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups.values()].reduce((sum, n) => sum + Math.ceil(n / BATCH_LIMIT.renew), 0);
}

/** Every month from `start`'s to `end`'s (the window's last instant), as "YYYY-MM". */
function monthsOf(start: DateTime, end: DateTime): string[] {
  const months: string[] = [];
  const last = billingMonth(end.minus({ seconds: 1 }));
  for (let m = start.setZone(BILLING_ZONE).startOf("month"); ; m = m.plus({ months: 1 })) {
    months.push(billingMonth(m));
    if (billingMonth(m) >= last) return months;
  }
}

/**
 * The forecast of the simulated phones from `start` to `end`, each renewal priced as Billing Center charges it: the unit price
 * times the periods, plus the extra days at a 30th (365th) of it (planner/pro-rata.ts).
 */
export function forecast(input: {
  simulated: SimulatedPhone[];
  unitPrices: UnitPrices;
  currency: string;
  start: DateTime;
  end: DateTime;
}): Forecast {
  const { start, end } = input;
  const priced: (Priced & { period: Period })[] = [];
  const phones = input.simulated.map(({ phone, renewals: simulated }) => {
    const renewals = simulated.map(({ on, plan }) => {
      const period = plannedPeriod(plan);
      const unit = input.unitPrices.get(phone.phoneId)?.get(periodKey(period));
      if (unit === undefined) throw new Error(`${phone.phoneId}: no price for ${periodKey(period)}`);
      const cents = renewalCents(unit, period, plan.extraDays);
      priced.push({ phoneId: phone.phoneId, autoPay: phone.settings.autoPay, on, cents, period });
      return { on: formatApiTime(on), from: plan.from, to: plan.to, period, amount: formatCents(cents) };
    });
    return { phoneId: phone.phoneId, name: phone.name ?? null, renewals };
  });
  const months = monthsOf(start, end).map((month) => {
    const of = priced.filter((r) => billingMonth(r.on) === month);
    return {
      month,
      phones: new Set(of.map((r) => r.phoneId)).size,
      orders: orderCount(of),
      amount: formatCents(of.reduce((sum, r) => sum + r.cents, 0)),
    };
  });
  return {
    currency: input.currency,
    from: formatApiTime(start),
    to: formatApiTime(end),
    months,
    phones,
    total: formatCents(priced.reduce((sum, r) => sum + r.cents, 0)),
  };
}
