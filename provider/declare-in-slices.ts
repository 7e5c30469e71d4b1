// How a fleet declares its thousands of subscriptions, in both doors (sdk/fleet.ts, native/fleet-component.ts).

/**
 * Resources declared between two turns of the event loop: a slice takes well under the batches' one-second window
 * to declare, so the engine's checks keep arriving and renewal orders keep filling to 10 (at 250 a slice, the
 * pauses between slices closed batches early: 350 orders for 3059 due phones instead of 306).
 */
export const SLICE_SIZE = 50;

/**
 * Declares one resource per item, a slice at a time, letting the event loop turn between slices: registrations
 * leave the program as they are made, so the engine and the provider check and create the first phones while the
 * program still declares the rest (one loop of 10,000 held every registration for two minutes).
 */
export async function declareInSlices<T>(items: Iterable<T>, declare: (item: T) => void): Promise<void> {
  // Spread first: a value that is no list (a program's bug) fails here with its stack, as a loop over it would.
  const all = [...items];
  for (let start = 0; start < all.length; start += SLICE_SIZE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    withoutPromiseStacks(() => all.slice(start, start + SLICE_SIZE).forEach(declare));
  }
}

/**
 * Runs `work` with no stack captured by `new Error()`. The Pulumi SDK takes a stack trace for every promise of
 * every output, kept for its leak report only (printed with PULUMI_DEBUG_PROMISE_LEAKS), and source-maps it under
 * ts-node: 57 s of a 10,000-phone program. It takes the resource's own source position with its own limit, so that
 * is kept. With PULUMI_DEBUG_PROMISE_LEAKS set, the stacks are taken as usual.
 */
export function withoutPromiseStacks<T>(work: () => T, env: NodeJS.ProcessEnv = process.env): T {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return work();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
