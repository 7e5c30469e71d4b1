// The order gateway: the only code that changes orders. It places unpaid renewal orders, pays each once and
// cancels; what orders hold or renewed is the order history's (order-history.ts), which only reads.
import {
  KooPhoneClient,
  ORDER_STATUS,
  OrderStateError,
  PERIOD_TYPE_CODE,
  UnknownOutcomeError,
} from "../client";
import { messageOf } from "../error-message";
import type { Period } from "../planner/period";
import type { OrderHistory } from "./order-history";

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

/** Which order holds each phone: one order holds them all; several are told apart by the phones they hold. */
export async function orderOfPhones(
  history: OrderHistory,
  orderIds: string[],
  phoneIds: string[],
): Promise<Map<string, string>> {
  if (orderIds.length === 1) {
    history.placed(orderIds[0], phoneIds);
    return new Map(phoneIds.map((id) => [id, orderIds[0]]));
  }
  const wanted = new Set(phoneIds);
  const byPhone = new Map<string, string>();
  for (const orderId of orderIds) {
    for (const phoneId of await history.holdersOf(orderId)) {
      if (wanted.has(phoneId)) byPhone.set(phoneId, orderId);
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
