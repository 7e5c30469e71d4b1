// One provider instance (the default provider of a stack, or an explicit `pulumi:providers:koophone`): made at each
// Configure, with its own runtime (configuration, client and rate budget, batches, order history). The resources
// are the dynamic door's lifecycle functions over that runtime, adapted to the native protocol.
import type { ConfigLookup } from "../configuration";
import { engineWarner } from "../engine-log";
import { createProviders } from "../providers";
import { createRuntime, Runtime, RuntimeOptions } from "../runtime";
import type { NativeResource } from "./lifecycle";
import { policyResource } from "./policy-resource";
import { subscriptionResource } from "./subscription-resource";
import { POLICY, SUBSCRIPTION } from "./tokens";

export interface ProviderInstance {
  /** The instance's runtime, made at the first call that needs it (a configuration error fails that call). */
  runtime(): Runtime;
  /** The resource type's lifecycle, or undefined for a type this plugin does not have. */
  resource(type: string): NativeResource | undefined;
  /** `urn::id` of the provider resource this instance was configured for. */
  reference: string;
}

/** `options`: how the runtime batches and paces calls (the defaults suit the cloud; tests shorten the windows). */
export function createProviderInstance(
  config: ConfigLookup,
  reference: string,
  options: RuntimeOptions = {},
): ProviderInstance {
  let made: Runtime | undefined;
  const runtime = (): Runtime =>
    (made ??= createRuntime(config, process.env, { warn: engineWarner(process.argv), ...options }));
  const providers = createProviders(runtime);
  const resources: Record<string, NativeResource> = {
    [SUBSCRIPTION]: subscriptionResource(providers.subscription),
    [POLICY]: policyResource(providers.policy),
  };
  return { runtime, resource: (type) => resources[type], reference };
}
