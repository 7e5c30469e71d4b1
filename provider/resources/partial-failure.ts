import { PROVIDER_KEY } from "./provider-key";
import type { SubscriptionInputs, SubscriptionOutputs } from "./subscription-state";

/**
 * A create or update that did part of its work: the phone exists and something was done to it (a renewal was
 * paid, or may have been), then a later step failed. The dynamic provider host records `properties` as the
 * resource's state and shows the message; `properties` carry `__provider` themselves, because the host adds it
 * only on success, and without it no later operation (destroy, refresh) can load the provider.
 */
export class PartialFailure extends Error {
  readonly properties: Record<string, unknown>;

  constructor(
    readonly id: string,
    outputs: SubscriptionOutputs,
    inputs: SubscriptionInputs,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
    this.name = "PartialFailure";
    this.properties = { ...outputs, [PROVIDER_KEY]: providerOf(inputs) };
  }
}

function providerOf(inputs: SubscriptionInputs): unknown {
  return (inputs as Record<string, unknown>)[PROVIDER_KEY];
}
