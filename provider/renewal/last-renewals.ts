import { DateTime } from "luxon";
import { parseApiTime } from "../planner/billing-time";
import type { LastRenewal, RenewalContext } from "./context";
import { findOrdersForPhones, orderCharges, OrderCharges } from "./order-gateway";
import { renewalInOrder } from "./order-lines";

/**
 * The newest renewal order per phone paid since `since` (a DateTime or an API time; an order created earlier and
 * paid since counts), described by its line for that phone: for a phone whose expiry moved past what was recorded.
 * A phone with no such order, or whose order's lines cannot tell its renewal, is left out; a failing lookup throws.
 */
export async function findLastRenewals(
  context: RenewalContext,
  phoneIds: string[],
  since: DateTime | string,
): Promise<Map<string, LastRenewal>> {
  const paidSince = typeof since === "string" ? parseApiTime(since) : since;
  const found = await findOrdersForPhones(context.client, phoneIds, { paidSince });
  const charges = new Map<string, Promise<OrderCharges>>();
  const last = new Map<string, LastRenewal>();
  for (const [phoneId, order] of found) {
    if (!charges.has(order.orderId)) charges.set(order.orderId, orderCharges(context.client, order.orderId));
    const details = await (charges.get(order.orderId) as Promise<OrderCharges>); // set just above
    const { amount, period, from, to } = renewalInOrder(details, { to: order.phone.expire_time });
    if (amount === undefined || period === undefined || from === undefined || to === undefined) continue;
    last.set(phoneId, { orderId: order.orderId, period, amount, currency: details.currency, from, to });
  }
  return last;
}
