// The Construct call for koophone:index:Fleet: the SDK's runtime pointed at the engine's resource monitor for this
// deployment (as @pulumi/pulumi's own provider server does), the component declared, its outputs handed back.
import * as pulumi from "@pulumi/pulumi";
import type { ConstructRequest, ConstructResponse } from "@pulumi/pulumi/proto/provider_pb";
import { FleetComponent } from "./fleet-component";
import { sdkInternals } from "./sdk-internals";
import { sdkModules } from "./sdk-modules";
import { toStruct } from "./struct-values";
import { PACKAGE } from "./tokens";

export interface ConstructContext {
  engineAddress: string;
  /** This provider instance's reference (`urn::id`): the subscriptions of a fleet use the instance that made it. */
  providerReference: string;
  phonesNamed(nameContains: string): Promise<string[]>;
}

export function constructFleet(
  request: ConstructRequest,
  context: ConstructContext,
): Promise<ConstructResponse> {
  const internals = sdkInternals();
  return internals.withLocalStorage(async () => {
    pulumi.runtime.resetOptions(
      request.getProject(),
      request.getStack(),
      request.getParallel(),
      context.engineAddress,
      request.getMonitorendpoint(),
      request.getDryrun(),
      request.getOrganization(),
    );
    await internals.awaitFeatureSupport();
    pulumi.runtime.setAllConfig(
      Object.fromEntries(request.getConfigMap().entries()),
      request.getConfigsecretkeysList(),
    );
    const inputs = await internals.deserializeInputs(request.getInputs(), request.getInputdependenciesMap());
    const providers = request.getProvidersMap();
    const provider = new pulumi.DependencyProviderResource(
      providers.get(PACKAGE) ?? context.providerReference,
    );
    const fleet = new FleetComponent({
      name: request.getName(),
      inputs,
      opts: {
        parent: request.getParent() ? new pulumi.DependencyResource(request.getParent()) : undefined,
        dependsOn: request.getDependenciesList().map((urn) => new pulumi.DependencyResource(urn)),
        protect: request.getProtect(),
        providers: { [PACKAGE]: provider },
      },
      provider,
      phonesNamed: context.phonesNamed,
    });
    const response = new (sdkModules().provider.ConstructResponse)();
    response.setUrn(await new Promise<string>((resolve) => fleet.urn.apply(resolve)));
    const [state] = await pulumi.runtime.serializeResourceProperties(`construct(${request.getName()})`, {
      phoneIds: fleet.phoneIds,
    });
    response.setState(toStruct(state));
    await internals.waitForRPCs();
    return response;
  });
}
