// Prices, renewals, orders and payments: pure functions over the state, given the virtual time.
//
// Emulator decisions on facts Huawei does not publish (see the README):
// - Price: period_num x the SKU's monthly or yearly price, plus the days added by the renewal-day alignment
//   charged pro rata: monthly price / 30 per day for a monthly renewal, yearly price / 365 for a yearly one.
// - A renewal may not carry the expiry more than 5 years past now (CBC.99003154).
// - An unpaid order waits 7 days, then is cancelled (paying it afterwards: CBC.99003110).
import { ORDER_STATUS, ORDER_TYPE } from "../provider/client/billing-codes";
import { DateTime } from "luxon";
import { parseApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import {
  RenewalDay,
  extraDays,
  renewalDayFromConfigValue,
  renewedExpiry,
} from "../provider/planner/renewal-day";
import { skuOrThrow } from "./catalog";
import { toApiTime } from "./clock";
import { takeFault } from "./faults";
import { lineItemId, newOrderId } from "./ids";
import type {
  AccountConfig,
  EmulatorState,
  ExpirePolicy,
  Order,
  OrderLineItem,
  OrderSource,
  Phone,
  Subscription,
  SubscriptionStatus,
} from "./types";

export const MAX_COVERAGE_YEARS = 5;
export const PENDING_PAYMENT_DAYS = 7;
export const DEFAULT_DEDUCTION_DAYS = 7;

export function renewalDayOf(config: AccountConfig): RenewalDay | undefined {
  return config.expireDate === undefined ? undefined : renewalDayFromConfigValue(config.expireDate);
}

export function deductionDaysOf(config: AccountConfig): number {
  return Number(config.deductionDate);
}

export function expirePolicyOf(sub: Subscription): ExpirePolicy {
  if (sub.autoRenew) return 3;
  if (sub.payPerUseAfterExpiry) return 1;
  return sub.basePolicy;
}

/**
 * Each list's items by id, built on the first lookup in it: a listing page looked each of its 100 phones up in a
 * 10,000-phone array. A list is replaced (never spliced) when items leave, so it is known by its identity, and
 * rebuilt when items were pushed since.
 */
const phoneIndex = new WeakMap<Phone[], Map<string, Phone>>();
const subscriptionIndex = new WeakMap<Subscription[], Map<string, Subscription>>();

function indexed<T>(
  index: WeakMap<T[], Map<string, T>>,
  items: T[],
  idOf: (item: T) => string,
): Map<string, T> {
  let byId = index.get(items);
  if (byId === undefined || byId.size !== items.length) {
    byId = new Map(items.map((item) => [idOf(item), item]));
    index.set(items, byId);
  }
  return byId;
}

export function phoneOf(state: EmulatorState, resourceId: string): Phone | undefined {
  return indexed(phoneIndex, state.phones, (p) => p.instanceId).get(resourceId);
}

export function subscriptionOf(state: EmulatorState, resourceId: string): Subscription | undefined {
  return indexed(subscriptionIndex, state.subscriptions, (s) => s.resourceId).get(resourceId);
}

/** The status BSS shows: an administrator's freeze shows as frozen whatever the expiry says. */
export function wireStatus(sub: Subscription, phone: Phone | undefined): SubscriptionStatus {
  return sub.status !== 3 && phone?.adminFrozen ? 4 : sub.status;
}

export function setStatus(sub: Subscription, status: SubscriptionStatus, now: DateTime): void {
  sub.status = status;
  sub.statusSince = toApiTime(now);
  sub.updateTime = toApiTime(now);
}

export interface Quote {
  resourceId: string;
  skuCode: string;
  period: Period;
  from: DateTime;
  to: DateTime;
  extraDays: number;
  amountCents: number;
}

/** What renewing `sub` by `period` gives and costs: the one rule behind renew-rate, renew and auto-renew. */
export function quoteRenewal(sub: Subscription, period: Period, config: AccountConfig): Quote {
  const from = parseApiTime(sub.expireTime);
  const unaligned = renewedExpiry(from, period, undefined);
  const to = renewedExpiry(from, period, renewalDayOf(config));
  const days = extraDays(unaligned, to);
  const sku = skuOrThrow(sub.skuCode);
  const unitCents = period.unit === "month" ? sku.monthlyCents : sku.yearlyCents;
  // Billing Center's own pro-rata rule, not planner/pro-rata.ts: the audit's estimates are checked against it.
  const daysPerUnit = period.unit === "month" ? 30 : 365;
  const amountCents = unitCents * period.count + Math.round((days * unitCents) / daysPerUnit);
  return { resourceId: sub.resourceId, skuCode: sub.skuCode, period, from, to, extraDays: days, amountCents };
}

export function exceedsMaxCoverage(quote: Quote, now: DateTime): boolean {
  return quote.to > now.plus({ years: MAX_COVERAGE_YEARS });
}

export function pendingOrderFor(state: EmulatorState, resourceId: string): Order | undefined {
  return state.orders.find(
    (o) =>
      o.status === ORDER_STATUS.pendingPayment && o.lineItems.some((item) => item.resourceId === resourceId),
  );
}

/** Why a phone cannot be renewed now, if it cannot. */
export type RenewBlock = "absent" | "frozen" | "pending";

export function renewBlock(state: EmulatorState, resourceId: string): RenewBlock | undefined {
  const sub = subscriptionOf(state, resourceId);
  if (!sub || sub.status === 3) return "absent";
  if (phoneOf(state, resourceId)?.adminFrozen) return "frozen";
  if (pendingOrderFor(state, resourceId)) return "pending";
  return undefined;
}

/** Takes money from the balance; false (and nothing taken) when it does not cover the amount or an
 * insufficient-balance fault aimed at this kind of payment fires. */
export function tryCharge(
  state: EmulatorState,
  amountCents: number,
  context: "renew" | "pay" | "auto-renew" | "console",
  resourceIds: string[],
): boolean {
  const fault = takeFault(state, "insufficient-balance", context, (id) => resourceIds.includes(id));
  if (fault || state.balanceCents < amountCents) return false;
  state.balanceCents -= amountCents;
  return true;
}

function toLineItem(orderId: string, quote: Quote, index: number): OrderLineItem {
  return {
    lineItemId: lineItemId(orderId, index),
    resourceId: quote.resourceId,
    skuCode: quote.skuCode,
    periodUnit: quote.period.unit,
    periodCount: quote.period.count,
    effectiveTime: toApiTime(quote.from),
    expireTime: toApiTime(quote.to),
    extraDays: quote.extraDays,
    amountCents: quote.amountCents,
  };
}

/** Records a renewal order; a paid one ("completed") also extends the expiries at once. */
export function placeRenewalOrder(
  state: EmulatorState,
  quotes: Quote[],
  paid: boolean,
  source: OrderSource,
  now: DateTime,
): Order {
  const orderId = newOrderId(state, now);
  const order: Order = {
    orderId,
    status: paid ? ORDER_STATUS.completed : ORDER_STATUS.pendingPayment,
    orderType: ORDER_TYPE.renewal,
    source,
    createTime: toApiTime(now),
    amountCents: quotes.reduce((sum, q) => sum + q.amountCents, 0),
    lineItems: quotes.map((quote, index) => toLineItem(orderId, quote, index)),
  };
  if (paid) order.paymentTime = toApiTime(now);
  else order.pendingPaymentEndTime = toApiTime(now.plus({ days: PENDING_PAYMENT_DAYS }));
  state.orders.push(order);
  if (paid) applyLineItems(state, order, now);
  return order;
}

/** Moves each renewed phone's expiry to its line item's; a phone whose new expiry is ahead is in use again. */
export function applyLineItems(state: EmulatorState, order: Order, now: DateTime): void {
  for (const item of order.lineItems) {
    const sub = subscriptionOf(state, item.resourceId);
    if (!sub || sub.status === 3) continue;
    sub.expireTime = item.expireTime;
    sub.purchaseUnit = item.periodUnit;
    sub.updateTime = toApiTime(now);
    delete sub.lastAutoRenewFailure;
    if (sub.status !== 2 && parseApiTime(item.expireTime) > now) setStatus(sub, 2, now);
  }
}
