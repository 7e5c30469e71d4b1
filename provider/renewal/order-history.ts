// The order history: the one answer to "which renewal order holds or renewed this phone, with which line", for
// reconciliation, recovery after a crash, refresh and the after-the-fact report. It only reads. Which phones an
// order holds comes from the subscriptions query with `order_id` (an order's line items name no resource).
import { DateTime } from "luxon";
import { KooPhoneClient, ListedOrder, ORDER_STATUS, ORDER_TYPE, SubscriptionResource } from "../client";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import type { LastRenewal, OrderTotal } from "./records";
import { ChargeLine, OrderCharges, renewalRecord } from "./order-lines";

/**
 * How long an order may wait unpaid: an order paid since a time was created at most this long before it (the
 * emulator cancels an unpaid order after 7 days; Billing Center does not publish its deadline).
 */
const PAYMENT_WINDOW = { days: 7 };

/**
 * How far back a renewal is looked for when nothing records when the phone was last read: a phone created after an
 * interrupted up, or state written before `seenAt` was recorded. A month of orders bounds what is listed.
 */
export const LOOKBACK = { days: 31 };

export interface FoundOrder {
  orderId: string;
  status: number;
  /** The phone as the order's subscriptions query answered it: its expiry now. */
  phone: SubscriptionResource;
}

export interface OrderScope {
  /** Orders of these statuses, however old. */
  anyAge?: number[];
  /** Orders of any status created since then. */
  createdSince?: DateTime;
}

/** A renewal order as the listing shows it. */
export interface ListedRenewal {
  orderId: string;
  status: number;
  /** When it was paid, else created (epoch ms). */
  lastEvent: number;
  paidAt?: number;
  /** What it charges in all, when the listing says. */
  total?: OrderTotal;
}

/** A paid renewal order with the phones it renewed and its lines: a row of the after-the-fact report. */
export interface PaidRenewalOrder {
  orderId: string;
  /** API time of the payment. */
  paidAt: string;
  total?: OrderTotal;
  phoneIds: string[];
  charges: OrderCharges;
}

export class OrderHistory {
  /** Details of completed orders: they no longer change. */
  private readonly details = new Map<string, Promise<OrderCharges>>();
  /** The phones an order holds (or renewed): they never change. */
  private readonly holders = new Map<string, Promise<string[]>>();
  /** Reads of an order's phones under way, by order. */
  private readonly reading = new Map<string, Promise<SubscriptionResource[]>>();
  /** Completed renewal orders paid since a day, newest first: one listing per day asked for. */
  private readonly paidSinceDay = new Map<string, Promise<ListedRenewal[]>>();

  constructor(private readonly client: KooPhoneClient) {}

  /** An order's status, amounts and line items. */
  async charges(orderId: string): Promise<OrderCharges> {
    const known = this.details.get(orderId);
    if (known !== undefined) return known;
    const read = readCharges(this.client, orderId);
    this.details.set(orderId, read);
    const charges = await read.catch((error: unknown) => {
      this.details.delete(orderId);
      throw error;
    });
    if (charges.status !== ORDER_STATUS.completed) this.details.delete(orderId);
    return charges;
  }

  /** The main subscriptions an order holds (or renewed), with their expiry as it is now. */
  phonesOf(orderId: string): Promise<SubscriptionResource[]> {
    return this.client.resourcesOfOrder(orderId);
  }

  /**
   * The renewal that gave the phone the expiry it had when `seen`: the newest renewal order paid from `since` until
   * then that renewed it, described by its line (the one that starts at `from`, the expiry recorded before, when given). Undefined
   * when no such order's line reaches the phone's expiry: a record never names an order that did not make it.
   * The paid orders are listed once per runtime (and day asked for); `fresh` lists them again, for a phone that an
   * order of this very run may have renewed.
   */
  async lastRenewal(
    seen: { phone: SubscriptionResource; seenAt: DateTime },
    { since, from, fresh = false }: { since: DateTime; from?: string; fresh?: boolean },
  ): Promise<LastRenewal | undefined> {
    const { phone } = seen;
    // An order paid after the phone was read did not give the expiry read (the clock has whole seconds).
    const until = seen.seenAt.plus({ seconds: 1 }).toMillis();
    const listing = await this.paidRenewals(since, fresh);
    const paid = listing.filter((o) => {
      const at = o.paidAt ?? o.lastEvent;
      return at >= since.toMillis() && at <= until;
    });
    for (const order of paid) {
      if (!(await this.holdersOf(order.orderId)).includes(phone.resource_id)) continue;
      // The newest order that renewed the phone is its last renewal, or none is: an older one was superseded.
      return renewalRecord(await this.charges(order.orderId), { to: phone.expire_time, from });
    }
    return undefined;
  }

  /** Completed renewal orders paid in the window, each once, with the phones they renewed and their lines. */
  async paidInWindow(since: DateTime, until: DateTime): Promise<PaidRenewalOrder[]> {
    const inWindow = (await this.paidRenewals(since)).filter((o) => {
      const at = o.paidAt ?? o.lastEvent;
      return at >= since.toMillis() && at <= until.toMillis();
    });
    return Promise.all(
      inWindow.map(async (order) => ({
        orderId: order.orderId,
        paidAt: formatApiTime(DateTime.fromMillis(order.paidAt ?? order.lastEvent, { zone: "utc" })),
        ...(order.total ? { total: order.total } : {}),
        phoneIds: await this.holdersOf(order.orderId),
        charges: await this.charges(order.orderId),
      })),
    );
  }

  /**
   * The newest renewal order in scope per phone (by payment, else creation time), and the phones it holds. Orders
   * are looked into newest first, and the search stops once every phone has one. Always read anew: reconciliation
   * asks about orders that are changing. Unfinished orders only (`anyAge`, no other scope): renew refuses a phone
   * an unfinished order holds, so at most one holds it; the orders this runtime already knows to hold a phone asked
   * for are looked into first, then those placed before `ours` (the orders of the renew call that was refused the
   * phones), nearest first, then the rest: racing stacks keep a dozen orders unpaid at once, most holding none of
   * ours.
   */
  async findOrdersForPhones(
    phoneIds: string[],
    scope: OrderScope,
    ours: string[] = [],
  ): Promise<Map<string, FoundOrder>> {
    const listed = await this.listCandidates(scope);
    const wanted = new Set(phoneIds);
    const exclusive = scope.createdSince === undefined;
    const candidates = exclusive ? await this.knownHoldersFirst(placedBefore(listed, ours), wanted) : listed;
    const found = new Map<string, FoundOrder>();
    for (const order of candidates) {
      if (found.size === wanted.size) break;
      const missing = (id: string) => wanted.has(id) && !found.has(id);
      for (const phone of await this.freshPhonesIfHolding(order.orderId, missing)) {
        if (missing(phone.resource_id)) {
          found.set(phone.resource_id, { orderId: order.orderId, status: order.status, phone });
        }
      }
    }
    return found;
  }

  /**
   * For phones read just now and found renewed: the completed renewal order paid since `paidSince` that renewed
   * each. An order this runtime already knows the phones of (it placed it, or a search read it) is asked first,
   * with no call. The others are read nearest first before `ours`, this batch's own orders: while an unpaid order
   * holds a phone, renew refuses it, so the order that renewed a phone ours held, or that held a phone ours was
   * refused, was placed before ours; without one of ours in the listing, newest paid first. The racing stacks of a
   * resharding place dozens of orders in the same minutes: reading every newer order's phones to find the one that
   * renewed a phone cost a query per order of the account, in every stack. The phone in each answer is the one
   * given, as read.
   */
  async findPaidRenewalsOf(
    phones: SubscriptionResource[],
    paidSince: DateTime,
    ours: string[] = [],
  ): Promise<Map<string, FoundOrder>> {
    const found = new Map<string, FoundOrder>();
    if (phones.length === 0) return found;
    // Every status, in the order they were placed (newest first), so that ours (unpaid or cancelled) show where.
    const placed = await listRenewalOrders(this.client, {
      since: paidSince.minus(PAYMENT_WINDOW),
      withCancelled: true,
    });
    const isPaid = (o: ListedRenewal) =>
      o.status === ORDER_STATUS.completed && (o.paidAt === undefined || o.paidAt >= paidSince.toMillis());
    const anchored = placedBefore(placed, ours);
    const candidates = (anchored === placed ? newestFirst(placed) : anchored).filter(isPaid);
    for (const phone of phones) {
      // Asked of the orders known so far (the phones read for an earlier phone count): those cost no call.
      const known = candidates.filter((o) => this.holders.has(o.orderId));
      const unknown = candidates.filter((o) => !this.holders.has(o.orderId));
      for (const order of [...known, ...unknown]) {
        if (!(await this.holdersOf(order.orderId)).includes(phone.resource_id)) continue;
        found.set(phone.resource_id, { orderId: order.orderId, status: order.status, phone });
        break;
      }
    }
    return found;
  }

  /** What an order just placed holds, as its renew call answered: no read needed to know it later. */
  placed(orderId: string, phoneIds: string[]): void {
    if (!this.holders.has(orderId)) this.holders.set(orderId, Promise.resolve([...phoneIds]));
  }

  /** The orders known to hold a phone of `wanted` first, then the others, each part in its order. */
  private async knownHoldersFirst(orders: ListedRenewal[], wanted: Set<string>): Promise<ListedRenewal[]> {
    const holding = await Promise.all(
      orders.map(async (o) => {
        const known = this.holders.get(o.orderId);
        return known !== undefined && (await known.catch(() => [])).some((id) => wanted.has(id));
      }),
    );
    return [...orders.filter((_, i) => holding[i]), ...orders.filter((_, i) => !holding[i])];
  }

  /**
   * The phones of an order, read now, when it holds a phone `wanted`; else none, with no call. An order's phones
   * never change, so each order of the account is read at most once per runtime to learn them: a search that finds
   * nothing for a phone (racing stacks, many orders) no longer reads every order again on every call. A read under
   * way is shared by the searches that ask meanwhile: it is as fresh as one they would start.
   */
  private async freshPhonesIfHolding(
    orderId: string,
    wanted: (phoneId: string) => boolean,
  ): Promise<SubscriptionResource[]> {
    const known = this.holders.get(orderId);
    if (known !== undefined && !(await known).some(wanted)) return [];
    let read = this.reading.get(orderId);
    if (read === undefined) {
      read = this.phonesOf(orderId);
      this.reading.set(orderId, read);
      const done = () => this.reading.delete(orderId);
      read.then(done, done);
      if (known === undefined) {
        const ids = read.then((phones) => phones.map((p) => p.resource_id));
        ids.catch(() => this.holders.delete(orderId));
        this.holders.set(orderId, ids);
      }
    }
    return read;
  }

  /**
   * What these completed renewal orders, created since `since`, charged in all, by order id: the listing alone,
   * newest first, read until every one of them is found (one call for up to 100 orders just paid).
   */
  async paidOrderTotals(orderIds: string[], since: DateTime): Promise<Map<string, OrderTotal>> {
    const wanted = new Set(orderIds);
    const orders = await listRenewalOrders(
      this.client,
      { status: ORDER_STATUS.completed, since },
      (listed) => listed.filter((order) => wanted.has(order.order_id)).length === wanted.size,
    );
    const totals = orders.flatMap((order) =>
      wanted.has(order.orderId) && order.total ? [[order.orderId, order.total] as const] : [],
    );
    return new Map(totals);
  }

  /** The phones an order holds (or renewed), read once per runtime: they never change. */
  holdersOf(orderId: string): Promise<string[]> {
    let known = this.holders.get(orderId);
    if (known === undefined) {
      known = this.phonesOf(orderId).then((phones) => phones.map((p) => p.resource_id));
      known.catch(() => this.holders.delete(orderId));
      this.holders.set(orderId, known);
    }
    return known;
  }

  /** Completed renewal orders paid since the start of `since`'s day, newest first; listed once per day asked. */
  private paidRenewals(since: DateTime, fresh = false): Promise<ListedRenewal[]> {
    const day = since.toUTC().startOf("day");
    const key = day.toISODate() ?? formatApiTime(day);
    let listing = fresh ? undefined : this.paidSinceDay.get(key);
    if (listing === undefined) {
      listing = listRenewalOrders(this.client, {
        status: ORDER_STATUS.completed,
        since: day.minus(PAYMENT_WINDOW),
      }).then((orders) => newestFirst(orders.filter((o) => (o.paidAt ?? o.lastEvent) >= day.toMillis())));
      listing.catch(() => this.paidSinceDay.delete(key));
      this.paidSinceDay.set(key, listing);
    }
    return listing;
  }

  private async listCandidates(scope: OrderScope): Promise<ListedRenewal[]> {
    const listings = [
      ...(scope.anyAge ?? []).map((status) => listRenewalOrders(this.client, { status })),
      ...(scope.createdSince ? [listRenewalOrders(this.client, { since: scope.createdSince })] : []),
    ];
    const byId = new Map<string, ListedRenewal>();
    for (const orders of await Promise.all(listings)) {
      for (const order of orders) byId.set(order.orderId, order);
    }
    return newestFirst([...byId.values()]);
  }
}

/**
 * Orders listed newest first, from the newest of `ours` on: those placed before it, nearest first, then those placed
 * after it; the listing itself when none of ours is in it.
 */
function placedBefore(orders: ListedRenewal[], ours: string[]): ListedRenewal[] {
  const anchor = orders.findIndex((o) => ours.includes(o.orderId));
  return anchor < 0 ? orders : [...orders.slice(anchor + 1), ...orders.slice(0, anchor)];
}

function newestFirst(orders: ListedRenewal[]): ListedRenewal[] {
  return [...orders].sort((a, b) => b.lastEvent - a.lastEvent);
}

async function readCharges(client: KooPhoneClient, orderId: string): Promise<OrderCharges> {
  const details = await client.getOrder(orderId);
  return {
    orderId,
    status: details.order_info.status,
    currency: details.order_info.currency || "CNY",
    total: details.order_info.amount_after_discount,
    lines: details.order_line_items.map((line): ChargeLine => ({
      amount: line.amount_after_discount,
      periodType: line.period_type,
      periodNum: line.period_num,
      effectiveTime: line.effective_time,
      expireTime: line.expire_time,
    })),
  };
}

/**
 * Renewal orders, newest first by creation; a cancelled order neither holds nor renewed anything, so it is left out
 * unless `withCancelled` (where it stands in the listing still tells something).
 */
async function listRenewalOrders(
  client: KooPhoneClient,
  filter: { status?: number; since?: DateTime; withCancelled?: boolean },
  enough?: (listed: ListedOrder[]) => boolean,
): Promise<ListedRenewal[]> {
  const orders = await client.listAllOrders(
    {
      order_type: String(ORDER_TYPE.renewal),
      ...(filter.status !== undefined ? { status: filter.status } : {}),
      ...(filter.since ? { create_time_begin: formatApiTime(filter.since) } : {}),
      order_by: "-createTime",
    },
    enough,
  );
  const millis = (time: string | undefined) => (time ? parseApiTime(time).toMillis() : undefined);
  return orders
    .filter((order) => filter.withCancelled === true || order.status !== ORDER_STATUS.cancelled)
    .map((order) => {
      const paidAt = millis(order.payment_time);
      const total = order.amount_after_discount;
      return {
        orderId: order.order_id,
        status: order.status,
        paidAt,
        lastEvent: paidAt ?? millis(order.create_time) ?? 0,
        ...(total !== undefined ? { total: { total, currency: order.currency || "CNY" } } : {}),
      };
    });
}
