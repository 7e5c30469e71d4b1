// The order gateway: the only part of the renewal that speaks to Billing Center about orders. It places unpaid
// renewal orders, pays each once, cancels, and finds the orders that hold or renewed given phones. Which phones
// an order holds comes from the subscriptions query with `order_id` (an order's line items name no resource).
import type { DateTime } from "luxon";
import {
  collectPages,
  KooPhoneClient,
  ListedOrder,
  ORDER_STATUS,
  ORDER_TYPE,
  OrderStateError,
  SubscriptionResource,
  UnknownOutcomeError,
} from "../client";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { Period, PERIOD_TYPE_CODE } from "../planner/period";
import type { OrderTotal } from "./context";

const PAGE = 100;

export interface PlacedOrders {
  orderIds: string[];
  /** Per phone Billing Center would not order: its code and words. */
  refused: Map<string, { code: string; message?: string }>;
}

/** One unpaid renewal order for up to 10 phones of one period. Never retried: the caller reconciles. */
export async function placeUnpaid(
  client: KooPhoneClient,
  phoneIds: string[],
  period: Period,
): Promise<PlacedOrders> {
  const response = await client.renew({
    resource_ids: phoneIds,
    period_type: PERIOD_TYPE_CODE[period.unit],
    period_num: period.count,
    is_auto_pay: 0,
  });
  const refused = new Map(
    response.fail_resource_infos.map((f) => [f.resource_id, { code: f.error_code, message: f.error_msg }]),
  );
  return { orderIds: response.order_ids, refused };
}

/** The main subscriptions an order holds (or renewed), with their expiry as it is now. */
export async function phonesOfOrder(
  client: KooPhoneClient,
  orderId: string,
): Promise<SubscriptionResource[]> {
  return collectPages(async (index) => {
    const page = await client.queryResources({
      order_id: orderId,
      only_main_resource: 1,
      offset: index * PAGE,
      limit: PAGE,
    });
    return { items: page.data, total: page.total_count, pageSize: PAGE };
  });
}

/** Which order holds each phone: one order holds them all; several are told apart by the phones they hold. */
export async function orderOfPhones(
  client: KooPhoneClient,
  orderIds: string[],
  phoneIds: string[],
): Promise<Map<string, string>> {
  if (orderIds.length === 1) return new Map(phoneIds.map((id) => [id, orderIds[0]]));
  const wanted = new Set(phoneIds);
  const byPhone = new Map<string, string>();
  for (const orderId of orderIds) {
    for (const phone of await phonesOfOrder(client, orderId)) {
      if (wanted.has(phone.resource_id)) byPhone.set(phone.resource_id, orderId);
    }
  }
  return byPhone;
}

export async function orderStatus(client: KooPhoneClient, orderId: string): Promise<number> {
  return (await client.getOrder(orderId)).order_info.status;
}

/** A payment whose outcome could not be learnt: the order may be paid. */
export class PaymentUnknownError extends Error {
  constructor(
    readonly orderId: string,
    readonly payError: unknown,
    readonly lookupError: unknown,
  ) {
    super(
      `the payment of order ${orderId} got no clear answer (${messageOf(payError)}), and the order's status ` +
        `could not be read (${messageOf(lookupError)})`,
    );
    this.name = "PaymentUnknownError";
  }
}

/**
 * Pays an order once. When the answer is lost, or the order is no longer payable (a pipeline that found it paid it
 * first), its status tells whether it is paid; a failure that leaves it unpaid is thrown as it came, and one whose
 * outcome stays unknown as PaymentUnknownError.
 */
export async function payOnce(client: KooPhoneClient, orderId: string): Promise<void> {
  try {
    await client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
  } catch (error) {
    if (!(error instanceof UnknownOutcomeError || error instanceof OrderStateError)) throw error;
    const status = await orderStatus(client, orderId).catch((lookup: unknown) => {
      throw new PaymentUnknownError(orderId, error, lookup);
    });
    if (status !== ORDER_STATUS.completed) throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Cancels an unpaid order. "paid" when it turned out paid meanwhile (another pipeline found and paid it): then it
 * renewed its phones and is not cancellable, which is no failure.
 */
export async function cancelUnlessPaid(
  client: KooPhoneClient,
  orderId: string,
): Promise<"cancelled" | "paid"> {
  try {
    await client.cancelOrder(orderId);
    return "cancelled";
  } catch (error) {
    if (!(error instanceof UnknownOutcomeError || error instanceof OrderStateError)) throw error;
    const status = await orderStatus(client, orderId);
    if (status === ORDER_STATUS.completed) return "paid";
    if (status === ORDER_STATUS.cancelled) return "cancelled";
    throw error;
  }
}

/** One line item of an order, in the official fields (OrderLineItemEntityV2); no resource id among them. */
export interface ChargeLine {
  amount?: number;
  periodType?: number;
  periodNum?: number;
  effectiveTime?: string;
  expireTime?: string;
}

export interface OrderCharges {
  orderId: string;
  status: number;
  currency: string;
  /** The order's amount after discount (order_info). */
  total?: number;
  lines: ChargeLine[];
}

/** An order's status, amounts and line items, every page of them. */
export async function orderCharges(client: KooPhoneClient, orderId: string): Promise<OrderCharges> {
  const details = await client.getOrder(orderId);
  return {
    orderId,
    status: details.order_info.status,
    currency: details.order_info.currency || "CNY",
    total: details.order_info.amount_after_discount,
    lines: details.order_line_items.map((line) => ({
      amount: line.amount_after_discount,
      periodType: line.period_type,
      periodNum: line.period_num,
      effectiveTime: line.effective_time,
      expireTime: line.expire_time,
    })),
  };
}

export interface FoundOrder {
  orderId: string;
  status: number;
  /** The phone as the order's subscriptions query answered it: its expiry now. */
  phone: SubscriptionResource;
}

export interface OrderScope {
  /** Orders of these statuses, however old. */
  anyAge?: number[];
  /** Orders of any status created since then. */
  createdSince?: DateTime;
  /** Completed orders paid since then, however long they had waited unpaid before (up to PAYMENT_WINDOW). */
  paidSince?: DateTime;
}

/**
 * How long an order may wait unpaid: an order paid since a time was created at most this long before it (the
 * emulator cancels an unpaid order after 7 days; Billing Center does not publish its deadline).
 */
const PAYMENT_WINDOW = { days: 7 };

/**
 * The newest renewal order in scope per phone (by payment, else creation time), and the phones it holds. Orders
 * are looked into newest first, and the search stops once every phone has one.
 */
export async function findOrdersForPhones(
  client: KooPhoneClient,
  phoneIds: string[],
  scope: OrderScope,
): Promise<Map<string, FoundOrder>> {
  const candidates = await listCandidates(client, scope);
  const wanted = new Set(phoneIds);
  const found = new Map<string, FoundOrder>();
  for (const order of candidates) {
    if (found.size === wanted.size) break;
    for (const phone of await phonesOfOrder(client, order.orderId)) {
      if (wanted.has(phone.resource_id) && !found.has(phone.resource_id)) {
        found.set(phone.resource_id, { orderId: order.orderId, status: order.status, phone });
      }
    }
  }
  return found;
}

interface Candidate {
  orderId: string;
  status: number;
  /** When it was paid, else created (epoch ms). */
  lastEvent: number;
  paidAt?: number;
  /** What it charges in all, when the listing says. */
  total?: OrderTotal;
}

async function listCandidates(client: KooPhoneClient, scope: OrderScope): Promise<Candidate[]> {
  const { paidSince } = scope;
  const paidListing = async (since: DateTime) =>
    (
      await listRenewalOrders(client, { status: ORDER_STATUS.completed, since: since.minus(PAYMENT_WINDOW) })
    ).filter((order) => order.paidAt === undefined || order.paidAt >= since.toMillis());
  const listings = [
    ...(scope.anyAge ?? []).map((status) => listRenewalOrders(client, { status })),
    ...(scope.createdSince ? [listRenewalOrders(client, { since: scope.createdSince })] : []),
    ...(paidSince ? [paidListing(paidSince)] : []),
  ];
  const byId = new Map<string, Candidate>();
  for (const orders of await Promise.all(listings)) {
    for (const order of orders) byId.set(order.orderId, order);
  }
  return [...byId.values()].sort((a, b) => b.lastEvent - a.lastEvent);
}

export interface PaidOrder {
  orderId: string;
  /** When it was paid (else created), epoch ms. */
  paidAt: number;
}

/**
 * Completed renewal orders paid from `since` up to and including `until`, newest first: the listing alone (one
 * call per 100 orders), no order looked into.
 */
export async function listPaidRenewals(
  client: KooPhoneClient,
  since: DateTime,
  until: DateTime,
): Promise<PaidOrder[]> {
  const orders = await listRenewalOrders(client, {
    status: ORDER_STATUS.completed,
    since: since.minus(PAYMENT_WINDOW),
  });
  return orders
    .filter((order) => order.lastEvent >= since.toMillis() && order.lastEvent <= until.toMillis())
    .sort((a, b) => b.lastEvent - a.lastEvent)
    .map((order) => ({ orderId: order.orderId, paidAt: order.lastEvent }));
}

/**
 * What these completed renewal orders, created since `since`, charged in all, by order id: the listing alone,
 * newest first, read until every one of them is found (one call for up to 100 orders just paid).
 */
export async function paidOrderTotals(
  client: KooPhoneClient,
  orderIds: string[],
  since: DateTime,
): Promise<Map<string, OrderTotal>> {
  const wanted = new Set(orderIds);
  const orders = await listRenewalOrders(
    client,
    { status: ORDER_STATUS.completed, since },
    (listed) => listed.filter((order) => wanted.has(order.order_id)).length === wanted.size,
  );
  const totals = orders.flatMap((order) =>
    wanted.has(order.orderId) && order.total ? [[order.orderId, order.total] as const] : [],
  );
  return new Map(totals);
}

async function listRenewalOrders(
  client: KooPhoneClient,
  filter: { status?: number; since?: DateTime },
  enough?: (listed: ListedOrder[]) => boolean,
): Promise<Candidate[]> {
  const orders = await collectPages(async (index) => {
    const page = await client.listOrders({
      order_type: String(ORDER_TYPE.renewal),
      ...(filter.status !== undefined ? { status: filter.status } : {}),
      ...(filter.since ? { create_time_begin: formatApiTime(filter.since) } : {}),
      order_by: "-createTime",
      offset: index * PAGE,
      limit: PAGE,
    });
    return { items: page.order_infos, total: page.total_count, pageSize: PAGE };
  }, enough);
  const millis = (time: string | undefined) => (time ? parseApiTime(time).toMillis() : undefined);
  // A cancelled order neither holds nor renewed anything.
  return orders
    .filter((order) => order.status !== ORDER_STATUS.cancelled)
    .map((order) => {
      const paidAt = millis(order.payment_time);
      const total = order.amount_after_discount;
      return {
        orderId: order.order_id,
        status: order.status,
        paidAt,
        lastEvent: paidAt ?? millis(order.create_time) ?? 0,
        ...(total !== undefined ? { total: { total, currency: order.currency || "CNY" } } : {}),
      };
    });
}
