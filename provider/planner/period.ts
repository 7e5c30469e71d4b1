import { DateTime } from "luxon";

/** The unit of a renewal period, as Billing Center offers it. */
export type PeriodUnit = "month" | "year";

/** A renewal duration: `count` months or years. */
export interface Period {
  unit: PeriodUnit;
  count: number;
}

/** What one renew order may ask for (BSS: 1-11 months, 1-3 years). */
export const PERIOD_LIMITS: Record<PeriodUnit, { min: number; max: number }> = {
  month: { min: 1, max: 11 },
  year: { min: 1, max: 3 },
};

/** The expiry after `count` units are added; month ends clamp (Jan 31 + 1 month = Feb 28/29). */
export function addPeriod(expiry: DateTime, period: Period): DateTime {
  return period.unit === "month"
    ? expiry.plus({ months: period.count })
    : expiry.plus({ years: period.count });
}
