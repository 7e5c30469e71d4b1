// The few functions of @pulumi/pulumi that its own provider server uses to run a component's construct and that its
// type declarations leave out (marked internal): loaded from the SDK's files, typed here with what is used of them.
// Construct needs them because the component's children are registered by the SDK's runtime in this process.
import { createRequire } from "node:module";
import type * as pulumi from "@pulumi/pulumi";
import type { Map as ProtoMap } from "google-protobuf";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { ConstructRequest } from "@pulumi/pulumi/proto/provider_pb";

export interface SdkInternals {
  /** Runs `callback` with a fresh store of the SDK's per-deployment settings (one per construct call). */
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
  /** Waits until the SDK knows which features the resource monitor supports. */
  awaitFeatureSupport(): Promise<void>;
  /** Waits until every registration this construct started is answered. */
  waitForRPCs(): Promise<void>;
  /** The construct's inputs, as Outputs where they carry dependencies or secrets. */
  deserializeInputs(
    inputs: Struct | undefined,
    dependencies: ProtoMap<string, ConstructRequest.PropertyDependencies>,
  ): Promise<pulumi.Inputs>;
}

let loaded: SdkInternals | undefined;

export function sdkInternals(): SdkInternals {
  if (loaded !== undefined) return loaded;
  const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
  const state = sdkRequire("./runtime/state") as Pick<SdkInternals, "withLocalStorage">;
  const settings = sdkRequire("./runtime/settings") as Pick<
    SdkInternals,
    "awaitFeatureSupport" | "waitForRPCs"
  >;
  const server = sdkRequire("./provider/server") as Pick<SdkInternals, "deserializeInputs">;
  loaded = {
    withLocalStorage: state.withLocalStorage,
    awaitFeatureSupport: settings.awaitFeatureSupport,
    waitForRPCs: settings.waitForRPCs,
    deserializeInputs: server.deserializeInputs,
  };
  return loaded;
}
