// POST /v2/orders/subscriptions/resources/renew/config: the account's renewal day (EXPIRE_DATE) and how many
// days before expiry auto-renew charges (DEDUCTION_DATE). This API reports its outcome in the body, so a value
// out of range comes back as HTTP 200 with error_code CBC.0100 (a malformed body is a plain HTTP 400).
import { CODE } from "../../provider/client/billing-codes";
import { renewalDayFromConfigValue } from "../../provider/planner/renewal-day";
import { bssBody, renewConfigBody } from "../schemas";
import { Handler, SUCCESS_BODY, ok } from "./handler";

export const setRenewConfig: Handler = (state, req) => {
  const body = bssBody(renewConfigBody, req.body);
  const value = body.config_value;
  if (body.config_name === "EXPIRE_DATE") {
    if (renewalDayFromConfigValue(value) === undefined) {
      return ok({
        error_code: CODE.parameterError,
        error_msg: `Invalid parameter "config_value": "${value}" is not a renewal day ("1".."28", or "-1" for the last day of the month)`,
      });
    }
    state.config.expireDate = value;
  } else {
    if (!/^[2-7]$/.test(value)) {
      return ok({
        error_code: CODE.parameterError,
        error_msg: `Invalid parameter "config_value": "${value}" is not a number of days before expiry ("2".."7")`,
      });
    }
    state.config.deductionDate = value;
  }
  return ok(SUCCESS_BODY);
};
