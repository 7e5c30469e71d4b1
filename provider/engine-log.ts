// Warnings the user sees. The engine shows a dynamic provider's stderr only in its own log file, so a warning goes
// through the engine's Log call, at the address the provider host got as its last argument; without an engine (a
// test in-process) it goes to stderr.
import { createRequire } from "node:module";
import type * as Grpc from "@grpc/grpc-js";
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EngineProto from "@pulumi/pulumi/proto/engine_pb";
import { engineAddressIn } from "./process-lifetime";

interface Engine {
  client: EngineGrpc.EngineClient;
  proto: typeof EngineProto;
  grpc: typeof Grpc;
}

/** A warning is worth a short wait, never a check that hangs on an engine that does not answer. */
const LOG_DEADLINE_MS = 5_000;

/** The engine's Log client, built with the SDK's own gRPC library; null when this process has no engine. */
function connectEngine(argv: readonly string[]): Engine | null {
  const address = engineAddressIn(argv);
  if (address === undefined) return null;
  // The gRPC library the SDK itself loads: one copy, whatever the layout of node_modules.
  const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
  const grpc = sdkRequire("@grpc/grpc-js") as typeof Grpc;
  const { EngineClient } = sdkRequire("./proto/engine_grpc_pb") as typeof EngineGrpc;
  const proto = sdkRequire("./proto/engine_pb") as typeof EngineProto;
  const client = new EngineClient(`${address.host}:${address.port}`, grpc.credentials.createInsecure());
  return { client, proto, grpc };
}

/**
 * How a provider process shows a warning in the engine's output (preview and up): through the engine at the
 * address among its arguments, connected at the first warning; stderr when it has none. The warning resolves once
 * shown and never rejects.
 */
export function engineWarner(argv: readonly string[]): (message: string) => Promise<void> {
  let engine: Engine | null | undefined;
  return (message) => {
    engine ??= connectEngine(argv);
    const connected = engine;
    if (connected === null) {
      console.warn(`warning: ${message}`);
      return Promise.resolve();
    }
    const request = new connected.proto.LogRequest()
      .setSeverity(connected.proto.LogSeverity.WARNING)
      .setMessage(message)
      .setUrn("")
      .setStreamid(0)
      .setEphemeral(false);
    return new Promise((resolve) => {
      const deadline = { deadline: Date.now() + LOG_DEADLINE_MS };
      connected.client.log(request, new connected.grpc.Metadata(), deadline, (error) => {
        if (error) console.warn(`warning: ${message}`);
        resolve();
      });
    });
  };
}
