// When `pulumi up` is killed during a stack's first up, the phones it renewed and paid for are in no state (or
// only as pending creates), and the next up creates them again, no longer due. Their renewal is one of the renewal
// orders paid shortly before this provider process started planning. Those orders are looked up once per process
// (and per configuration), when the first create needs them, never once per phone.
import type { DateTime } from "luxon";
import type { KooPhoneClient } from "../client";
import type { LastRenewal } from "../renewal";
import { listPaidRenewals, OrderCharges, orderCharges, phonesOfOrder } from "../renewal/order-gateway";
import { renewalEndingAt } from "../renewal/order-lines";
import type { Session } from "../session";
import type { SeenPhone } from "./seen-phones";

/**
 * How far back a paid order may have renewed a phone being created: a month, as for state recorded before `seenAt`
 * (LEGACY_LOOKBACK). The recovery up follows the interrupted one, and a month of orders bounds what is listed.
 */
const LOOKBACK = { days: 31 };

export class RecentRenewals {
  private planningStart: DateTime | undefined;
  /** The newest order paid before planning that holds each phone. */
  private newestOrders: Promise<Map<string, string>> | undefined;
  private readonly charges = new Map<string, Promise<OrderCharges>>();

  constructor(private readonly client: KooPhoneClient) {}

  /**
   * The billing clock at a check. The earliest is when this process started planning: an order paid after it is
   * this process's own (or a concurrent run's), and the phones it renewed are recorded by their own update.
   */
  notePlanning(at: DateTime): void {
    if (this.planningStart === undefined || at < this.planningStart) this.planningStart = at;
  }

  /**
   * The renewal that gave the phone its current expiry, from the newest order paid before planning that holds
   * it; undefined when no such order's line reaches that expiry (an older renewal since superseded is not
   * claimed). Amount and start are left out only when several lines reach it and disagree on them. A failing
   * lookup throws, and is not made again by this process.
   */
  async renewalOf(seen: SeenPhone): Promise<LastRenewal | undefined> {
    this.newestOrders ??= this.listNewestOrders(this.planningStart ?? seen.seenAt);
    const orderId = (await this.newestOrders).get(seen.phone.resource_id);
    if (orderId === undefined) return undefined;
    let details = this.charges.get(orderId);
    if (details === undefined) {
      details = orderCharges(this.client, orderId);
      this.charges.set(orderId, details);
    }
    const order = await details;
    const line = renewalEndingAt(order, seen.phone.expire_time);
    if (line?.period === undefined || line.to === undefined) return undefined;
    const { amount, period, from, to } = line;
    // The phone's own line says all; one that leaves something out is no record of it.
    if (line.lines === 1 && (amount === undefined || from === undefined)) return undefined;
    // The subscriptions query says the phone is in this order, so a line ending at its expiry is its renewal, even
    // when several do and the phone's own amount and start stay unknown.
    return {
      orderId,
      period,
      ...(amount === undefined ? {} : { amount }),
      currency: order.currency,
      ...(from === undefined ? {} : { from }),
      to,
    };
  }

  /**
   * Orders paid up to and including the start of planning: the billing clock has whole seconds, so an order of
   * this process paid in the same second is looked into too (a call more, never a wrong record: its line must
   * still reach the phone's expiry). One listing call per 100 orders, then one query per order listed.
   */
  private async listNewestOrders(until: DateTime): Promise<Map<string, string>> {
    const paid = await listPaidRenewals(this.client, until.minus(LOOKBACK), until);
    const phones = await Promise.all(paid.map((order) => phonesOfOrder(this.client, order.orderId)));
    const newest = new Map<string, string>();
    paid.forEach((order, i) => {
      for (const phone of phones[i]) {
        if (!newest.has(phone.resource_id)) newest.set(phone.resource_id, order.orderId);
      }
    });
    return newest;
  }
}

const perSession = new WeakMap<Session, RecentRenewals>();

/** The session's memo: one per provider configuration, as the session itself. */
export function recentRenewalsOf(session: Session): RecentRenewals {
  let memo = perSession.get(session);
  if (memo === undefined) {
    memo = new RecentRenewals(session.client);
    perSession.set(session, memo);
  }
  return memo;
}
