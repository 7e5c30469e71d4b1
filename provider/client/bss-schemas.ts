// Billing Center (BSS) request and response shapes, snake_case as on the wire. Responses are loose objects:
// checked on the fields the provider uses, extra fields kept. Requests are checked on types and the API's hard
// limits (id counts) only: the server stays the judge of everything else (periods, states).
import { z } from "zod";
import { BATCH_LIMIT } from "./batch-limits";
import { listField, optionalField } from "./wire-fields";

const resourceId = z.string().min(1);
const apiTime = z.string();

/** A per-resource failure inside a 200 answer (renew, renew-rate). */
export const FailResourceInfoSchema = z.looseObject({
  resource_id: z.string(),
  error_code: z.string(),
  error_msg: z.string().optional(),
});
export type FailResourceInfo = z.infer<typeof FailResourceInfoSchema>;

export const QueryResourcesRequestSchema = z.strictObject({
  resource_ids: z.array(resourceId).max(BATCH_LIMIT.query).optional(),
  /** The resources under this order (the way to learn which phones an order holds: its lines name none). */
  order_id: z.string().min(1).optional(),
  /** 0 main and attached resources, 1 main only. */
  only_main_resource: z.union([z.literal(0), z.literal(1)]).optional(),
  /** 2 in use, 3 closed, 4 frozen, 5 expired. */
  status_list: z.array(z.number().int()).optional(),
  expire_time_begin: apiTime.optional(),
  expire_time_end: apiTime.optional(),
  service_type_code: z.string().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).optional(),
});
export type QueryResourcesRequest = z.infer<typeof QueryResourcesRequestSchema>;

export const SubscriptionResourceSchema = z.looseObject({
  id: z.string(),
  resource_id: z.string(),
  resource_name: optionalField(z.string()),
  region_code: optionalField(z.string()),
  service_type_code: optionalField(z.string()),
  resource_type_code: optionalField(z.string()),
  resource_spec_code: optionalField(z.string()),
  project_id: optionalField(z.string()),
  product_id: optionalField(z.string()),
  parent_resource_id: optionalField(z.string()),
  is_main_resource: optionalField(z.number().int()),
  /** 2 in use, 3 closed, 4 frozen, 5 expired (grace period). */
  status: z.number().int(),
  effective_time: optionalField(apiTime),
  expire_time: apiTime,
  /** 0 grace period, 1 pay-per-use, 2 delete, 3 auto-renew, 4 freeze, 5 delete from retention. */
  expire_policy: z.number().int(),
  product_spec_desc: optionalField(z.string()),
  update_time: optionalField(apiTime),
});
export type SubscriptionResource = z.infer<typeof SubscriptionResourceSchema>;

export const QueryResourcesResponseSchema = z.looseObject({
  total_count: z.number().int().min(0),
  data: listField(SubscriptionResourceSchema),
});
export type QueryResourcesResponse = z.infer<typeof QueryResourcesResponseSchema>;

const periodType = z.union([z.literal(2), z.literal(3)]);

export const RenewRequestSchema = z.strictObject({
  resource_ids: z.array(resourceId).min(1).max(BATCH_LIMIT.renew),
  /** 2 month, 3 year. */
  period_type: periodType,
  period_num: z.number().int(),
  is_auto_pay: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type RenewRequest = z.infer<typeof RenewRequestSchema>;

export const RenewResponseSchema = z.looseObject({
  order_ids: listField(z.string()),
  fail_resource_infos: listField(FailResourceInfoSchema),
});
export type RenewResponse = z.infer<typeof RenewResponseSchema>;

export const RenewRateRequestSchema = z.strictObject({
  resource_ids: z.array(resourceId).min(1).max(BATCH_LIMIT.rate),
  period_type: periodType,
  period_num: z.number().int(),
  include_relative_resources: z.boolean().optional(),
});
export type RenewRateRequest = z.infer<typeof RenewRateRequestSchema>;

/** Money as the API writes it (a string of yuan; a number is accepted and kept as its string). */
const amount = z.union([z.string(), z.number()]).transform((value) => String(value));

export const RenewRateResponseSchema = z.looseObject({
  /** "CNY"; empty or absent means CNY. */
  currency: z
    .string()
    .nullish()
    .transform((currency) => currency || "CNY"),
  renew_inquiry_results: listField(z.looseObject({ resource_id: z.string(), amount })),
  official_website_rating_result: optionalField(
    z.looseObject({ official_website_amount: amount.optional() }),
  ),
  optional_discount_rating_results: optionalField(z.array(z.unknown())),
  fail_resource_infos: listField(FailResourceInfoSchema),
});
export type RenewRateResponse = z.infer<typeof RenewRateResponseSchema>;

export const AutoRenewRequestSchema = z.strictObject({
  /** 0-99, 0 = unlimited. */
  auto_renew_times: z.number().int().min(0).max(99).optional(),
  period_type: z.enum(["MONTH", "YEAR"]).optional(),
});
export type AutoRenewRequest = z.infer<typeof AutoRenewRequestSchema>;

export const ToOnDemandRequestSchema = z.strictObject({
  operation: z.enum(["SET_UP", "CANCEL"]),
  resource_ids: z.array(resourceId).min(1).max(BATCH_LIMIT["to-on-demand"]),
});
export type ToOnDemandRequest = z.infer<typeof ToOnDemandRequestSchema>;

export const ErrorDetailSchema = z.looseObject({
  id: z.string(),
  error_code: z.string(),
  error_msg: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** Failures only: an empty list means every resource was switched. */
export const ToOnDemandResponseSchema = z.looseObject({
  error_details: listField(ErrorDetailSchema),
});
export type ToOnDemandResponse = z.infer<typeof ToOnDemandResponseSchema>;

export const RenewConfigRequestSchema = z.strictObject({
  config_name: z.enum(["EXPIRE_DATE", "DEDUCTION_DATE"]),
  config_value: z.string().min(1),
});
export type RenewConfigRequest = z.infer<typeof RenewConfigRequestSchema>;

export const PayOrderRequestSchema = z.strictObject({
  order_id: z.string().min(1),
  use_coupon: z.enum(["YES", "NO"]),
  use_discount: z.enum(["YES", "NO"]),
});
export type PayOrderRequest = z.infer<typeof PayOrderRequestSchema>;

export const ListOrdersQuerySchema = z.strictObject({
  order_id: z.string().optional(),
  create_time_begin: apiTime.optional(),
  create_time_end: apiTime.optional(),
  service_type_code: z.string().optional(),
  /** See ORDER_STATUS. */
  status: z.number().int().optional(),
  /** See ORDER_TYPE; a string in this query (an integer in the answer). */
  order_type: z.string().regex(/^\d+$/).optional(),
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  order_by: z.string().optional(),
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuerySchema>;

/** The fields an order has in the list and in its details (official models CustomerOrderV2 and V3). */
const orderFields = {
  order_id: z.string(),
  /** See ORDER_STATUS. */
  status: z.number().int(),
  /** See ORDER_TYPE. */
  order_type: optionalField(z.number().int()),
  create_time: optionalField(apiTime),
  payment_time: optionalField(apiTime),
  amount_after_discount: optionalField(z.number()),
  official_amount: optionalField(z.number()),
  currency: optionalField(z.string()),
  service_type_code: optionalField(z.string()),
};

/** An order as the list shows it: no payment deadline there (CustomerOrderV2). */
export const ListedOrderSchema = z.looseObject(orderFields);
export type ListedOrder = z.infer<typeof ListedOrderSchema>;

export const ListOrdersResponseSchema = z.looseObject({
  total_count: z.number().int().min(0),
  order_infos: listField(ListedOrderSchema),
});
export type ListOrdersResponse = z.infer<typeof ListOrdersResponseSchema>;

/** An order as its details show it, with its payment deadline when pending payment (CustomerOrderV3). */
export const OrderInfoSchema = z.looseObject({
  ...orderFields,
  pending_payment_end_time: optionalField(apiTime),
});
export type OrderInfo = z.infer<typeof OrderInfoSchema>;

/**
 * One line of an order (OrderLineItemEntityV2). It names no resource: query the subscriptions by order_id. Its
 * other fields are dropped, so that the type admits no field the model lacks.
 */
export const OrderLineItemSchema = z.object({
  order_line_item_id: optionalField(z.string()),
  order_id: optionalField(z.string()),
  service_type_code: optionalField(z.string()),
  product_id: optionalField(z.string()),
  product_spec_desc: optionalField(z.string()),
  /** 2 month, 3 year. */
  period_type: optionalField(z.number().int()),
  period_num: optionalField(z.number().int()),
  effective_time: optionalField(apiTime),
  expire_time: optionalField(apiTime),
  /** How many resources this line renews. */
  subscription_num: optionalField(z.number().int()),
  /** Yuan. */
  amount_after_discount: optionalField(z.number()),
  official_amount: optionalField(z.number()),
  currency: optionalField(z.string()),
});
export type OrderLineItem = z.infer<typeof OrderLineItemSchema>;

export const OrderDetailsResponseSchema = z.looseObject({
  total_count: optionalField(z.number().int()),
  order_info: OrderInfoSchema,
  order_line_items: listField(OrderLineItemSchema),
});
export type OrderDetailsResponse = z.infer<typeof OrderDetailsResponseSchema>;

export const CancelOrderRequestSchema = z.strictObject({
  order_id: z.string().min(1),
});
export type CancelOrderRequest = z.infer<typeof CancelOrderRequestSchema>;

/** Money in the balance answer: a decimal of the currency (the SDK's decimal.Decimal), as a number or a string. */
const decimal = z.union([z.number(), z.string()]).transform((value) => Number(value));

/** One account of the customer (huaweicloudsdkbss AccountBalanceV3). */
export const AccountBalanceSchema = z.looseObject({
  account_id: optionalField(z.string()),
  /** 1 cash (balance), 2 credit, 5 bonus, 7 deposit (ACCOUNT_TYPE). */
  account_type: z.number().int(),
  /** What the account holds now; for a credit account, the credit still available. */
  amount: decimal,
  currency: optionalField(z.string()),
  /** The part of the amount that may pay only for its designated use. */
  designated_amount: optionalField(decimal),
  /** The credit line (credit accounts only). */
  credit_amount: optionalField(decimal),
  /** 1: yuan. */
  measure_id: optionalField(z.number().int()),
});
export type AccountBalance = z.infer<typeof AccountBalanceSchema>;

/** ShowCustomerAccountBalances' answer (huaweicloudsdkbss ShowCustomerAccountBalancesResponse). */
export const AccountBalancesResponseSchema = z.looseObject({
  account_balances: listField(AccountBalanceSchema),
  debt_amount: optionalField(decimal),
  /** 1: yuan. */
  measure_id: optionalField(z.number().int()),
  currency: optionalField(z.string()),
});
export type AccountBalancesResponse = z.infer<typeof AccountBalancesResponseSchema>;
