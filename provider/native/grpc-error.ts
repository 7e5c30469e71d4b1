// How a failed call reaches the engine. A create or update that did part of its work (the dynamic door's
// PartialFailure: the phone was renewed, then a later step failed) is reported as the engine's "resource
// initialization failed" with the properties to record, so that what was paid is in the state; anything else is
// its message. The messages never hold a credential (the client redacts them).
import type { ServerErrorResponse } from "@grpc/grpc-js";
import { isUserError } from "../user-errors";
import { sdkModules } from "./sdk-modules";
import { toStruct } from "./struct-values";

interface PartialFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

function isPartialFailure(error: unknown): error is PartialFailure & Error {
  return (
    typeof error === "object" &&
    error !== null &&
    "id" in error &&
    "properties" in error &&
    "reasons" in error
  );
}

export function grpcError(error: unknown): Partial<ServerErrorResponse> {
  const { grpc, provider, status, any } = sdkModules();
  const message = error instanceof Error ? error.message : String(error);
  if (!isPartialFailure(error)) {
    // A bug: its stack goes to the engine's log (the plugin's stderr); the user sees the message.
    if (!isUserError(error) && error instanceof Error && error.name !== "UserFacingError") {
      process.stderr.write(`${error.stack ?? message}\n`);
    }
    return { code: grpc.status.UNKNOWN, details: message };
  }
  const detail = new provider.ErrorResourceInitFailed();
  detail.setId(error.id);
  detail.setProperties(toStruct(error.properties));
  detail.setReasonsList(error.reasons);
  const packed = new any.Any();
  packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const statusProto = new status.Status();
  statusProto.setCode(grpc.status.UNKNOWN);
  statusProto.setMessage(message);
  statusProto.addDetails(packed);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(statusProto.serializeBinary()));
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}
