import {
  InsufficientBalanceError,
  KooPhoneApiError,
  KooPhoneClient,
  OrderStateError,
  PendingOrderError,
  UnknownOutcomeError,
} from "../client";
import { PERIOD_TYPE_CODE } from "../planner/period";
import { RenewalPlan } from "../planner/plan";
import type { Session } from "../session";
import { RenewalError } from "./errors";
import { coversPlan, reconcileRenewals } from "./reconcile";

export interface RenewalOrderRequest {
  phoneId: string;
  plan: RenewalPlan;
  autoPay: boolean;
}

export interface RenewalOrderResult {
  /** The order that renewed the phone; undefined when the phone turned out to be covered already. */
  orderId?: string;
  /** True when the outcome was established by reconciliation after an ambiguous failure. */
  reconciled: boolean;
  /** What BSS charged for the phone, when the order was found rather than priced (an earlier run's). */
  amount?: number;
}

/** BSS codes that mean "this phone already sits in an unfinished order". */
const PENDING_CODES = new Set(["CBC.99003100", "CBC.99003144"]);

/** Network codes of a request that timed out: the server may still carry it out after we stop waiting. */
const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT"]);

/**
 * Places one renewal order for up to 10 phones of one period, unpaid, and then pays it. The unpaid order holds its
 * phones: BSS refuses to renew a phone held by one, so a pipeline racing this one for the same phone finds this
 * order instead of renewing the phone a second time; a phone that such a pipeline renewed first is seen covered
 * once held, and its order is cancelled instead of paid.
 * Never retried blindly: when the outcome is unknown, or a phone is held by an unfinished order, the orders and
 * expiries are reconciled and only a phone with neither is ordered again.
 */
export async function orderRenewals(
  session: Session,
  requests: RenewalOrderRequest[],
  options: { reconcileUnknown: boolean } = { reconcileUnknown: true },
): Promise<(RenewalOrderResult | Error)[]> {
  const client = session.client;
  const since = session.now().minus({ minutes: 5 });
  const { periodUnit, periodCount } = requests[0].plan;
  let response;
  try {
    response = await client.renew({
      resource_ids: requests.map((r) => r.phoneId),
      period_type: PERIOD_TYPE_CODE[periodUnit],
      period_num: periodCount,
      is_auto_pay: 0,
    });
  } catch (error) {
    if (error instanceof UnknownOutcomeError && options.reconcileUnknown) {
      // A request that timed out may still land after the orders were looked up: order nothing again this run.
      const mayOrderAgain = !TIMEOUT_CODES.has(error.networkCode ?? "");
      return reconcileRenewals(session, requests, { since, mayOrderAgain });
    }
    if (error instanceof PendingOrderError) {
      return reconcileRenewals(session, requests, {
        pendingOnly: true,
        mayOrderAgain: options.reconcileUnknown,
      });
    }
    return requests.map(() => asRenewalError(error, requests));
  }

  const failed = new Map((response.fail_resource_infos ?? []).map((f) => [f.resource_id, f]));
  const held = requests.filter((r) => PENDING_CODES.has(failed.get(r.phoneId)?.error_code ?? ""));
  const heldResults =
    held.length > 0
      ? await reconcileRenewals(session, held, { pendingOnly: true, mayOrderAgain: options.reconcileUnknown })
      : [];

  const ordered = requests.filter((r) => !failed.has(r.phoneId));
  const orderOf = await ordersByPhone(client, response.order_ids, ordered);
  const covered = await coveredMeanwhile(session, ordered);
  const orderOfPhone = (r: RenewalOrderRequest) => orderOf.get(r.phoneId) ?? "";
  // An order holding a phone covered meanwhile is cancelled whole; its other phones are ordered again.
  const spoiled = new Set(ordered.filter((r) => covered.has(r.phoneId)).map(orderOfPhone));
  spoiled.delete("");
  for (const orderId of spoiled) await client.cancelOrder(orderId);
  const again = ordered.filter((r) => !covered.has(r.phoneId) && spoiled.has(orderOfPhone(r)));
  const againResults = again.length > 0 ? await orderRenewals(session, again, options) : [];
  const payable = ordered.filter((r) => !spoiled.has(orderOfPhone(r)));
  const payErrors = await payOrders(client, orderOf, payable);

  return requests.map((r) => {
    const heldIndex = held.indexOf(r);
    if (heldIndex >= 0) return heldResults[heldIndex];
    if (covered.has(r.phoneId)) return { reconciled: true };
    const againIndex = again.indexOf(r);
    if (againIndex >= 0) return againResults[againIndex];
    const failure = failed.get(r.phoneId);
    if (failure !== undefined) {
      return new RenewalError(
        `renewal of ${r.phoneId} refused: ${failure.error_code} ${failure.error_msg}`,
        [r.phoneId],
        failure.error_code,
      );
    }
    const orderId = orderOf.get(r.phoneId);
    if (orderId === undefined) {
      return new RenewalError(`renew answered no order for ${r.phoneId}; run pulumi refresh`, [r.phoneId]);
    }
    return payErrors.get(orderId) ?? { orderId, reconciled: false };
  });
}

/** The phones that another pipeline (or the console) renewed while this batch was being ordered. */
async function coveredMeanwhile(session: Session, requests: RenewalOrderRequest[]): Promise<Set<string>> {
  // Through the session's read batcher: the concurrent orders of one `up` share these reads, 50 phones a call.
  const phones = await Promise.all(requests.map((r) => session.readPhone(r.phoneId)));
  return new Set(
    requests
      .filter((r, i) => {
        const expireTime = phones[i]?.expire_time;
        return expireTime !== undefined && coversPlan(expireTime, r.plan);
      })
      .map((r) => r.phoneId),
  );
}

/** Which order renews which phone: one order covers the batch, several are told apart by their line items. */
async function ordersByPhone(
  client: KooPhoneClient,
  orderIds: string[],
  ordered: RenewalOrderRequest[],
): Promise<Map<string, string>> {
  if (orderIds.length === 1) return new Map(ordered.map((r) => [r.phoneId, orderIds[0]]));
  const byPhone = new Map<string, string>();
  for (const orderId of orderIds) {
    const details = await client.getOrder(orderId);
    for (const item of details.order_line_items ?? []) {
      if (typeof item.resource_id === "string") byPhone.set(item.resource_id, orderId);
    }
  }
  return byPhone;
}

/**
 * Pays each order. With too little balance, the order is cancelled so that it does not
 * block the next run, and its phones fail with the cause.
 */
async function payOrders(
  client: KooPhoneClient,
  orderOf: Map<string, string>,
  ordered: RenewalOrderRequest[],
): Promise<Map<string, Error>> {
  const errors = new Map<string, Error>();
  for (const orderId of new Set(orderOf.values())) {
    const phones = ordered.filter((r) => orderOf.get(r.phoneId) === orderId).map((r) => r.phoneId);
    try {
      await payOrderOnce(client, orderId);
    } catch (error) {
      if (error instanceof InsufficientBalanceError) {
        await client.cancelOrder(orderId);
        errors.set(
          orderId,
          new RenewalError(
            `insufficient balance to pay renewal order ${orderId} for ${phones.join(", ")} (${error.code}); ` +
              `the unpaid order was cancelled. Top up the account and run pulumi up again.`,
            phones,
            error.code,
          ),
        );
      } else {
        errors.set(
          orderId,
          asRenewalError(
            error,
            phones.map((phoneId) => ({ phoneId })),
          ),
        );
      }
    }
  }
  return errors;
}

/**
 * Pays an order; when the answer is lost, or the order is no longer payable (a pipeline that found it paid it
 * first), the order's status tells whether the payment went through.
 */
export async function payOrderOnce(client: KooPhoneClient, orderId: string): Promise<void> {
  try {
    await client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
  } catch (error) {
    if (!(error instanceof UnknownOutcomeError || error instanceof OrderStateError)) throw error;
    const details = await client.getOrder(orderId);
    if (details.order_info.status === 5) return;
    if (error instanceof OrderStateError) throw error;
    throw new RenewalError(
      `payment of order ${orderId} got no answer and the order is still status ${details.order_info.status}; ` +
        `run pulumi up again (it pays the order, it does not order again)`,
      [],
    );
  }
}

function asRenewalError(error: unknown, requests: { phoneId: string }[]): Error {
  const phones = requests.map((r) => r.phoneId);
  if (error instanceof KooPhoneApiError) {
    return new RenewalError(`renewal of ${phones.join(", ")} failed: ${error.message}`, phones, error.code);
  }
  return error instanceof Error ? error : new Error(String(error));
}
