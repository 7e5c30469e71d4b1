/**
 * What the serialized dynamic providers load at run time (`require("pulumi-koophone/provider")`), so that state
 * holds a few lines of code and no credential: `configure` hands back the providers of one provider instance,
 * over the runtime it makes from the stack's configuration.
 */
import { createHash } from "node:crypto";
import { ConfigLookup, resolveConfiguration } from "./configuration";
import { engineWarner } from "./engine-log";
import { exitWhenEngineGone } from "./process-lifetime";
import { createProviders, Providers } from "./providers";
import { Runtime } from "./runtime";

/**
 * The provider process's runtimes, by a digest of their configuration. The engine configures each handle (the
 * policy's, the subscriptions') on its own, with the same stack config: they share one runtime, as the native
 * plugin's provider instance does, so one client paces the stack's calls and the listing the policy's check
 * starts is the one the subscriptions' checks plan from.
 */
const runtimes = new Map<string, Runtime>();

function runtimeFor(config: ConfigLookup): Runtime {
  const configuration = resolveConfiguration(config, process.env);
  const key = createHash("sha256").update(JSON.stringify(configuration)).digest("hex");
  let runtime = runtimes.get(key);
  if (runtime === undefined) {
    runtime = new Runtime(configuration, { warn: engineWarner(process.argv) });
    runtimes.set(key, runtime);
  }
  return runtime;
}

/** Called by the dynamic provider's `configure`, in the provider process only. */
export function configure(config: ConfigLookup): Providers {
  exitWhenEngineGone();
  return createProviders(() => runtimeFor(config));
}

export type { Providers };
export { listPhones } from "./list-phones";
export type { PhoneSummary } from "./list-phones";
export { resolveConfiguration } from "./configuration";
export type { ProviderConfiguration } from "./configuration";
export { isUserError } from "./user-errors";
