/** BSS limits (reference API): ids per call and calls per second per API. */
export const READ_BATCH = 50;
export const PRICE_BATCH = 10;
export const RENEW_BATCH = 10;
export const CALLS_PER_SECOND = 10;

/** The fewest calls per API (emulator counter names) that an operation needs. */
export type CallCounts = Record<string, number>;

export interface Floor {
  calls: CallCounts;
  totalCalls: number;
  /** Seconds: see {@link floorSeconds}. */
  seconds: number;
}

/**
 * The fewest calls a preview allows: every phone read once, 50 per call (`query`). (When the fleet is the whole
 * account, paging through it 100 per page is cheaper still; the floor keeps the by-id figure.)
 */
export function previewFloor(phones: number, latencyMs: number): Floor {
  return floorOf({ query: Math.ceil(phones / READ_BATCH) }, 1, latencyMs);
}

/**
 * The fewest calls an `up` that adopts `phones` allows, when the due ones need renewals of `dueGroups[i]` phones
 * per period (one order holds one period): every phone read once, the due ones priced and renewed 10 per call,
 * the renewal day set once (`renew-config`), and one payment per order (`pay`), since the provider places each
 * order unpaid (it holds its phones against a racing pipeline) and then pays it. With `paidAtOnce` (BSS
 * `is_auto_pay: 1`), no payment calls: the API's own minimum.
 * Dependent stages: config, read, price, renew, pay.
 */
export function upFloor(
  phones: number,
  dueGroups: number[],
  latencyMs: number,
  opts: { paidAtOnce: boolean } = { paidAtOnce: false },
): Floor {
  const per = (batch: number) => dueGroups.reduce((sum, n) => sum + Math.ceil(n / batch), 0);
  const orders = per(RENEW_BATCH);
  const calls: CallCounts = {
    "renew-config": 1,
    query: Math.ceil(phones / READ_BATCH),
    rate: per(PRICE_BATCH),
    renew: orders,
    ...(opts.paidAtOnce ? {} : { pay: orders }),
  };
  return floorOf(calls, opts.paidAtOnce ? 4 : 5, latencyMs);
}

function floorOf(calls: CallCounts, stages: number, latencyMs: number): Floor {
  const nonZero = Object.fromEntries(Object.entries(calls).filter(([, n]) => n > 0));
  return {
    calls: nonZero,
    totalCalls: Object.values(nonZero).reduce((a, b) => a + b, 0),
    seconds: floorSeconds(nonZero, stages, latencyMs),
  };
}

/**
 * The time the rate limit implies. Each API allows 10 calls in any one-second window, so k calls of one API
 * start over at least (ceil(k/10) - 1) s; different APIs run side by side, so the busiest API sets the pace.
 * Every dependent stage adds at least one call's latency:
 *   floor = max over APIs of (ceil(calls/10) - 1) s + stages x latency.
 */
export function floorSeconds(calls: CallCounts, stages: number, latencyMs: number): number {
  const busiest = Math.max(0, ...Object.values(calls).map((k) => Math.ceil(k / CALLS_PER_SECOND) - 1));
  return busiest + (stages * latencyMs) / 1000;
}
