// What a paid renewal order is on record as: its total, and what it did for one phone.
import type { PeriodUnit } from "../planner/period";

/** What a paid order charged in all (its amount after discount), as Billing Center's order listing shows it. */
export interface OrderTotal {
  total: number;
  currency: string;
}

/**
 * What the last renewal of a phone did (output `lastRenewal`). The order id, period, currency and `to` are always
 * certain. `amount` and `from` are absent only for a renewal found after an interrupted run, when its order renewed
 * several phones to the same expiry from different ones: line items name no resource, so the lines cannot tell
 * which of them is this phone's; `note` then says so.
 */
export interface LastRenewal {
  orderId: string;
  period: { unit: PeriodUnit; count: number };
  /** What the order charged for this phone, pro-rata days included; absent when the lines cannot tell (above). */
  amount?: number;
  currency: string;
  /** The expiry the renewal started from; absent when the lines cannot tell (above). */
  from?: string;
  to: string;
  /** What of this phone's part the order cannot tell, and why; absent when the record is whole. */
  note?: string;
}
