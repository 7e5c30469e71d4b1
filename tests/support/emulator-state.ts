// What tests read from the emulator's state dump: expiries, the phones due, the API's orders, renewals per phone.
import type { StateDump } from "../../emulator";

const DAY_MS = 24 * 3600 * 1000;
const COMPLETED = 5;

export function expiries(state: StateDump): Map<string, string> {
  return new Map(state.subscriptions.map((s) => [s.resourceId, s.expireTime]));
}

/** Of `ids`, the phones with less than `renewBeforeDays` left by the emulator's clock, sorted. */
export function duePhones(state: StateDump, renewBeforeDays: number, ids: string[]): string[] {
  const now = Date.parse(state.now);
  const expiry = expiries(state);
  return ids.filter((id) => Date.parse(expiry.get(id) as string) - now < renewBeforeDays * DAY_MS).sort();
}

/** The orders placed through the API (not the console's, not auto-renew's). */
export function apiOrders(state: StateDump) {
  return state.orders.filter((o) => o.source === "api");
}

/** Line items per phone over the completed orders. */
export function renewalsPerPhone(state: StateDump): Map<string, number> {
  const count = new Map<string, number>();
  for (const order of state.orders.filter((o) => o.status === COMPLETED)) {
    for (const item of order.lineItems) count.set(item.resourceId, (count.get(item.resourceId) ?? 0) + 1);
  }
  return count;
}
