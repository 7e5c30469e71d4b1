/**
 * What the serialized dynamic providers load at run time (`require("pulumi-koophone/provider")`), so that state
 * holds a few lines of code and no credential.
 */
export { configure } from "./runtime-config";
export { policyProvider } from "./resources/policy-provider";
export { subscriptionProvider } from "./resources/subscription-provider";
export { listPhones } from "./list-phones";
export type { PhoneSummary } from "./list-phones";
export { resolveConfiguration } from "./configuration";
export type { ProviderConfiguration } from "./configuration";
