import { DateTime } from "luxon";
import { parseApiTime } from "../planner/billing-time";
import type { LastRenewal, RenewalContext } from "./context";
import { findOrdersForPhones } from "./order-gateway";
import { RenewalsOfBatch } from "./renewed";

/**
 * The newest renewal order per phone paid since `since` (a DateTime or an API time; an order created earlier and
 * paid since counts), described by its line for that phone: for a phone whose expiry moved past what was recorded. A phone with no such order, or
 * whose order's details cannot tell its renewal, is left out.
 */
export async function findLastRenewals(
  context: RenewalContext,
  phoneIds: string[],
  since: DateTime | string,
): Promise<Map<string, LastRenewal>> {
  const from = typeof since === "string" ? parseApiTime(since) : since;
  const found = await findOrdersForPhones(context.client, phoneIds, {
    paidSince: from,
  });
  const renewals = new RenewalsOfBatch(context.client);
  const last = new Map<string, LastRenewal>();
  for (const [phoneId, order] of found) {
    const renewal = await renewals.renewed(order.orderId, true, { to: order.phone.expire_time });
    const { amount, period, from: start, to: end } = renewal;
    if (amount === undefined || period === undefined || start === undefined || end === undefined) continue;
    last.set(phoneId, {
      orderId: order.orderId,
      period,
      amount,
      currency: renewal.currency ?? "CNY",
      from: start,
      to: end,
    });
  }
  return last;
}
