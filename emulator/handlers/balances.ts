// GET /v2/accounts/customer-accounts/balances: the customer's accounts. The emulated account has one, cash
// (account_type 1), which every payment draws from and every top-up of the control API fills; nothing of it is
// designated and there is no debt.
import { ACCOUNT_TYPE } from "../../provider/client/billing-codes";
import { centsToYuan } from "../money";
import { Handler, ok } from "./handler";

/** Yuan (measure_id 1), as the official model's measure says. */
const YUAN = 1;

export const showAccountBalances: Handler = (state) =>
  ok({
    account_balances: [
      {
        account_id: "emulator-cash-account",
        account_type: ACCOUNT_TYPE.cash,
        amount: centsToYuan(state.balanceCents),
        currency: "CNY",
        designated_amount: 0,
        measure_id: YUAN,
      },
    ],
    debt_amount: 0,
    measure_id: YUAN,
    currency: "CNY",
  });
