// Reconciliation: what became of phones whose renewal outcome is unknown, or that an unfinished order holds. It
// never orders: it pays an unpaid order that still holds an uncovered phone, records a paid one, and hands back
// the phones that have neither, for the pipeline to decide whether they may be ordered again.
import type { DateTime } from "luxon";
import { ORDER_STATUS, OrderStateError, SubscriptionResource } from "../client";
import { parseApiTime } from "../planner/billing-time";
import { RenewalPlan } from "../planner/plan";
import type { RenewalContext, RenewalOrderRequest, RenewalOrderResult } from "./context";
import { RenewalError } from "./errors";
import { orderStatus, payOnce } from "./order-gateway";
import type { FoundOrder, OrderScope } from "./order-history";
import { paymentFailure } from "./payment-failure";
import { renewedBy } from "./renewed";

/** A phone's settled outcome, or "none": no order of it was found and it is still short. */
export type Reconciled = RenewalOrderResult | Error | "none";

/**
 * A phone is planned from a read made at most this long before its renew call (the read just before renewing, or
 * the check's listing); a renewal elsewhere that covered it meanwhile was paid after that read.
 */
const PLAN_AGE = { hours: 1 };

/** The phone no longer needs the planned renewal: its expiry reaches the threshold the plan had to reach. */
export function coversPlan(expireTime: string, plan: RenewalPlan): boolean {
  return parseApiTime(expireTime).toMillis() >= plan.threshold.toMillis();
}

/** After a renew whose outcome is unknown: the renewal orders created since just before it was sent. */
export async function reconcileUnknown(
  context: RenewalContext,
  requests: RenewalOrderRequest[],
  since: DateTime,
): Promise<Reconciled[]> {
  const found = await context.history.findOrdersForPhones(ids(requests), { createdSince: since });
  return settleFromOrders(context, requests, found, since, []);
}

/**
 * Phones an unfinished order holds: that order, whatever its age; and for a phone found covered without one, the
 * order another pipeline has just paid (it held the phone a moment ago, when `ours`, the orders the same renew
 * call placed for the batch's other phones, were placed).
 */
export async function reconcileHeld(
  context: RenewalContext,
  requests: RenewalOrderRequest[],
  since: DateTime,
  ours: string[] = [],
): Promise<Reconciled[]> {
  const scope: OrderScope = { anyAge: [ORDER_STATUS.pendingPayment, ORDER_STATUS.processing] };
  const found = await context.history.findOrdersForPhones(ids(requests), scope, ours);
  return settleFromOrders(context, requests, found, since, ours);
}

/**
 * Settles each phone from the order found for it. An unpaid order is paid when it holds a phone still short (it
 * renews every phone it holds). Every lookup comes before any payment, so that a failing lookup leaves nothing
 * paid; after a payment, nothing fails the batch.
 */
async function settleFromOrders(
  context: RenewalContext,
  requests: RenewalOrderRequest[],
  found: Map<string, FoundOrder>,
  since: DateTime,
  ours: string[],
): Promise<Reconciled[]> {
  const pending = (r: RenewalOrderRequest) => {
    const order = found.get(r.phoneId);
    return order?.status === ORDER_STATUS.pendingPayment ? order : undefined;
  };
  const payable = new Set(
    requests.flatMap((r) => {
      const order = pending(r);
      return order && !coversPlan(order.phone.expire_time, r.plan) ? [order.orderId] : [];
    }),
  );
  // A pending order none of whose phones is short: left unpaid. Its phones were renewed meanwhile, by it (another
  // pipeline paid it since it was listed) or by another order: the search for paid orders tells which.
  const unexplained = requests.filter((r) => {
    const order = found.get(r.phoneId);
    return order === undefined || (pending(r) !== undefined && !payable.has(order.orderId));
  });
  const explained = await explainCovered(context, unexplained, since, ours);

  // "cancelled": the pipeline that placed the order cancelled it since it was listed (it found some of its phones
  // renewed by another order); it holds nothing any more, so its short phones may be ordered once more.
  const payments = new Map<string, Error | "cancelled" | undefined>();
  for (const orderId of payable) {
    const holders = ids(requests.filter((r) => found.get(r.phoneId)?.orderId === orderId));
    const failure = await payOnce(context.client, orderId).then(
      () => undefined,
      async (error: unknown) =>
        error instanceof OrderStateError && (await isCancelled(context, orderId))
          ? ("cancelled" as const)
          : paymentFailure(context.client, error, orderId, holders, false),
    );
    payments.set(orderId, failure);
  }

  return Promise.all(
    requests.map(async (request): Promise<Reconciled> => {
      const order = found.get(request.phoneId);
      if (order === undefined || unexplained.includes(request))
        return explained.get(request.phoneId) ?? "none";
      const expiry = order.phone.expire_time;
      if (order.status === ORDER_STATUS.completed) {
        return renewedBy(context.history, order.orderId, { to: expiry });
      }
      if (payable.has(order.orderId)) {
        const payment = payments.get(order.orderId);
        if (payment === "cancelled") return "none";
        return payment ?? renewedBy(context.history, order.orderId, { from: expiry });
      }
      return new RenewalError(
        `renewal order ${order.orderId} for ${request.phoneId} is still being processed (status ${order.status}); ` +
          `run pulumi up again later: it records the order once it completes`,
        [request.phoneId],
      );
    }),
  );
}

/** Phones with no order to act on: those covered meanwhile, with the order that did it when it can be found. */
async function explainCovered(
  context: RenewalContext,
  unexplained: RenewalOrderRequest[],
  since: DateTime,
  ours: string[],
): Promise<Map<string, Reconciled>> {
  const phones = await Promise.all(unexplained.map((r) => context.readPhone(r.phoneId)));
  const covered = coveredPhones(unexplained, phones);
  const paid = await findPaidRenewals(context, covered, since, ours);
  return new Map(covered.map(({ request }, i) => [request.phoneId, paid[i]]));
}

/** A phone found covered, with its read that showed it. */
export interface CoveredPhone {
  request: RenewalOrderRequest;
  phone: SubscriptionResource;
}

/** The requests whose phone, as read (`phones` in the same order), no longer needs the planned renewal. */
export function coveredPhones(
  requests: RenewalOrderRequest[],
  phones: (SubscriptionResource | undefined)[],
): CoveredPhone[] {
  return requests.flatMap((request, i) => {
    const phone = phones[i];
    return phone !== undefined && coversPlan(phone.expire_time, request.plan) ? [{ request, phone }] : [];
  });
}

/**
 * For phones found covered: the renewal order paid since they were planned that renewed each (looked for from
 * `ours`, the batch's own orders, back: see OrderHistory.findPaidRenewalsOf), or "covered" when none is found
 * (renewed by something that is no renewal order of this account).
 */
export async function findPaidRenewals(
  context: RenewalContext,
  covered: CoveredPhone[],
  since: DateTime,
  ours: string[],
): Promise<Reconciled[]> {
  if (covered.length === 0) return [];
  const paid = await context.history.findPaidRenewalsOf(
    covered.map((c) => c.phone),
    since.minus(PLAN_AGE),
    ours,
  );
  return Promise.all(
    covered.map(async ({ request }): Promise<Reconciled> => {
      const order = paid.get(request.phoneId);
      return order
        ? renewedBy(context.history, order.orderId, { to: order.phone.expire_time })
        : { kind: "covered" };
    }),
  );
}

function ids(requests: { phoneId: string }[]): string[] {
  return requests.map((r) => r.phoneId);
}

/** Whether the order is cancelled now; a status that cannot be read counts as not known to be cancelled. */
function isCancelled(context: RenewalContext, orderId: string): Promise<boolean> {
  return orderStatus(context.client, orderId).then(
    (status) => status === ORDER_STATUS.cancelled,
    () => false,
  );
}
