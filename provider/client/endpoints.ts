// Every API the project calls, declared once as data: its short name, Huawei's operation name (as the API
// reference and the official SDKs call it), method, path, where the request goes and its schema, the answer's
// schema, how many ids one call may carry and when a failed call may be sent again. The client's methods and the
// emulator's routes follow from these declarations.
import type { z } from "zod";
import type { ApiName } from "./api-names";
import { BATCH_LIMIT } from "./batch-limits";
import {
  AccountBalancesResponseSchema,
  AutoRenewRequestSchema,
  CancelOrderRequestSchema,
  ListOrdersQuerySchema,
  ListOrdersResponseSchema,
  OrderDetailsResponseSchema,
  PayOrderRequestSchema,
  QueryResourcesRequestSchema,
  QueryResourcesResponseSchema,
  RenewConfigRequestSchema,
  RenewRateRequestSchema,
  RenewRateResponseSchema,
  RenewRequestSchema,
  RenewResponseSchema,
  ToOnDemandRequestSchema,
  ToOnDemandResponseSchema,
} from "./bss-schemas";
import {
  InstanceStatusRequestSchema,
  InstanceStatusResponseSchema,
  ListInstancesQuerySchema,
  ListInstancesResponseSchema,
} from "./koophone-schemas";
import type { HttpMethod } from "./signed-exchange";

export type Service = "bss" | "koophone";

/**
 * When a failed call is sent again. "read": after any failure that may pass (no answer, a 5xx, throttling), within
 * the retry budget; reads and setters that leave the same state however often they run. "once": it moves money or
 * orders, so only when the failure proves nothing was done (the connection was refused before a byte was sent, or
 * the gateway throttled it).
 */
export type RetryRule = "read" | "once";

export interface Endpoint<Request = unknown, Response = unknown> {
  api: ApiName;
  operation: string;
  service: Service;
  method: HttpMethod;
  /** `{name}` marks a path parameter. */
  path: string;
  /** The body (JSON) or the query string, and its schema; absent when the call sends neither. */
  request?: { in: "body" | "query"; schema: z.ZodType<Request> };
  /** Absent for calls whose answer has no fields (204, or a bare success code). */
  response?: z.ZodType<Response>;
  batchLimit?: number;
  retry: RetryRule;
}

function endpoint<Request = never, Response = void>(
  declaration: Endpoint<Request, Response>,
): Endpoint<Request, Response> {
  return declaration;
}

const body = <T>(schema: z.ZodType<T>) => ({ in: "body" as const, schema });
const query = <T>(schema: z.ZodType<T>) => ({ in: "query" as const, schema });

export const ENDPOINTS = {
  query: endpoint({
    api: "query",
    operation: "ListPayPerUseCustomerResources",
    service: "bss",
    method: "POST",
    // Sic: the real path says "suscriptions".
    path: "/v2/orders/suscriptions/resources/query",
    request: body(QueryResourcesRequestSchema),
    response: QueryResourcesResponseSchema,
    batchLimit: BATCH_LIMIT.query,
    retry: "read",
  }),
  renew: endpoint({
    api: "renew",
    operation: "RenewalResources",
    service: "bss",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/renew",
    request: body(RenewRequestSchema),
    response: RenewResponseSchema,
    batchLimit: BATCH_LIMIT.renew,
    retry: "once",
  }),
  rate: endpoint({
    api: "rate",
    operation: "ListRenewRateOnPeriod",
    service: "bss",
    method: "POST",
    path: "/v2/bills/ratings/period-resources/renew-rate",
    request: body(RenewRateRequestSchema),
    response: RenewRateResponseSchema,
    batchLimit: BATCH_LIMIT.rate,
    retry: "read",
  }),
  "autorenew-on": endpoint({
    api: "autorenew-on",
    operation: "AutoRenewalResources",
    service: "bss",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/autorenew/{resource_id}",
    request: body(AutoRenewRequestSchema),
    retry: "read",
  }),
  "autorenew-off": endpoint({
    api: "autorenew-off",
    operation: "CancelAutoRenewalResources",
    service: "bss",
    method: "DELETE",
    path: "/v2/orders/subscriptions/resources/autorenew/{resource_id}",
    retry: "read",
  }),
  "to-on-demand": endpoint({
    api: "to-on-demand",
    operation: "UpdatePeriodToOnDemand",
    service: "bss",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/to-on-demand",
    request: body(ToOnDemandRequestSchema),
    response: ToOnDemandResponseSchema,
    batchLimit: BATCH_LIMIT["to-on-demand"],
    retry: "read",
  }),
  "renew-config": endpoint({
    api: "renew-config",
    operation: "SetResourcesRenewConfig",
    service: "bss",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/renew/config",
    request: body(RenewConfigRequestSchema),
    retry: "read",
  }),
  pay: endpoint({
    api: "pay",
    operation: "PayOrders",
    service: "bss",
    method: "POST",
    path: "/v3/orders/customer-orders/pay",
    request: body(PayOrderRequestSchema),
    retry: "once",
  }),
  "orders-list": endpoint({
    api: "orders-list",
    operation: "ListCustomerOrders",
    service: "bss",
    method: "GET",
    path: "/v2/orders/customer-orders",
    request: query(ListOrdersQuerySchema),
    response: ListOrdersResponseSchema,
    retry: "read",
  }),
  "order-details": endpoint({
    api: "order-details",
    operation: "ShowCustomerOrderDetails",
    service: "bss",
    method: "GET",
    path: "/v2/orders/customer-orders/details/{order_id}",
    response: OrderDetailsResponseSchema,
    retry: "read",
  }),
  "order-cancel": endpoint({
    api: "order-cancel",
    operation: "CancelCustomerOrder",
    service: "bss",
    method: "PUT",
    path: "/v2/orders/customer-orders/cancel",
    request: body(CancelOrderRequestSchema),
    retry: "once",
  }),
  instances: endpoint({
    api: "instances",
    operation: "ListInstances",
    service: "koophone",
    method: "GET",
    path: "/v1/instances/batch-query",
    request: query(ListInstancesQuerySchema),
    response: ListInstancesResponseSchema,
    retry: "read",
  }),
  "instances-status": endpoint({
    api: "instances-status",
    operation: "BatchShowInstance",
    service: "koophone",
    method: "POST",
    path: "/v1/instances/batch-query-status",
    request: body(InstanceStatusRequestSchema),
    response: InstanceStatusResponseSchema,
    batchLimit: BATCH_LIMIT["instances-status"],
    retry: "read",
  }),
  balances: endpoint({
    api: "balances",
    operation: "ShowCustomerAccountBalances",
    service: "bss",
    method: "GET",
    path: "/v2/accounts/customer-accounts/balances",
    response: AccountBalancesResponseSchema,
    retry: "read",
  }),
} as const satisfies Record<ApiName, { api: ApiName }>;

/** The names of a path's parameters, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
}
