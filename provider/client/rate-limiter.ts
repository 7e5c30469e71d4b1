// Client-side rate limiting: at most N calls per API in any sliding window of one second, per process, shared
// by every client of the same endpoint and access key (the server counts per account + API).
// Hand-written: p-throttle (maintained) is ESM-only, which this CommonJS package cannot require on every
// Node >= 20, and bottleneck is unmaintained with a reservoir that is not a sliding window; a per-key sliding
// log is a few lines.

/** The window, plus a guard so that network jitter cannot squeeze N + 1 arrivals into one second. */
const WINDOW_MS = 1000;
const GUARD_MS = 50;

export interface RateLimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: RateLimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class SlidingWindowRateLimiter {
  /** Per API: start times granted (some maybe in the future), ascending. */
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly clock: RateLimiterClock = realClock,
    private readonly windowMs: number = WINDOW_MS + GUARD_MS,
  ) {}

  /** Waits until a call to `api` may start without exceeding `limit` calls in any window. */
  async acquire(api: string, limit: number): Promise<void> {
    const wait = this.reserve(api, limit);
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Books the earliest start allowed (synchronously, so concurrent callers queue fairly); returns the wait. */
  private reserve(api: string, limit: number): number {
    const now = this.clock.now();
    const starts = (this.starts.get(api) ?? []).filter((start) => start > now - this.windowMs);
    const slot = starts.length < limit ? now : Math.max(now, starts[starts.length - limit] + this.windowMs);
    starts.push(slot);
    this.starts.set(api, starts);
    return slot - now;
  }
}

const shared = new Map<string, SlidingWindowRateLimiter>();

/** The process-wide limiter of an endpoint + access key. */
export function sharedRateLimiter(endpoint: string, accessKey: string): SlidingWindowRateLimiter {
  const key = `${endpoint}\u0000${accessKey}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowRateLimiter();
    shared.set(key, limiter);
  }
  return limiter;
}
