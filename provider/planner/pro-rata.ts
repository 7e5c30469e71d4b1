// Billing Center's pro-rata rule for the days a renewal adds to reach the account's renewal day: a 30th of the
// monthly price a day for a monthly renewal, a 365th of the yearly price for a yearly one (an unconfirmed fact the
// README lists). Amounts in cents.
import type { Period, PeriodUnit } from "./period";

/** The days of a period unit that one pro-rata day is a fraction of. */
export const PRO_RATA_DAYS: Record<PeriodUnit, number> = { month: 30, year: 365 };

/** What `days` pro-rata days cost at `unitCents` a period unit, to the cent. */
export function proRataCents(unitCents: number, days: number, unit: PeriodUnit): number {
  return Math.round((days * unitCents) / PRO_RATA_DAYS[unit]);
}

/** What a renewal by `period` plus `days` pro-rata days costs at `unitCents` a period unit, to the cent. */
export function renewalCents(unitCents: number, period: Period, days: number): number {
  return Math.round(unitCents * period.count) + proRataCents(unitCents, days, period.unit);
}
