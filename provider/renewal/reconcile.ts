import { DateTime } from "luxon";
import { KooPhoneClient, OrderLineItem } from "../client";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { RenewalPlan } from "../planner/plan";
import type { Session } from "../session";
import { RenewalError } from "./errors";
import { orderRenewals, payOrderOnce, RenewalOrderRequest, RenewalOrderResult } from "./order-renewals";

/** Order statuses (BSS): 3 processing, 5 completed, 6 pending payment. */
const PROCESSING = 3;
const COMPLETED = 5;
const PENDING_PAYMENT = 6;

export interface ReconcileScope {
  /** Renewal orders created since then (after an ambiguous failure). */
  since?: DateTime;
  /** Only pending-payment orders, however old (a phone held by an unfinished order). */
  pendingOnly?: boolean;
  /** Whether a phone found with no order may be ordered again (once per `pulumi up`). */
  mayOrderAgain: boolean;
}

/**
 * Establishes what happened to renewals whose outcome is unknown: a completed order is recorded, a
 * pending-payment order is paid, and only a phone that has neither and is still short is ordered again.
 */
export async function reconcileRenewals(
  session: Session,
  requests: RenewalOrderRequest[],
  scope: ReconcileScope,
): Promise<(RenewalOrderResult | Error)[]> {
  const client = session.client;
  const orders = await findRenewalOrders(client, new Set(requests.map((r) => r.phoneId)), scope);
  const paid = new Map<string, Promise<Error | undefined>>();
  const payOnce = (orderId: string) => {
    if (!paid.has(orderId)) {
      paid.set(
        orderId,
        payOrderOnce(client, orderId).then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        ),
      );
    }
    return paid.get(orderId) as Promise<Error | undefined>;
  };

  const results: (RenewalOrderResult | Error | undefined)[] = [];
  const again: RenewalOrderRequest[] = [];
  for (const [index, request] of requests.entries()) {
    const order = orders.get(request.phoneId);
    const found = order && {
      orderId: order.orderId,
      reconciled: true,
      amount: order.amount,
    };
    if (order?.status === COMPLETED) {
      results[index] = found;
    } else if (order?.status === PENDING_PAYMENT) {
      // Covered meanwhile (renewed elsewhere), the unpaid order is left unpaid: paying would renew twice.
      const covered = !paid.has(order.orderId) && (await coveredAlready(session, request));
      results[index] = covered ? { reconciled: true } : ((await payOnce(order.orderId)) ?? found);
    } else if (order?.status === PROCESSING) {
      results[index] = new RenewalError(
        `renewal order ${order.orderId} for ${request.phoneId} is still being processed; run pulumi up again later`,
        [request.phoneId],
      );
    } else if (await coveredAlready(session, request)) {
      results[index] = { reconciled: true };
    } else {
      again.push(request);
    }
  }

  if (again.length > 0) {
    const retried: (RenewalOrderResult | Error)[] = scope.mayOrderAgain
      ? await orderRenewals(session, again, { reconcileUnknown: false })
      : again.map(
          (r) =>
            new RenewalError(
              `the outcome of the renewal of ${r.phoneId} is unknown and no order for it was found; ` +
                `run pulumi up again (it reconciles first, it never renews twice)`,
              [r.phoneId],
            ),
        );
    for (const [i, request] of again.entries()) results[requests.indexOf(request)] = retried[i];
  }
  return results as (RenewalOrderResult | Error)[];
}

async function coveredAlready(session: Session, request: RenewalOrderRequest): Promise<boolean> {
  const phone = await session.readPhone(request.phoneId);
  return phone !== undefined && coversPlan(phone.expire_time, request.plan);
}

/** The phone no longer needs the planned renewal: its expiry reaches the threshold the plan had to reach. */
export function coversPlan(expireTime: string, plan: RenewalPlan): boolean {
  return parseApiTime(expireTime).toMillis() >= plan.threshold.toMillis();
}

/** A line item's amount: a field BSS sends that the client's schema passes through untyped. */
function lineAmount(line: OrderLineItem): number | undefined {
  const amount = (line as { amount_after_discount?: unknown }).amount_after_discount;
  return typeof amount === "number" ? amount : undefined;
}

/** The newest renewal order per phone among the orders in scope, from the order list and each order's lines. */
async function findRenewalOrders(
  client: KooPhoneClient,
  phoneIds: Set<string>,
  scope: ReconcileScope,
): Promise<Map<string, { orderId: string; status: number; amount?: number }>> {
  const found = new Map<string, { orderId: string; status: number; amount?: number }>();
  for (let offset = 0; ; offset += 100) {
    const page = await client.listOrders({
      order_type: "2",
      ...(scope.pendingOnly ? { status: PENDING_PAYMENT } : {}),
      ...(scope.since ? { create_time_begin: formatApiTime(scope.since) } : {}),
      order_by: "-createTime",
      limit: 100,
      offset,
    });
    for (const order of page.order_infos) {
      const details = await client.getOrder(order.order_id);
      for (const line of details.order_line_items ?? []) {
        if (
          typeof line.resource_id === "string" &&
          phoneIds.has(line.resource_id) &&
          !found.has(line.resource_id)
        ) {
          found.set(line.resource_id, {
            orderId: order.order_id,
            status: details.order_info.status,
            amount: lineAmount(line),
          });
        }
      }
    }
    if (page.order_infos.length < 100 || offset + 100 >= page.total_count) return found;
  }
}
