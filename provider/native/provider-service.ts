// The engine's ResourceProvider gRPC service, served on the stubs that ship with @pulumi/pulumi. The SDK's own
// server (provider.main, 3.248) drops a diff's detailedDiff, ignores configure's request (every provider instance
// would share one configuration) and fails a read without properties (pulumi import), so the plugin serves the
// service itself; each handler only converts between the protocol and the lifecycle functions.
import type * as Grpc from "@grpc/grpc-js";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import { configLookupOf } from "./configure-request";
import { constructFleet } from "./fleet-construct";
import { getPhones } from "./get-phones";
import { grpcError } from "./grpc-error";
import { DiffKind, differingProperties, NativeDiff, NativeResource } from "./lifecycle";
import type { RuntimeOptions } from "../runtime";
import { createProviderInstance, ProviderInstance } from "./provider-instance";
import { packageSchema } from "./schema";
import { sdkModules } from "./sdk-modules";
import { fromStruct, toStruct } from "./struct-values";
import { FLEET, GET_PHONES } from "./tokens";

type Handler<Request, Response> = (request: Request) => Promise<Response>;

/** A unary gRPC handler from an async function: a rejection is answered as the engine expects errors. */
function unary<Request, Response>(
  handler: Handler<Request, Response>,
): Grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcError(error), null),
    );
  };
}

/** The resource type a request is for: its `type`, or the last type in its URN (older engines send no type). */
function typeOf(request: { getType(): string; getUrn(): string }): string {
  const type = request.getType();
  if (type !== "") return type;
  const qualified = request.getUrn().split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

export interface ServiceOptions {
  version: string;
  /** The engine's address, from the plugin's arguments; Attach may give another. */
  engineAddress: string | undefined;
  /** For every instance's runtime; the plugin process uses the defaults. */
  runtime?: RuntimeOptions;
}

export function providerService(options: ServiceOptions): Partial<IResourceProviderServer> {
  const { provider: proto, plugin, empty } = sdkModules();
  let engineAddress = options.engineAddress;
  let instance: ProviderInstance | undefined;
  const configured = (): ProviderInstance => {
    if (instance === undefined) throw new Error("the koophone plugin was called before Configure");
    return instance;
  };
  const resourceOf = (request: { getType(): string; getUrn(): string }): NativeResource => {
    const type = typeOf(request);
    const resource = configured().resource(type);
    if (resource === undefined) throw new Error(`the koophone plugin has no resource type ${type}`);
    return resource;
  };

  return {
    getPluginInfo: unary(async () => new plugin.PluginInfo().setVersion(options.version)),

    getSchema: unary(async (request: ProviderProto.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
      return new proto.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(options.version)));
    }),

    attach: unary(async (request: { getAddress(): string }) => {
      engineAddress = request.getAddress();
      return new empty.Empty();
    }),

    cancel: unary(async () => new empty.Empty()),

    // The configuration is checked when a call first needs it (configuration.ts), where an error names the key.
    checkConfig: unary(async (request: ProviderProto.CheckRequest) =>
      new proto.CheckResponse().setInputs(request.getNews()),
    ),

    // A new configuration (credentials, endpoints) is an update of the provider instance, never a replacement
    // of the subscriptions it manages.
    diffConfig: unary(async (request: ProviderProto.DiffRequest) => {
      const changed = Object.keys(
        differingProperties(fromStruct(request.getOlds()), fromStruct(request.getNews())),
      );
      return new proto.DiffResponse()
        .setChanges(
          changed.length > 0
            ? proto.DiffResponse.DiffChanges.DIFF_SOME
            : proto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setDiffsList(changed);
    }),

    configure: unary(async (request: ProviderProto.ConfigureRequest) => {
      const reference = `${request.getUrn() ?? ""}::${request.getId() ?? ""}`;
      instance = createProviderInstance(
        configLookupOf(new Map(request.getVariablesMap().entries())),
        reference,
      );
      // Secrets are accepted (the engine requires it of a plugin with components) and unwrapped on arrival
      // (struct-values.ts); no resources or outputs in the calls, and no create or update during preview.
      return new proto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false)
        .setSupportspreview(false);
    }),

    check: unary(async (request: ProviderProto.CheckRequest) => {
      const result = await resourceOf(request).check(fromStruct(request.getNews()));
      const response = new proto.CheckResponse().setInputs(toStruct(result.inputs));
      const failures = (result.failures ?? []).map((failure) =>
        new proto.CheckFailure().setProperty(failure.property).setReason(failure.reason),
      );
      return response.setFailuresList(failures);
    }),

    diff: unary(async (request: ProviderProto.DiffRequest) => {
      const result = await resourceOf(request).diff(
        request.getId(),
        fromStruct(request.getOlds()),
        fromStruct(request.getNews()),
      );
      return diffResponse(proto, result);
    }),

    create: unary(async (request: ProviderProto.CreateRequest) => {
      const inputs = fromStruct(request.getProperties());
      // Never reached with supportsPreview false; a preview must not adopt or renew anything either way.
      if (request.getPreview()) return new proto.CreateResponse().setProperties(toStruct(inputs));
      const created = await resourceOf(request).create(inputs);
      return new proto.CreateResponse().setId(created.id).setProperties(toStruct(created.outs));
    }),

    read: unary(async (request: ProviderProto.ReadRequest) => {
      const read = await resourceOf(request).read(request.getId(), fromStruct(request.getProperties()));
      const response = new proto.ReadResponse();
      if (read.id === undefined || read.props === undefined) return response; // gone
      response.setId(read.id).setProperties(toStruct(read.props));
      if (read.inputs !== undefined) response.setInputs(toStruct(read.inputs));
      return response;
    }),

    update: unary(async (request: ProviderProto.UpdateRequest) => {
      const news = fromStruct(request.getNews());
      // As for create: never reached with supportsPreview false.
      if (request.getPreview()) return new proto.UpdateResponse().setProperties(toStruct(news));
      const updated = await resourceOf(request).update(request.getId(), fromStruct(request.getOlds()), news);
      return new proto.UpdateResponse().setProperties(toStruct(updated.outs));
    }),

    delete: unary(async (request: ProviderProto.DeleteRequest) => {
      await resourceOf(request).delete(request.getId(), fromStruct(request.getProperties()));
      return new empty.Empty();
    }),

    invoke: unary(async (request: ProviderProto.InvokeRequest) => {
      if (request.getTok() !== GET_PHONES)
        throw new Error(`the koophone plugin has no function ${request.getTok()}`);
      const result = await getPhones(configured().runtime().configuration, fromStruct(request.getArgs()));
      return new proto.InvokeResponse().setReturn(toStruct(result));
    }),

    construct: unary(async (request: ProviderProto.ConstructRequest) => {
      if (request.getType() !== FLEET)
        throw new Error(`the koophone plugin has no component ${request.getType()}`);
      if (engineAddress === undefined)
        throw new Error("the koophone plugin was started without the engine's address");
      const current = configured();
      return constructFleet(request, {
        engineAddress,
        providerReference: current.reference,
        phonesNamed: async (nameContains) =>
          (await getPhones(current.runtime().configuration, { nameContains })).ids as string[],
      });
    }),
  };
}

function diffResponse(proto: typeof ProviderProto, result: NativeDiff): ProviderProto.DiffResponse {
  const { DiffChanges } = proto.DiffResponse;
  const { Kind } = proto.PropertyDiff;
  const kinds: Record<DiffKind, ProviderProto.PropertyDiff.Kind> = {
    add: Kind.ADD,
    delete: Kind.DELETE,
    update: Kind.UPDATE,
    updateReplace: Kind.UPDATE_REPLACE,
  };
  const response = new proto.DiffResponse()
    .setChanges(
      result.changes === true
        ? DiffChanges.DIFF_SOME
        : result.changes === false
          ? DiffChanges.DIFF_NONE
          : DiffChanges.DIFF_UNKNOWN,
    )
    .setReplacesList(result.replaces ?? [])
    .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
  if (result.detailedDiff === undefined) return response;
  const detailed = response.getDetaileddiffMap();
  for (const [path, kind] of Object.entries(result.detailedDiff)) {
    detailed.set(path, new proto.PropertyDiff().setKind(kinds[kind]).setInputdiff(false));
  }
  return response.setHasdetaileddiff(true).setDiffsList(Object.keys(result.detailedDiff));
}
