// Client-side rate limiting: at most N calls per API in any one-second window as the server sees them, per
// process, shared by every client of the same endpoint and access key (the server counts per account + API).
// The server stamps a call somewhere between its start and its answer, so a call keeps its place in the window
// until one second after it ends: then no latency can squeeze N + 1 arrivals into one second.
// Hand-written: p-throttle (maintained) is ESM-only, which this CommonJS package cannot require on every
// Node >= 20, and bottleneck is unmaintained with a reservoir that is not a sliding window; a per-key sliding
// log is a few lines.

/** The window, plus a guard against timers firing a little early. */
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

/** Ends the call's occupation of its slot: the slot frees one window later. */
export type ReleaseSlot = () => void;

interface Slot {
  /** When the call ended; undefined while it is in flight. */
  end?: number;
}

interface ApiLog {
  slots: Slot[];
  /** Callers wait their turn in order. */
  queue: Promise<void>;
  /** Resolved (and replaced) whenever a call ends. */
  ended: { promise: Promise<void>; resolve: () => void };
}

function signal(): ApiLog["ended"] {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export class SlidingWindowRateLimiter {
  private readonly logs = new Map<string, ApiLog>();

  constructor(
    private readonly clock: RateLimiterClock = realClock,
    private readonly windowMs: number = WINDOW_MS + GUARD_MS,
  ) {}

  /** Waits until a call to `api` may start without exceeding `limit` calls in any window. */
  async acquire(api: string, limit: number): Promise<ReleaseSlot> {
    const log = this.logOf(api);
    const turn = log.queue.then(() => this.waitForSlot(log, limit));
    log.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    const slot = await turn;
    return () => {
      if (slot.end !== undefined) return;
      slot.end = this.clock.now();
      const ended = log.ended;
      log.ended = signal();
      ended.resolve();
    };
  }

  private async waitForSlot(log: ApiLog, limit: number): Promise<Slot> {
    for (;;) {
      const now = this.clock.now();
      log.slots = log.slots.filter((slot) => slot.end === undefined || slot.end + this.windowMs > now);
      if (log.slots.length < Math.max(1, limit)) {
        const slot: Slot = {};
        log.slots.push(slot);
        return slot;
      }
      const frees = Math.min(
        ...log.slots.map((slot) => (slot.end === undefined ? Infinity : slot.end + this.windowMs)),
      );
      const waits = [log.ended.promise];
      if (frees !== Infinity) waits.push(this.clock.sleep(frees - now));
      await Promise.race(waits);
    }
  }

  private logOf(api: string): ApiLog {
    let log = this.logs.get(api);
    if (!log) {
      log = { slots: [], queue: Promise.resolve(), ended: signal() };
      this.logs.set(api, log);
    }
    return log;
  }
}

const shared = new Map<string, SlidingWindowRateLimiter>();

/**
 * The process-wide limiter of an endpoint + access key: process-wide on purpose, since the gateway counts an
 * account's calls however many runtimes (provider instances) of it a process holds.
 */
export function sharedRateLimiter(endpoint: string, accessKey: string): SlidingWindowRateLimiter {
  const key = `${endpoint}\u0000${accessKey}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowRateLimiter();
    shared.set(key, limiter);
  }
  return limiter;
}
