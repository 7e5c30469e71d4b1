// Orders: pay (v3, 204), list, details, cancel.
import { CODE, ORDER_STATUS } from "../../provider/client/billing-codes";
import { parseApiTime } from "../../provider/planner/billing-time";
import { ApiError } from "../api-error";
import { applyLineItems, tryCharge } from "../billing";
import { SERVICE_TYPE_CODE } from "../catalog";
import { toApiTime } from "../clock";
import { bssBody, bssQuery, cancelOrderBody, orderDetailsQuery, ordersListQuery, payBody } from "../schemas";
import type { EmulatorState, Order } from "../types";
import { lineItemView, listedOrderView, orderDetailView } from "../views";
import { Handler, NO_CONTENT, errorResult, ok } from "./handler";

function findOrder(state: EmulatorState, orderId: string): Order {
  const order = state.orders.find((o) => o.orderId === orderId);
  if (!order) {
    throw new ApiError(
      400,
      CODE.invalidOrder,
      `Invalid order "${orderId}" (it may not exist): nothing was done`,
    );
  }
  return order;
}

export const payOrder: Handler = (state, req, now) => {
  const body = bssBody(payBody, req.body);
  if ((body.coupon_infos?.length ?? 0) > 0 || (body.discount_infos?.length ?? 0) > 0) {
    throw new ApiError(
      400,
      CODE.couponNotUsable,
      "The chosen coupons or discounts cannot be used for this order",
    );
  }
  const order = findOrder(state, body.order_id);
  if (order.status === ORDER_STATUS.cancelled && order.cancelReason === "deadline") {
    throw new ApiError(
      400,
      CODE.pastPaymentDeadline,
      "The order is past its payment deadline: place a new order",
    );
  }
  if (order.status !== ORDER_STATUS.pendingPayment) {
    throw new ApiError(
      400,
      CODE.orderStatusChanged,
      `The order status has changed (status ${order.status}): it cannot be paid`,
    );
  }
  const ids = order.lineItems.map((item) => item.resourceId);
  if (!tryCharge(state, order.amountCents, "pay", ids)) {
    return errorResult(
      new ApiError(400, CODE.insufficientBalance, "The account balance is insufficient to pay the order"),
    );
  }
  order.status = ORDER_STATUS.completed;
  order.paymentTime = toApiTime(now);
  applyLineItems(state, order, now);
  return NO_CONTENT;
};

/** Orders in creation order (ties: the order they were placed). */
function chronological(orders: Order[]): Order[] {
  return orders
    .map((order, index) => ({ order, index, at: parseApiTime(order.createTime).toMillis() }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((entry) => entry.order);
}

export const listOrders: Handler = (state, req) => {
  const q = bssQuery(ordersListQuery, req.query);
  const begin = q.create_time_begin === undefined ? undefined : parseApiTime(q.create_time_begin);
  const end = q.create_time_end === undefined ? undefined : parseApiTime(q.create_time_end);
  const matching = chronological(state.orders).filter((order) => {
    const created = parseApiTime(order.createTime);
    return (
      (q.order_id === undefined || order.orderId === q.order_id) &&
      (begin === undefined || created >= begin) &&
      (end === undefined || created <= end) &&
      (q.service_type_code === undefined || q.service_type_code === SERVICE_TYPE_CODE) &&
      (q.status === undefined || order.status === q.status) &&
      (q.order_type === undefined || order.orderType === q.order_type)
    );
  });
  // Newest first unless asked otherwise (the emulator's choice of default).
  if (q.order_by !== "createTime") matching.reverse();
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return ok({
    total_count: matching.length,
    order_infos: matching.slice(offset, offset + limit).map(listedOrderView),
  });
};

export const showOrder: Handler = (state, req) => {
  const q = bssQuery(orderDetailsQuery, req.query);
  const order = findOrder(state, req.params.order_id);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return ok({
    total_count: order.lineItems.length,
    order_info: orderDetailView(order),
    order_line_items: order.lineItems
      .slice(offset, offset + limit)
      .map((item) => lineItemView(order.orderId, item)),
  });
};

export const cancelOrder: Handler = (state, req) => {
  const body = bssBody(cancelOrderBody, req.body);
  const order = findOrder(state, body.order_id);
  if (order.status !== ORDER_STATUS.pendingPayment) {
    throw new ApiError(
      400,
      CODE.orderStatusChanged,
      `The order status has changed (status ${order.status}): only an order pending payment can be cancelled`,
    );
  }
  order.status = ORDER_STATUS.cancelled;
  order.cancelReason = "customer";
  // The official answer has no fields.
  return NO_CONTENT;
};
