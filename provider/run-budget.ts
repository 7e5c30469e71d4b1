// The rules of one run's budget, pure: which of the account's balances can pay a renewal, whether the next
// renewal fits under the run's cap, whether the run's total exceeds what the account can pay, and the messages
// that say so. The run ledger (run-ledger.ts) applies them to what the checks plan; amounts in cents.
import { formatCents, toCents } from "./cents";
import { ACCOUNT_TYPE } from "./client";

/** koophone:balanceCheck: what a run the account cannot pay does at check. */
export const BALANCE_CHECKS = ["fail", "warn", "off"] as const;
export type BalanceCheck = (typeof BALANCE_CHECKS)[number];

/** What of an account (AccountBalanceV3) says whether it can pay. */
export interface PayingAccount {
  account_type: number;
  amount: number;
  designated_amount?: number;
}

/**
 * What the account can pay a renewal order with through PayOrders (which this provider calls without coupons or
 * discounts): the cash account less its designated part (which pays only its designated use), and the credit
 * still available. Bonus and deposit accounts pay no renewal order.
 */
export function payableCents(answer: { account_balances: readonly PayingAccount[] }): number {
  return answer.account_balances.reduce((sum, account) => {
    if (account.account_type === ACCOUNT_TYPE.cash) {
      return sum + Math.max(0, toCents(account.amount) - toCents(account.designated_amount ?? 0));
    }
    if (account.account_type === ACCOUNT_TYPE.credit) return sum + Math.max(0, toCents(account.amount));
    return sum;
  }, 0);
}

/** Whether a renewal joins the run: it does while the run's total with it stays within the cap. */
export type Admission =
  { kind: "counted"; plannedCents: number } | { kind: "deferred"; plannedCents: number };

export function admitRenewal(plannedCents: number, amountCents: number, capCents?: number): Admission {
  const total = plannedCents + amountCents;
  return capCents !== undefined && total > capCents
    ? { kind: "deferred", plannedCents }
    : { kind: "counted", plannedCents: total };
}

export function deferredMessage(
  phoneId: string,
  currency: string,
  capCents: number,
  plannedCents: number,
  amountCents: number,
): string {
  return (
    `${phoneId}: left for a later run: the run's cap of ${formatCents(capCents)} ${currency} is reached ` +
    `(${formatCents(plannedCents)} planned for the phones ahead of it, this renewal ` +
    `${formatCents(amountCents)}); it is not ` +
    `renewed by this up. Raise koophone:maxRunAmount to renew it now.`
  );
}

/** The run's total so far against what the account can pay; the shortfall, or undefined when it can pay. */
export function shortfallCents(plannedCents: number, payable: number): number | undefined {
  return plannedCents > payable ? plannedCents - payable : undefined;
}

export function shortBalanceMessage(
  currency: string,
  plannedCents: number,
  payable: number,
  mode: BalanceCheck,
): string {
  const short = plannedCents - payable;
  const what =
    `the account cannot pay this run's renewals: at least ${formatCents(plannedCents)} ${currency} is due, ` +
    `the balance that can pay it (cash and available credit) is ${formatCents(payable)} ${currency}, ` +
    `${formatCents(short)} ${currency} short.`;
  if (mode === "warn") {
    return (
      `${what} koophone:balanceCheck is "warn", so the run goes on: orders the balance cannot pay fail ` +
      `(CBC.99005003) unless the account pays another way (monthly settlement).`
    );
  }
  return (
    `${what} Nothing was ordered. Top up the account by at least ${formatCents(short)} ${currency}, or set ` +
    `koophone:maxRunAmount to renew the soonest-expiring phones up to that amount, or, for an account that ` +
    `pays in a way the balance does not show (monthly settlement), pulumi config set koophone:balanceCheck warn.`
  );
}
