/**
 * What the serialized dynamic providers load at run time (`require("pulumi-koophone/provider")`), so that state
 * holds a few lines of code and no credential: `configure` hands back the providers of one provider instance,
 * over the runtime it makes from the stack's configuration.
 */
import { ConfigLookup } from "./configuration";
import { engineWarner } from "./engine-log";
import { exitWhenEngineGone } from "./process-lifetime";
import { createProviders, Providers } from "./providers";
import { createRuntime } from "./runtime";

/** Called by the dynamic provider's `configure`, in the provider process only. */
export function configure(config: ConfigLookup): Providers {
  exitWhenEngineGone();
  return createProviders(() => createRuntime(config, process.env, { warn: engineWarner(process.argv) }));
}

export type { Providers };
export { listPhones } from "./list-phones";
export type { PhoneSummary } from "./list-phones";
export { resolveConfiguration } from "./configuration";
export type { ProviderConfiguration } from "./configuration";
export { isUserError } from "./user-errors";
