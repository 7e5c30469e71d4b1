// When to try a call again: exponential backoff with equal jitter, or what the server's Retry-After says.

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 5_000 };

/**
 * How long and how often one call is tried again by default. Retries go on until 15 s after the first attempt
 * (the last wait is cut to fit), never more than 5 s apart, so one of them falls in the last 5 s: any outage of up
 * to 10 s is ridden out. 10 retries span 18.75 s at least, so the budget, not the count, ends a long outage.
 */
export const DEFAULT_RETRY_LIMITS = { budgetMs: 15_000, maxRetries: 10 } as const;

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
