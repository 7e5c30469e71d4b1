// POST /v2/orders/subscriptions/resources/renew and POST /v2/bills/ratings/period-resources/renew-rate.
// Both price through quoteRenewal, so the rate answered is the amount the renewal charges.
import { CODE, PERIOD_TYPE_CODE } from "../../provider/client/billing-codes";
import { DateTime } from "luxon";
import { PERIOD_LIMITS, Period } from "../../provider/planner/period";
import { ApiError, parameterError } from "../api-error";
import {
  Quote,
  RenewBlock,
  exceedsMaxCoverage,
  placeRenewalOrder,
  quoteRenewal,
  renewBlock,
  subscriptionOf,
  tryCharge,
} from "../billing";
import { CURRENCY } from "../catalog";
import { centsToYuanText } from "../money";
import { bssBody, renewBody, renewRateBody } from "../schemas";
import type { EmulatorState } from "../types";
import { Handler, errorResult, ok } from "./handler";

interface ResourceFailure {
  resource_id: string;
  error_code: string;
  error_msg: string;
}

export const RENEW_BLOCKS: Record<RenewBlock, [string, string]> = {
  absent: [CODE.resourceAbsent, "The resource has expired and been deleted, or does not exist"],
  // Emulator's choice: an administrator-frozen phone cannot be renewed until it is unfrozen.
  frozen: [CODE.resourceFrozen, "The resource is frozen and cannot be renewed until it is unfrozen"],
  pending: [
    CODE.resourceInPendingOrder,
    "The resource is in an order pending payment: pay or cancel that order first",
  ],
};

const RATE_BLOCKS: Record<RenewBlock, [string, string]> = {
  absent: [CODE.rateResourceAbsent, "The resource has expired and been deleted, or does not exist"],
  frozen: [CODE.rateResourceBeingChanged, "The resource is frozen and cannot be renewed"],
  pending: [CODE.rateResourceInPendingOrder, "The resource is in an order pending payment"],
};

function failure(resourceId: string, [code, message]: [string, string]): ResourceFailure {
  return { resource_id: resourceId, error_code: code, error_msg: message };
}

function periodOf(periodType: 2 | 3, periodNum: number): Period {
  return { unit: periodType === PERIOD_TYPE_CODE.month ? "month" : "year", count: periodNum };
}

function withinLimits(period: Period): boolean {
  const limits = PERIOD_LIMITS[period.unit];
  return period.count >= limits.min && period.count <= limits.max;
}

/** Quotes for the renewable phones, failures for the others. */
function quoteAll(
  state: EmulatorState,
  ids: string[],
  period: Period,
  blocks: Record<RenewBlock, [string, string]>,
  now: DateTime,
  overMax: [string, string],
): { quotes: Quote[]; failures: ResourceFailure[] } {
  const quotes: Quote[] = [];
  const failures: ResourceFailure[] = [];
  for (const id of ids) {
    const block = renewBlock(state, id);
    const sub = subscriptionOf(state, id);
    if (block || !sub) {
      failures.push(failure(id, blocks[block ?? "absent"]));
      continue;
    }
    const quote = quoteRenewal(sub, period, state.config);
    if (exceedsMaxCoverage(quote, now)) failures.push(failure(id, overMax));
    else quotes.push(quote);
  }
  return { quotes, failures };
}

const OVER_MAX: [string, string] = [
  CODE.durationOverMaximum,
  "The purchased plus renewed duration exceeds the maximum (5 years from now): choose a shorter period",
];

export const renew: Handler = (state, req, now) => {
  const body = bssBody(renewBody, req.body);
  if (new Set(body.resource_ids).size !== body.resource_ids.length) {
    throw parameterError('Invalid parameter "resource_ids": a resource id is listed more than once');
  }
  const period = periodOf(body.period_type, body.period_num);
  if (!withinLimits(period)) {
    throw new ApiError(
      400,
      CODE.periodValidationFailed,
      `Period validation failed: "period_num" ${period.count} is not 1-3 for a yearly renewal (period_type 3)`,
    );
  }
  const { quotes, failures } = quoteAll(state, body.resource_ids, period, RENEW_BLOCKS, now, OVER_MAX);
  if (quotes.length === 0) {
    throw new ApiError(400, failures[0].error_code, failures[0].error_msg, { fail_resource_infos: failures });
  }
  const autoPay = body.is_auto_pay === 1;
  if (autoPay) {
    const total = quotes.reduce((sum, q) => sum + q.amountCents, 0);
    const ids = quotes.map((q) => q.resourceId);
    if (!tryCharge(state, total, "renew", ids)) {
      // Emulator's choice: a failed automatic payment orders nothing.
      return errorResult(
        new ApiError(
          400,
          CODE.autoPayFailed,
          "Automatic payment failed: the account balance is insufficient",
          {
            fail_resource_infos: failures,
          },
        ),
      );
    }
  }
  const order = placeRenewalOrder(state, quotes, autoPay, "api", now);
  return ok({ order_ids: [order.orderId], fail_resource_infos: failures });
};

export const renewRate: Handler = (state, req, now) => {
  const body = bssBody(renewRateBody, req.body);
  const period = periodOf(body.period_type, body.period_num);
  const seen = new Set<string>();
  const unique: string[] = [];
  const duplicates: ResourceFailure[] = [];
  for (const id of body.resource_ids) {
    if (seen.has(id))
      duplicates.push(failure(id, [CODE.rateDuplicateIds, "The resource id is listed more than once"]));
    else unique.push(id);
    seen.add(id);
  }
  const noSuchPeriod: [string, string] = [CODE.rateNoSuchPeriod, "The resource has no such renewal period"];
  const { quotes, failures } = withinLimits(period)
    ? quoteAll(state, unique, period, RATE_BLOCKS, now, noSuchPeriod)
    : { quotes: [], failures: unique.map((id) => failure(id, noSuchPeriod)) };
  const allFailures = [...failures, ...duplicates];
  const total = quotes.reduce((sum, q) => sum + q.amountCents, 0);
  const answer: Record<string, unknown> = {
    currency: CURRENCY,
    renew_inquiry_results: quotes.map((q) => ({
      resource_id: q.resourceId,
      amount: centsToYuanText(q.amountCents),
    })),
    official_website_rating_result: { official_website_amount: centsToYuanText(total) },
    optional_discount_rating_results: [],
    fail_resource_infos: allFailures,
  };
  // Per-resource errors come back with HTTP 200; when nothing could be priced the body carries the error too.
  if (quotes.length === 0)
    Object.assign(answer, { error_code: allFailures[0].error_code, error_msg: allFailures[0].error_msg });
  return ok(answer);
};
