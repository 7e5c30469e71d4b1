// The wire shapes (snake_case, as BSS and KooPhone answer) of the emulator's records.
import { PERIOD_TYPE_CODE } from "../provider/client/billing-codes";
import { expirePolicyOf, phoneOf, subscriptionOf, wireStatus } from "./billing";
import {
  CURRENCY,
  PROJECT_ID,
  PROJECT_NAME,
  REGION,
  REGION_NAME,
  RESOURCE_TYPE_CODE,
  RESOURCE_TYPE_NAME,
  SERVICE_TYPE_CODE,
  SERVICE_TYPE_NAME,
  skuOrThrow,
} from "./catalog";
import { centsToYuan } from "./money";
import type { EmulatorState, Order, OrderLineItem, Phone, Subscription } from "./types";

/** The customer id the emulator's account has (an arbitrary fixed value). */
export const CUSTOMER_ID = "e7a1c2d3b4f5a6b7c8d9e0f1a2b3c4d5";
/** Every resource is in the account's default enterprise project. */
const DEFAULT_ENTERPRISE_PROJECT = { id: "0", name: "default" };
/** The account's name, as order details show it (an arbitrary fixed value). */
const ACCOUNT_NAME = "koophone-emulator";
/** The emulator's choice of product category code (unpublished). */
const CATEGORY_CODE = "hws.resource.type.koophone";

export function subscriptionView(state: EmulatorState, sub: Subscription): Record<string, unknown> {
  const phone = phoneOf(state, sub.resourceId);
  const sku = skuOrThrow(sub.skuCode);
  return {
    id: sub.id,
    resource_id: sub.resourceId,
    resource_name: phone?.name ?? sub.resourceId,
    region_code: REGION,
    service_type_code: SERVICE_TYPE_CODE,
    service_type_name: SERVICE_TYPE_NAME,
    resource_type_code: RESOURCE_TYPE_CODE,
    resource_type_name: RESOURCE_TYPE_NAME,
    resource_spec_code: sku.code,
    project_id: PROJECT_ID,
    enterprise_project: DEFAULT_ENTERPRISE_PROJECT,
    product_id: sku.productId,
    parent_resource_id: "",
    is_main_resource: 1,
    status: wireStatus(sub, phone),
    effective_time: sub.effectiveTime,
    expire_time: sub.expireTime,
    expire_policy: expirePolicyOf(sub),
    product_spec_desc: sku.display,
    update_time: sub.updateTime,
  };
}

/** The money breakdown of an order or a line: no coupon, discount or stored card in the emulator. */
function amountInfo(): Record<string, unknown> {
  return {
    discounts: [],
    flexipurchase_coupon_amount: 0,
    coupon_amount: 0,
    stored_card_amount: 0,
    commission_amount: 0,
    consumed_amount: 0,
  };
}

/** What the list and the details both show of an order. */
function orderView(order: Order): Record<string, unknown> {
  const amount = centsToYuan(order.amountCents);
  return {
    order_id: order.orderId,
    customer_id: CUSTOMER_ID,
    service_type_code: SERVICE_TYPE_CODE,
    service_type_name: SERVICE_TYPE_NAME,
    source_type: 1,
    status: order.status,
    order_type: order.orderType,
    amount_after_discount: amount,
    official_amount: amount,
    measure_id: 1,
    create_time: order.createTime,
    ...(order.paymentTime ? { payment_time: order.paymentTime } : {}),
    currency: CURRENCY,
    contract_id: "",
    amount_info: amountInfo(),
    // The emulator never combines orders, so no order has sub-orders.
    sub_order_infos: [],
  };
}

/** An order as the list shows it (CustomerOrderV2): no payment deadline there. */
export function listedOrderView(order: Order): Record<string, unknown> {
  return { ...orderView(order), enterprise_projects: [DEFAULT_ENTERPRISE_PROJECT] };
}

/** An order as its details show it (CustomerOrderV3): with its payment deadline while pending payment. */
export function orderDetailView(order: Order): Record<string, unknown> {
  return {
    ...orderView(order),
    ...(order.pendingPaymentEndTime ? { pending_payment_end_time: order.pendingPaymentEndTime } : {}),
    user_name: ACCOUNT_NAME,
  };
}

/** One line of an order (OrderLineItemEntityV2): it names no resource (the subscriptions query by order_id does). */
export function lineItemView(orderId: string, item: OrderLineItem): Record<string, unknown> {
  const sku = skuOrThrow(item.skuCode);
  const amount = centsToYuan(item.amountCents);
  const product = {
    product_id: sku.productId,
    product_spec_desc: sku.display,
    category_code: CATEGORY_CODE,
    product_owner_service: SERVICE_TYPE_CODE,
    commercial_resource: RESOURCE_TYPE_CODE,
  };
  return {
    order_line_item_id: item.lineItemId,
    order_id: orderId,
    service_type_code: SERVICE_TYPE_CODE,
    service_type_name: SERVICE_TYPE_NAME,
    ...product,
    period_type: PERIOD_TYPE_CODE[item.periodUnit],
    period_num: item.periodCount,
    effective_time: item.effectiveTime,
    expire_time: item.expireTime,
    subscription_num: 1,
    amount_after_discount: amount,
    official_amount: amount,
    amount_info: amountInfo(),
    currency: CURRENCY,
    base_product_info: product,
  };
}

/** KooPhone `frozen_status`: 1 when BSS froze the phone (retention period) or the administrator did. */
export function isFrozen(state: EmulatorState, phone: Phone): boolean {
  const sub = subscriptionOf(state, phone.instanceId);
  return phone.adminFrozen || sub?.status === 4;
}

/** A frozen phone is stopped, whatever it was doing. */
export function runningStatus(state: EmulatorState, phone: Phone): number {
  return isFrozen(state, phone) ? 1 : phone.runningStatus;
}

export function instanceView(state: EmulatorState, phone: Phone): Record<string, unknown> {
  return {
    instance_id: phone.instanceId,
    instance_name: phone.name,
    region: REGION,
    instance_sku: skuOrThrow(phone.skuCode).display,
    frozen_status: isFrozen(state, phone) ? 1 : 0,
    running_status: runningStatus(state, phone),
    login_status: 0,
    assign_status: phone.assignedUser ? 1 : 0,
    assign_user: phone.assignedUser ?? "",
    billing_mode: phone.billingMode,
    project_id: PROJECT_ID,
    project_name: PROJECT_NAME,
    phone_id: phone.instanceId,
    region_name: REGION_NAME,
    region_name_en: REGION_NAME,
  };
}
