// Every emulated API: method, path (the reference's, including the real "suscriptions" typo), short name.
import { disableAutoRenew, enableAutoRenew } from "./handlers/auto-renew";
import type { Route } from "./handlers/handler";
import { listInstances, queryInstanceStatus } from "./handlers/instances";
import { toOnDemand } from "./handlers/on-demand";
import { cancelOrder, listOrders, payOrder, showOrder } from "./handlers/orders";
import { renew, renewRate } from "./handlers/renewals";
import { setRenewConfig } from "./handlers/renew-config";
import { queryResources } from "./handlers/resources";

export const ROUTES: readonly Route[] = [
  {
    api: "query",
    method: "POST",
    path: "/v2/orders/suscriptions/resources/query",
    mutates: false,
    handle: queryResources,
  },
  {
    api: "renew",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/renew",
    mutates: true,
    handle: renew,
  },
  {
    api: "rate",
    method: "POST",
    path: "/v2/bills/ratings/period-resources/renew-rate",
    mutates: false,
    handle: renewRate,
  },
  {
    api: "autorenew-on",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/autorenew/:resource_id",
    mutates: true,
    handle: enableAutoRenew,
  },
  {
    api: "autorenew-off",
    method: "DELETE",
    path: "/v2/orders/subscriptions/resources/autorenew/:resource_id",
    mutates: true,
    handle: disableAutoRenew,
  },
  {
    api: "to-on-demand",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/to-on-demand",
    mutates: true,
    handle: toOnDemand,
  },
  {
    api: "renew-config",
    method: "POST",
    path: "/v2/orders/subscriptions/resources/renew/config",
    mutates: true,
    handle: setRenewConfig,
  },
  { api: "pay", method: "POST", path: "/v3/orders/customer-orders/pay", mutates: true, handle: payOrder },
  {
    api: "orders-list",
    method: "GET",
    path: "/v2/orders/customer-orders",
    mutates: false,
    handle: listOrders,
  },
  {
    api: "order-details",
    method: "GET",
    path: "/v2/orders/customer-orders/details/:order_id",
    mutates: false,
    handle: showOrder,
  },
  {
    api: "order-cancel",
    method: "PUT",
    path: "/v2/orders/customer-orders/cancel",
    mutates: true,
    handle: cancelOrder,
  },
  {
    api: "instances",
    method: "GET",
    path: "/v1/instances/batch-query",
    mutates: false,
    handle: listInstances,
  },
  {
    api: "instances-status",
    method: "POST",
    path: "/v1/instances/batch-query-status",
    mutates: false,
    handle: queryInstanceStatus,
  },
];

/** The route for a method and a (percent-decoded) path, with its captured parameters. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const segments = path.split("/");
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      if (part.startsWith(":")) {
        params[part.slice(1)] = segments[i];
        return segments[i] !== "";
      }
      return part === segments[i];
    });
    if (matches) return { route, params };
  }
  return undefined;
}
