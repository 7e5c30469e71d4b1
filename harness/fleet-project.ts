import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { FleetArgs, RenewalPolicyArgs } from "../sdk";
import { harnessProjects } from "./paths";
import type { StackConfig } from "./project-stack";

/** A project whose RenewalPolicy and Fleet take their arguments from the stack config (see its index.ts). */
export const FLEET_PROJECT = path.join(harnessProjects, "fleet");

export type FleetSettings = Omit<FleetArgs, "policy">;

/** The stack config that declares this policy (none when undefined) and this fleet in FLEET_PROJECT. */
export function fleetConfig(policy: RenewalPolicyArgs | undefined, fleet: FleetSettings): StackConfig {
  return {
    ...(policy ? { "program:policy": { value: JSON.stringify(policy) } } : {}),
    "program:fleet": { value: JSON.stringify(fleet) },
  };
}

/** Declares another policy and fleet for the stack's next run. */
export async function setFleet(stack: Stack, policy: RenewalPolicyArgs | undefined, fleet: FleetSettings) {
  await stack.setAllConfig(fleetConfig(policy, fleet));
  if (!policy) await stack.removeConfig("program:policy");
}
