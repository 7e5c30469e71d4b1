// Billing Center's paid renewal orders of a window against a stack's state: each order once, with the stack's
// phones it renewed and what the state records for them; and the state's records that no such order explains.
// Orders, not records, are the rows: a subscription keeps only its last renewal, and a crashed run's order may be
// recorded by no run, or by a later one; Billing Center has each order once, whatever the runs did.
import { periodUnitOfCode } from "../provider/client";
import { parseApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import type { PaidRenewalOrder } from "../provider/renewal";
import { formatCents, toCents } from "../provider/cents";
import type { StackSubscription } from "./up-renewals";

export interface Money {
  amount: string;
  currency: string;
}

/**
 * What the state records for a phone an order renewed: this order; an order of the window that renewed it after
 * or before this one; an order not paid in the window; an order of the window that did not renew it; or nothing.
 */
export type RecordRelation =
  "this order" | "later order" | "earlier order" | "outside the window" | "mismatch" | "none";

/** One of the stack's subscriptions whose phone an order renewed. */
export interface OrderPhone {
  phoneId: string;
  resourceName: string;
  relation: RecordRelation;
  /** The order the subscription records, when it records one. */
  recordedOrderId?: string;
}

/** A paid renewal order that renewed at least one phone of the stack. */
export interface ReconciledOrder {
  orderId: string;
  /** API time of the payment. */
  paidAt: string;
  /** The stack's subscriptions whose phones it renewed, by phone id. */
  phones: OrderPhone[];
  /** The phones it renewed that no subscription of the stack manages, sorted. */
  otherPhones: string[];
  /** The periods its lines ordered (one per renewal order as the provider places them). */
  periods: Period[];
  /** What Billing Center charged for the whole order, after discount; absent when it does not say. */
  amount?: Money;
  /** Whether a subscription of one of its phones records it as its last renewal. */
  recorded: boolean;
}

/** A subscription whose last renewal names an order that is not among the orders of the window that renewed it. */
export interface UnmatchedRecord {
  phoneId: string;
  resourceName: string;
  orderId: string;
  /** "outside the window": no renewal order paid in the window has that id; "mismatch": it did not renew the phone. */
  reason: "outside the window" | "mismatch";
}

export interface ReconciliationTotals {
  orders: number;
  /** Distinct phones of the stack the orders renewed. */
  phones: number;
  /** Per currency, sorted by currency, over the orders whose amount is known. */
  paid: Money[];
  recorded: Money[];
  notRecorded: Money[];
  /** Orders whose amount Billing Center did not give, sorted; left out of the sums. */
  unknownAmounts: string[];
}

export interface Reconciliation {
  /** The stack's orders, oldest payment first. */
  orders: ReconciledOrder[];
  /** By phone id. */
  unmatchedRecords: UnmatchedRecord[];
  /** Renewal orders paid in the window that renewed no phone of the stack: not rows. */
  otherOrders: number;
  totals: ReconciliationTotals;
}

function periodsOf(order: PaidRenewalOrder): Period[] {
  const periods = new Map<string, Period>();
  for (const line of order.charges.lines) {
    const unit = periodUnitOfCode(line.periodType);
    if (unit !== undefined && line.periodNum !== undefined)
      periods.set(`${unit}:${line.periodNum}`, { unit, count: line.periodNum });
  }
  return [...periods.values()];
}

/** The order's own amount (its details), else the listing's. */
function amountOf(order: PaidRenewalOrder): Money | undefined {
  const { total, currency } = order.charges;
  if (total !== undefined) return { amount: formatCents(toCents(String(total))), currency };
  if (order.total !== undefined)
    return { amount: formatCents(toCents(String(order.total.total))), currency: order.total.currency };
  return undefined;
}

function sums(amounts: Money[]): Money[] {
  const cents = new Map<string, number>();
  for (const { amount, currency } of amounts)
    cents.set(currency, (cents.get(currency) ?? 0) + toCents(amount));
  return [...cents.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, total]) => ({ currency, amount: formatCents(total) }));
}

function totalsOf(orders: ReconciledOrder[]): ReconciliationTotals {
  const known = (list: ReconciledOrder[]) => list.flatMap((order) => order.amount ?? []);
  return {
    orders: orders.length,
    phones: new Set(orders.flatMap((order) => order.phones.map((phone) => phone.phoneId))).size,
    paid: sums(known(orders)),
    recorded: sums(known(orders.filter((order) => order.recorded))),
    notRecorded: sums(known(orders.filter((order) => !order.recorded))),
    unknownAmounts: orders
      .filter((order) => order.amount === undefined)
      .map((order) => order.orderId)
      .sort(),
  };
}

const paidTime = (order: PaidRenewalOrder) => parseApiTime(order.paidAt).toMillis();

/**
 * Matches the renewal orders paid in a window (`paidInWindow`: each once, with the phones it renewed) with the
 * stack's subscriptions: the orders that renewed a phone of the stack, and the records those orders do not explain.
 */
export function reconcileOrders(
  paid: PaidRenewalOrder[],
  subscriptions: StackSubscription[],
): Reconciliation {
  const stack = new Map<string, StackSubscription[]>();
  for (const subscription of subscriptions)
    stack.set(subscription.phoneId, [...(stack.get(subscription.phoneId) ?? []), subscription]);
  const ours = paid
    .filter((order) => order.phoneIds.some((id) => stack.has(id)))
    .sort((a, b) => paidTime(a) - paidTime(b) || a.orderId.localeCompare(b.orderId));
  const rank = new Map(ours.map((order, index) => [order.orderId, index]));
  const byId = new Map(paid.map((order) => [order.orderId, order]));

  const relationTo = (order: PaidRenewalOrder, phoneId: string, recorded?: string): RecordRelation => {
    if (recorded === undefined) return "none";
    if (recorded === order.orderId) return "this order";
    const other = byId.get(recorded);
    if (other === undefined) return "outside the window";
    if (!other.phoneIds.includes(phoneId)) return "mismatch";
    return (rank.get(recorded) ?? 0) > (rank.get(order.orderId) ?? 0) ? "later order" : "earlier order";
  };

  const orders = ours.map((order): ReconciledOrder => {
    const phones = [...new Set(order.phoneIds)]
      .filter((id) => stack.has(id))
      .sort()
      .flatMap((phoneId) =>
        (stack.get(phoneId) ?? []).map((subscription): OrderPhone => {
          const recordedOrderId = subscription.lastRenewal?.orderId;
          return {
            phoneId,
            resourceName: subscription.resourceName,
            relation: relationTo(order, phoneId, recordedOrderId),
            ...(recordedOrderId === undefined ? {} : { recordedOrderId }),
          };
        }),
      );
    const amount = amountOf(order);
    return {
      orderId: order.orderId,
      paidAt: order.paidAt,
      phones,
      otherPhones: [...new Set(order.phoneIds.filter((id) => !stack.has(id)))].sort(),
      periods: periodsOf(order),
      ...(amount === undefined ? {} : { amount }),
      recorded: phones.some((phone) => phone.relation === "this order"),
    };
  });

  const unmatchedRecords = subscriptions
    .flatMap((subscription): UnmatchedRecord[] => {
      const record = subscription.lastRenewal;
      if (record === undefined) return [];
      const order = byId.get(record.orderId);
      if (order?.phoneIds.includes(subscription.phoneId)) return [];
      return [
        {
          phoneId: subscription.phoneId,
          resourceName: subscription.resourceName,
          orderId: record.orderId,
          reason: order === undefined ? "outside the window" : "mismatch",
        },
      ];
    })
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId) || a.resourceName.localeCompare(b.resourceName));

  return {
    orders,
    unmatchedRecords,
    otherOrders: paid.length - ours.length,
    totals: totalsOf(orders),
  };
}
