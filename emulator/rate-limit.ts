// The BSS limit: N calls per second per account and API, as Huawei's gateway counts them: every client of the
// account together, whatever its access key or process (the shards of one fleet share it). A sliding one-second
// window of real time.

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export const RATE_WINDOW_MS = 1000;

export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const now = this.clock();
    const recent = (this.calls.get(key) ?? []).filter((at) => at > now - RATE_WINDOW_MS);
    if (recent.length >= this.perSecond) {
      this.calls.set(key, recent);
      const waitMs = recent[0] + RATE_WINDOW_MS - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    recent.push(now);
    this.calls.set(key, recent);
    return { allowed: true };
  }
}
