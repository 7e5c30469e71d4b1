// POST /v2/orders/subscriptions/resources/to-on-demand: switch to pay-per-use at expiry (SET_UP) or not
// (CANCEL). Answers the failures only. SET_UP turns auto-renew off (the Billing Center tabs are exclusive).
import { CODE } from "../../provider/client/billing-codes";
import { subscriptionOf } from "../billing";
import { toApiTime } from "../clock";
import { bssBody, toOnDemandBody } from "../schemas";
import { Handler, ok } from "./handler";

export const toOnDemand: Handler = (state, req, now) => {
  const body = bssBody(toOnDemandBody, req.body);
  const errorDetails: { id: string; error_code: string; error_msg: string }[] = [];
  for (const id of body.resource_ids) {
    const sub = subscriptionOf(state, id);
    if (!sub || sub.status === 3) {
      errorDetails.push({
        id,
        error_code: CODE.autoRenewResourceAbsent,
        error_msg: `The resource id "${id}" does not exist`,
      });
      continue;
    }
    sub.payPerUseAfterExpiry = body.operation === "SET_UP";
    if (sub.payPerUseAfterExpiry) {
      delete sub.autoRenew;
      delete sub.lastAutoRenewFailure;
    }
    sub.updateTime = toApiTime(now);
  }
  return ok({ error_details: errorDetails });
};
