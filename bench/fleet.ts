import type { EmulatorAdmin, StateDump } from "../emulator";
import { parseApiTime } from "../provider/planner/billing-time";
import { planRenewal } from "../provider/planner/plan";
import type { RenewalPolicyArgs } from "pulumi-koophone";

/** The emulator's virtual clock at the start of every run. */
export const BENCH_NOW = "2026-11-26T04:00:00Z";

/** The policy of every benchmarked fleet: renew one month at a time when less than 30 days remain. */
export const BENCH_POLICY = {
  renewalDay: 15,
  period: { unit: "month", count: 1 },
  renewBefore: "P30D",
  autoPay: true,
} satisfies RenewalPolicyArgs;

const DAY_MS = 24 * 3600 * 1000;
const RENEW_BEFORE_DAYS = 30;

/**
 * Expiries spread evenly over 1..97 days ahead (each at the end of its billing day, half a day after the clock's
 * noon in UTC+8): a phone is due when it expires within 30 days, i.e. on days 1..29, so 29/97 = 30% are due.
 */
const EXPIRY_WITHIN_DAYS: [number, number] = [1, 97];

/** Seeds a fleet of `count` phones, the same one for the same count. */
export async function seedFleet(admin: EmulatorAdmin, count: number): Promise<string[]> {
  const seeded = await admin.seed({
    count,
    expiryWithinDays: EXPIRY_WITHIN_DAYS,
    rngSeed: 20261126,
    balance: 100_000_000,
  });
  return seeded.phones.map((p) => p.resourceId).sort();
}

/** The phones that are due under the policy, counted from the emulator's own state. */
export function duePhones(state: StateDump, ids: string[]): string[] {
  const now = Date.parse(state.now);
  const wanted = new Set(ids);
  return state.subscriptions
    .filter((s) => wanted.has(s.resourceId))
    .filter((s) => Date.parse(s.expireTime) - now < RENEW_BEFORE_DAYS * DAY_MS)
    .map((s) => s.resourceId)
    .sort();
}

/**
 * How many due phones each renewal needs per period count (one order holds one period only), from the planner,
 * for the floor.
 */
export function renewalGroups(state: StateDump, due: string[]): number[] {
  const now = parseApiTime(state.now);
  const expiry = new Map(state.subscriptions.map((s) => [s.resourceId, s.expireTime]));
  const sizes = new Map<number, number>();
  for (const phoneId of due) {
    const plan = planRenewal({
      phoneId,
      expireTime: parseApiTime(expiry.get(phoneId) as string), // due phones come from the same state
      now,
      period: BENCH_POLICY.period,
      renewBefore: BENCH_POLICY.renewBefore,
      renewalDay: BENCH_POLICY.renewalDay,
    });
    if (plan !== undefined) sizes.set(plan.periodCount, (sizes.get(plan.periodCount) ?? 0) + 1);
  }
  return [...sizes.values()];
}

/** Renewal orders placed through the API, and the phones they renewed. */
export function apiOrders(state: StateDump): { orders: number; phones: string[] } {
  const orders = state.orders.filter((o) => o.source === "api");
  return {
    orders: orders.length,
    phones: orders.flatMap((o) => o.lineItems.map((l) => l.resourceId)).sort(),
  };
}
