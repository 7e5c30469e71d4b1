// The renew-rate calls that price the rows: one per period (unit and number), at most 10 phones each.
import type { RenewRateRequest } from "../provider/client";
import { PERIOD_LIMITS, PERIOD_TYPE_CODE, Period } from "../provider/planner/period";
import { formatPeriod } from "./display-values";
import type { RenewalRow } from "./renewal-rows";

/** renew-rate prices at most 10 resources per call. */
export const RATE_BATCH = 10;

export interface RatePlan {
  requests: RenewRateRequest[];
  /** Rows that cannot be priced, with the reason shown instead of an amount. */
  skipped: Map<string, string>;
}

/** The period to price, or why there is none. */
function priceablePeriod(periods: Period | undefined): Period | string {
  if (periods === undefined) return "Billing Center reports no subscription for this phone";
  if (periods.count === 0) return `the expiry moves by less than 1 ${periods.unit}`;
  if (periods.count > PERIOD_LIMITS[periods.unit].max) {
    return `${formatPeriod(periods)} is more than one order renews (1-11 months or 1-3 years)`;
  }
  return periods;
}

export function rateRequests(rows: RenewalRow[]): RatePlan {
  const groups = new Map<string, { period: Period; ids: string[] }>();
  const skipped = new Map<string, string>();
  for (const row of rows) {
    const period = priceablePeriod(row.periods);
    if (typeof period === "string") {
      skipped.set(row.phoneId, period);
      continue;
    }
    const key = `${period.unit}:${period.count}`;
    const group = groups.get(key) ?? { period, ids: [] };
    group.ids.push(row.phoneId);
    groups.set(key, group);
  }
  const requests = [...groups.values()].flatMap(({ period, ids }) => {
    const chunks: RenewRateRequest[] = [];
    for (let i = 0; i < ids.length; i += RATE_BATCH) {
      chunks.push({
        resource_ids: ids.slice(i, i + RATE_BATCH),
        period_type: PERIOD_TYPE_CODE[period.unit],
        period_num: period.count,
        include_relative_resources: true,
      });
    }
    return chunks;
  });
  return { requests, skipped };
}
