import type { PulumiFn } from "@pulumi/pulumi/automation";
import { Echo } from "../tests/e2e/programs/echo-resource";

/**
 * `count` dynamic resources whose provider does nothing but echo its input: what the engine costs per resource
 * on its own (registration, check, diff, create, state), without any cloud call.
 */
export function noopProgram(count: number): PulumiFn {
  return async () => {
    for (let i = 0; i < count; i++) new Echo(`echo-${String(i).padStart(4, "0")}`, { message: `m${i}` });
    return {};
  };
}
