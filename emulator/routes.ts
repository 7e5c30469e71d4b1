// Every emulated API: its handler, at the method and path the client declares for it.
import { API_NAMES, type ApiName } from "../provider/client/api-names";
import { ENDPOINTS } from "../provider/client/endpoints";
import { disableAutoRenew, enableAutoRenew } from "./handlers/auto-renew";
import { showAccountBalances } from "./handlers/balances";
import type { Handler, Route } from "./handlers/handler";
import { listInstances, queryInstanceStatus } from "./handlers/instances";
import { toOnDemand } from "./handlers/on-demand";
import { cancelOrder, listOrders, payOrder, showOrder } from "./handlers/orders";
import { renew, renewRate } from "./handlers/renewals";
import { setRenewConfig } from "./handlers/renew-config";
import { queryResources } from "./handlers/resources";

/** What each API does here; its method and path are the client's declaration of it. */
const HANDLERS: Record<ApiName, { mutates: boolean; handle: Handler }> = {
  query: { mutates: false, handle: queryResources },
  renew: { mutates: true, handle: renew },
  rate: { mutates: false, handle: renewRate },
  "autorenew-on": { mutates: true, handle: enableAutoRenew },
  "autorenew-off": { mutates: true, handle: disableAutoRenew },
  "to-on-demand": { mutates: true, handle: toOnDemand },
  "renew-config": { mutates: true, handle: setRenewConfig },
  pay: { mutates: true, handle: payOrder },
  "orders-list": { mutates: false, handle: listOrders },
  "order-details": { mutates: false, handle: showOrder },
  "order-cancel": { mutates: true, handle: cancelOrder },
  instances: { mutates: false, handle: listInstances },
  "instances-status": { mutates: false, handle: queryInstanceStatus },
  balances: { mutates: false, handle: showAccountBalances },
};

export const ROUTES: readonly Route[] = API_NAMES.map((api) => ({
  api,
  method: ENDPOINTS[api].method,
  path: ENDPOINTS[api].path,
  ...HANDLERS[api],
}));

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
      const parameter = /^\{(.+)\}$/.exec(part);
      if (parameter) {
        params[parameter[1]] = segments[i];
        return segments[i] !== "";
      }
      return part === segments[i];
    });
    if (matches) return { route, params };
  }
  return undefined;
}
