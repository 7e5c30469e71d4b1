// When to try a call again: exponential backoff with full jitter, or what the server's Retry-After says.

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 5_000 };

/**
 * How long and how often one call is tried again by default: 10 retries spaced by DEFAULT_BACKOFF span 18.75 s
 * at least, so a read rides out an outage of that long, and never more than the 30 s budget.
 */
export const DEFAULT_RETRY_LIMITS = { budgetMs: 30_000, maxRetries: 10 } as const;

/** A Retry-After longer than this is not waited for in-process: the error is raised instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Equal jitter: uniform in [c/2, c), c = min(max, base * 2^attempt) (attempt 0 = the first retry). Half of each
 * wait is certain, so a given number of retries always spans a known least time (with the defaults, 7 retries
 * span at least 11 s), and the other half spreads clients apart.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * A Retry-After header in milliseconds: delta-seconds, or an HTTP date read against the response's own Date
 * header (the server's clock, which may be virtual) or else the local clock. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | undefined,
  responseDate: string | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  const reference = responseDate !== undefined ? Date.parse(responseDate) : NaN;
  return Math.max(0, at - (Number.isNaN(reference) ? nowMs : reference));
}
