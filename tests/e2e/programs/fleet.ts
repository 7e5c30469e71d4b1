import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { FleetArgs, RenewalPolicyArgs } from "pulumi-koophone";

/**
 * A policy and a Fleet of subscriptions, built from the compiled package as a user's program would import it
 * (the serialized providers then load "pulumi-koophone/provider" by name).
 */
export function fleetProgram(
  policy: RenewalPolicyArgs | undefined,
  fleet: Omit<FleetArgs, "policy">,
): PulumiFn {
  return async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program loads the built package like a user's would
    const koophone: typeof import("pulumi-koophone") = require("pulumi-koophone");
    const renewalPolicy = policy ? new koophone.RenewalPolicy("policy", policy) : undefined;
    const phones = new koophone.Fleet("fleet", { ...fleet, policy: renewalPolicy });
    return { phoneIds: phones.phoneIds };
  };
}
