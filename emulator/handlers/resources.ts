// POST /v2/orders/suscriptions/resources/query (sic: the real path says "suscriptions").
import { parseApiTime } from "../../provider/planner/billing-time";
import { phoneOf, wireStatus } from "../billing";
import { SERVICE_TYPE_CODE } from "../catalog";
import { bssBody, queryResourcesBody } from "../schemas";
import type { Subscription } from "../types";
import { subscriptionView } from "../views";
import { Handler, ok } from "./handler";

type Filter = (sub: Subscription) => boolean;

export const queryResources: Handler = (state, req) => {
  const body = bssBody(queryResourcesBody, req.body);
  const filters: Filter[] = [];
  if (body.resource_ids && body.resource_ids.length > 0) {
    const ids = new Set(body.resource_ids);
    filters.push((sub) => ids.has(sub.resourceId));
  }
  if (body.order_id !== undefined) {
    const ids = new Set(
      state.orders.find((o) => o.orderId === body.order_id)?.lineItems.map((item) => item.resourceId) ?? [],
    );
    filters.push((sub) => ids.has(sub.resourceId));
  }
  if (body.status_list && body.status_list.length > 0) {
    const statuses = new Set<number>(body.status_list);
    filters.push((sub) => statuses.has(wireStatus(sub, phoneOf(state, sub.resourceId))));
  }
  if (body.expire_time_begin !== undefined) {
    const begin = parseApiTime(body.expire_time_begin);
    filters.push((sub) => parseApiTime(sub.expireTime) >= begin);
  }
  if (body.expire_time_end !== undefined) {
    const end = parseApiTime(body.expire_time_end);
    filters.push((sub) => parseApiTime(sub.expireTime) <= end);
  }
  if (body.service_type_code !== undefined) {
    const code = body.service_type_code;
    filters.push(() => code === SERVICE_TYPE_CODE);
  }
  const matching = state.subscriptions.filter((sub) => filters.every((f) => f(sub)));
  const offset = body.offset ?? 0;
  const limit = body.limit ?? 10;
  return ok({
    total_count: matching.length,
    data: matching.slice(offset, offset + limit).map((sub) => subscriptionView(state, sub)),
  });
};
