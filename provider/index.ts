/**
 * What the serialized dynamic providers load at run time (`require("pulumi-koophone/provider")`), so that state
 * holds a few lines of code and no credential. The providers handed out here show user errors as their message
 * alone, and count their calls under way so that an orphaned provider process finishes them before it exits.
 */
import { ConfigLookup } from "./configuration";
import { countCallsInFlight, exitWhenEngineGone } from "./process-lifetime";
import { policyProvider as policyMethods } from "./resources/policy-provider";
import { subscriptionProvider as subscriptionMethods } from "./resources/subscription-provider";
import { configure as configureRuntime } from "./runtime-config";
import { presentErrors } from "./user-errors";

/** Called by the dynamic provider's `configure`, in the provider process only. */
export function configure(config: ConfigLookup): void {
  exitWhenEngineGone();
  configureRuntime(config);
}

export const policyProvider = presentErrors(countCallsInFlight(policyMethods));
export const subscriptionProvider = presentErrors(countCallsInFlight(subscriptionMethods));
export { listPhones } from "./list-phones";
export type { PhoneSummary } from "./list-phones";
export { resolveConfiguration } from "./configuration";
export type { ProviderConfiguration } from "./configuration";
export { isUserError } from "./user-errors";
