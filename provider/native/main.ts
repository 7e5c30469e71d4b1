// The koophone provider plugin: `pulumi-resource-koophone` runs this file with node. The engine starts it with its
// own address as the last argument and reads the port the plugin serves on from its first line of stdout.
import type * as grpc from "@grpc/grpc-js";
import { exitWhenEngineGone, engineAddressIn } from "../process-lifetime";
import { pluginVersion } from "./plugin-version";
import { providerService } from "./provider-service";
import { sdkModules } from "./sdk-modules";

/** The engine sends a whole state in one message; the SDK's servers accept up to 400 MiB. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

function serve(): void {
  exitWhenEngineGone();
  const address = engineAddressIn(process.argv.slice(2));
  const modules = sdkModules();
  const server = new modules.grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  const service = providerService({
    version: pluginVersion(),
    engineAddress: address === undefined ? undefined : `${address.host}:${address.port}`,
  });
  server.addService(
    modules.providerGrpc.ResourceProviderService,
    service as grpc.UntypedServiceImplementation,
  );
  server.bindAsync("127.0.0.1:0", modules.grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      process.stderr.write(`pulumi-resource-koophone: cannot listen: ${error.message}\n`);
      process.exit(1);
    }
    // The port as a plain string (console.log would colour a number).
    process.stdout.write(`${String(port)}\n`);
  });
}

serve();
