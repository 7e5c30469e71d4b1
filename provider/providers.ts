import { countCallsInFlight } from "./process-lifetime";
import { policyProvider } from "./resources/policy-provider";
import { subscriptionProvider } from "./resources/subscription-provider";
import type { Runtime } from "./runtime";
import { presentErrors } from "./user-errors";

export type Providers = ReturnType<typeof createProviders>;

/**
 * The resource providers of one runtime, as the engine calls them: user errors shown as their message alone, and
 * calls counted while they run (an orphaned provider process finishes them before it exits). `runtime` is made
 * once, when a method first needs it: a configuration it cannot use fails that method, under its resource, and
 * the next call tries again.
 */
export function createProviders(runtime: Runtime | (() => Runtime)) {
  const runtimeOf = typeof runtime === "function" ? once(runtime) : () => runtime;
  return {
    policy: presentErrors(countCallsInFlight(policyProvider(runtimeOf))),
    subscription: presentErrors(countCallsInFlight(subscriptionProvider(runtimeOf))),
  };
}

/** `make`'s value, made at the first call that succeeds. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
