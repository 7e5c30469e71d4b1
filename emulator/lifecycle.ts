// What happens as the virtual clock moves: expiries, the grace and retention periods, auto-renew charges and
// unpaid orders running out of time, processed strictly in time order.
//
// Emulator decisions (Huawei sets these per customer level and does not publish them; see the README):
// - At expiry, by expire_policy: 0 (grace period) and 3 (auto-renew) enter a 15-day grace period (status 5);
//   1 switches to pay-per-use (the subscription closes, status 3, the phone stays, billed pay-per-use);
//   2 deletes the phone; 4 and 5 freeze it at once (status 4, retention period).
// - After 15 days of grace: frozen (status 4, KooPhone frozen_status 1) for a 15-day retention period.
// - After the retention period: deleted (status 3; the KooPhone instance is released and no longer listed).
// - Auto-renew charges one period (the auto-renew period type, else the purchase unit) at 03:00 UTC+8,
//   DEDUCTION_DATE days before the expiry date; when it cannot (balance, pending order) it tries again each day
//   at 03:00 until the phone is deleted. An administrator's freeze suspends it.
import { ORDER_STATUS } from "../provider/client/billing-codes";
import { DateTime } from "luxon";
import { BILLING_ZONE, parseApiTime } from "../provider/planner/billing-time";
import {
  deductionDaysOf,
  expirePolicyOf,
  pendingOrderFor,
  phoneOf,
  placeRenewalOrder,
  quoteRenewal,
  setStatus,
  tryCharge,
} from "./billing";
import { clockNow, toApiTime } from "./clock";
import type { EmulatorState, Order, Subscription } from "./types";

export const GRACE_DAYS = 15;
export const RETENTION_DAYS = 15;
export const AUTO_RENEW_HOUR = 3;

/** A guard against a bug looping forever; a year of a large fleet is far below it. */
const MAX_EVENTS = 1_000_000;

interface Due {
  /** Epoch milliseconds. */
  at: number;
  run(state: EmulatorState, at: DateTime): void;
}

/** 03:00 UTC+8 on the day `days` before the expiry date. */
export function autoRenewChargePoint(expiry: DateTime, days: number): DateTime {
  return expiry.setZone(BILLING_ZONE).startOf("day").minus({ days }).set({ hour: AUTO_RENEW_HOUR });
}

function next0300After(time: DateTime): DateTime {
  const sameDay = time.setZone(BILLING_ZONE).startOf("day").set({ hour: AUTO_RENEW_HOUR });
  return sameDay > time ? sameDay : sameDay.plus({ days: 1 });
}

export function nextAutoRenewAttempt(state: EmulatorState, sub: Subscription): DateTime {
  const point = autoRenewChargePoint(parseApiTime(sub.expireTime), deductionDaysOf(state.config));
  if (sub.lastAutoRenewFailure === undefined) return point;
  const failure = parseApiTime(sub.lastAutoRenewFailure);
  return failure < point ? point : next0300After(failure);
}

/** One auto-renew charge attempt: a completed renewal order, or a failure remembered for tomorrow's retry. */
export function attemptAutoRenew(state: EmulatorState, sub: Subscription, at: DateTime): void {
  const setting = sub.autoRenew;
  if (!setting) return;
  const quote = quoteRenewal(sub, { unit: setting.periodUnit, count: 1 }, state.config);
  const payable =
    !pendingOrderFor(state, sub.resourceId) &&
    tryCharge(state, quote.amountCents, "auto-renew", [sub.resourceId]);
  if (!payable) {
    sub.lastAutoRenewFailure = toApiTime(at);
    return;
  }
  placeRenewalOrder(state, [quote], true, "auto-renew", at);
  if (setting.remaining !== undefined) {
    setting.remaining -= 1;
    if (setting.remaining <= 0) delete sub.autoRenew;
  }
}

function expire(state: EmulatorState, sub: Subscription, at: DateTime): void {
  const policy = expirePolicyOf(sub);
  if (policy === 0 || policy === 3) return setStatus(sub, 5, at);
  if (policy === 4 || policy === 5) return setStatus(sub, 4, at);
  setStatus(sub, 3, at);
  const phone = phoneOf(state, sub.resourceId);
  if (policy === 1 && phone) phone.billingMode = "postPaid";
  if (policy === 2) release(state, sub.resourceId);
}

function release(state: EmulatorState, resourceId: string): void {
  state.phones = state.phones.filter((p) => p.instanceId !== resourceId);
}

function earliest(dues: Due[]): Due | undefined {
  return dues.reduce<Due | undefined>((best, due) => (!best || due.at < best.at ? due : best), undefined);
}

/** The next thing that happens to a subscription: a status change or an auto-renew attempt. */
function subscriptionDue(state: EmulatorState, sub: Subscription): Due | undefined {
  const dues: Due[] = [];
  const since = parseApiTime(sub.statusSince);
  if (sub.status === 2) {
    dues.push({ at: Date.parse(sub.expireTime) + 1000, run: (s, at) => expire(s, sub, at) });
  } else if (sub.status === 5) {
    dues.push({ at: since.plus({ days: GRACE_DAYS }).toMillis(), run: (_s, at) => setStatus(sub, 4, at) });
  } else if (sub.status === 4) {
    dues.push({
      at: since.plus({ days: RETENTION_DAYS }).toMillis(),
      run: (s, at) => {
        setStatus(sub, 3, at);
        release(s, sub.resourceId);
      },
    });
  }
  if (sub.autoRenew && sub.status !== 3 && !phoneOf(state, sub.resourceId)?.adminFrozen) {
    dues.push({
      at: nextAutoRenewAttempt(state, sub).toMillis(),
      run: (s, at) => attemptAutoRenew(s, sub, at),
    });
  }
  return earliest(dues);
}

/** An order left unpaid is cancelled at its payment deadline. */
function orderDue(order: Order): Due | undefined {
  if (order.status !== ORDER_STATUS.pendingPayment || order.pendingPaymentEndTime === undefined)
    return undefined;
  return {
    at: Date.parse(order.pendingPaymentEndTime),
    run: () => {
      order.status = ORDER_STATUS.cancelled;
      order.cancelReason = "deadline";
    },
  };
}

/**
 * Moves the clock to `target`, running every event due on the way in time order (an event already overdue runs
 * at the current time). Setting the clock back runs nothing. An event only changes what is next for its own
 * subscription or order, so only that one is looked at again.
 */
export function advanceClockTo(state: EmulatorState, target: DateTime): void {
  let cursor = clockNow(state);
  const until = target.toMillis();
  const pending = new Map<Subscription | Order, Due>();
  const refresh = (owner: Subscription | Order, due: Due | undefined): void => {
    if (due && due.at <= until) pending.set(owner, due);
    else pending.delete(owner);
  };
  if (until >= cursor.toMillis()) {
    for (const sub of state.subscriptions) refresh(sub, subscriptionDue(state, sub));
    for (const order of state.orders) refresh(order, orderDue(order));
  }
  for (let i = 0; i < MAX_EVENTS && pending.size > 0; i++) {
    let next: [Subscription | Order, Due] | undefined;
    for (const entry of pending) if (!next || entry[1].at < next[1].at) next = entry;
    if (!next) break;
    const [owner, due] = next;
    if (due.at > cursor.toMillis()) cursor = DateTime.fromMillis(due.at, { zone: "utc" });
    state.now = toApiTime(cursor);
    due.run(state, cursor);
    refresh(owner, "orderId" in owner ? orderDue(owner) : subscriptionDue(state, owner));
  }
  state.now = toApiTime(target);
}
