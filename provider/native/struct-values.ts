// Property values between the engine's protobuf Structs and the plain objects the lifecycle functions take.
import type { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { sdkModules } from "./sdk-modules";

export type Properties = Record<string, unknown>;

/** The engine marks a secret value `{ [SECRET_SIG_KEY]: SECRET_SIG, value }` when the receiver accepts secrets. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A Struct as plain values, secrets unwrapped: no input of this plugin is secret to it. */
export function fromStruct(struct: Struct | undefined): Properties {
  if (struct === undefined) return {};
  return unwrapSecrets(struct.toJavaScript()) as Properties;
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item)]));
}

/** Plain values as a Struct. Struct.fromJavaScript throws on `undefined`, which means "absent" here: it is dropped. */
export function toStruct(properties: object): Struct {
  return sdkModules().struct.Struct.fromJavaScript(
    withoutUndefined(properties) as Record<string, JavaScriptValue>,
  );
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : withoutUndefined(item)));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, withoutUndefined(item)]),
  );
}
