// POST and DELETE /v2/orders/subscriptions/resources/autorenew/{resource_id}: auto-renew on (expire_policy 3)
// and off. Both answer 204. Turning it on takes the phone out of "pay-per-use after expiry" (the Billing Center
// tabs are exclusive: the emulator's reading) and, inside the deduction window, charges at once.
import { CODE } from "../../provider/client/billing-codes";
import { ApiError } from "../api-error";
import { phoneOf, subscriptionOf } from "../billing";
import { toApiTime } from "../clock";
import { attemptAutoRenew, nextAutoRenewAttempt } from "../lifecycle";
import { autoRenewBody, bssBody } from "../schemas";
import type { EmulatorState, Subscription } from "../types";
import { Handler, NO_CONTENT } from "./handler";

function existing(state: EmulatorState, resourceId: string): Subscription {
  const sub = subscriptionOf(state, resourceId);
  if (!sub || sub.status === 3) {
    throw new ApiError(400, CODE.autoRenewResourceAbsent, `The resource id "${resourceId}" does not exist`);
  }
  return sub;
}

export const enableAutoRenew: Handler = (state, req, now) => {
  const resourceId = req.params.resource_id;
  const body = req.body.trim() === "" ? {} : bssBody(autoRenewBody, req.body);
  const sub = existing(state, resourceId);
  if (sub.status !== 2 || phoneOf(state, resourceId)?.adminFrozen) {
    throw new ApiError(
      400,
      CODE.autoRenewNotAllowed,
      "The resource has expired or is frozen: auto-renew is not allowed",
    );
  }
  const times = body.auto_renew_times;
  const unit = body.period_type === "YEAR" ? "year" : body.period_type === "MONTH" ? "month" : undefined;
  if (!sub.autoRenew) {
    sub.autoRenew = { periodUnit: unit ?? sub.purchaseUnit, ...(times ? { remaining: times } : {}) };
  } else {
    if (unit) sub.autoRenew.periodUnit = unit;
    if (times !== undefined) {
      if (times === 0) delete sub.autoRenew.remaining;
      else sub.autoRenew.remaining = times;
    }
  }
  sub.payPerUseAfterExpiry = false;
  sub.updateTime = toApiTime(now);
  if (now >= nextAutoRenewAttempt(state, sub)) attemptAutoRenew(state, sub, now);
  return NO_CONTENT;
};

export const disableAutoRenew: Handler = (state, req, now) => {
  const sub = existing(state, req.params.resource_id);
  delete sub.autoRenew;
  delete sub.lastAutoRenewFailure;
  sub.updateTime = toApiTime(now);
  return NO_CONTENT;
};
