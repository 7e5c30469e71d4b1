// The gRPC library and the generated protocol stubs that ship inside @pulumi/pulumi, loaded from the SDK's own
// folder so that the plugin speaks the exact protocol (and uses the one copy of @grpc/grpc-js) of the SDK it runs on.
import { createRequire } from "node:module";
import type * as Grpc from "@grpc/grpc-js";
import type * as EmptyProto from "google-protobuf/google/protobuf/empty_pb";
import type * as StructProto from "google-protobuf/google/protobuf/struct_pb";
import type * as AnyProto from "google-protobuf/google/protobuf/any_pb";
import type * as PluginProto from "@pulumi/pulumi/proto/plugin_pb";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import type * as StatusProto from "@pulumi/pulumi/proto/status_pb";

export interface SdkModules {
  grpc: typeof Grpc;
  providerGrpc: typeof ProviderGrpc;
  provider: typeof ProviderProto;
  plugin: typeof PluginProto;
  status: typeof StatusProto;
  struct: typeof StructProto;
  empty: typeof EmptyProto;
  any: typeof AnyProto;
}

let loaded: SdkModules | undefined;

export function sdkModules(): SdkModules {
  if (loaded !== undefined) return loaded;
  const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
  loaded = {
    grpc: sdkRequire("@grpc/grpc-js") as typeof Grpc,
    providerGrpc: sdkRequire("./proto/provider_grpc_pb") as typeof ProviderGrpc,
    provider: sdkRequire("./proto/provider_pb") as typeof ProviderProto,
    plugin: sdkRequire("./proto/plugin_pb") as typeof PluginProto,
    status: sdkRequire("./proto/status_pb") as typeof StatusProto,
    struct: sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof StructProto,
    empty: sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof EmptyProto,
    any: sdkRequire("google-protobuf/google/protobuf/any_pb") as typeof AnyProto,
  };
  return loaded;
}
