import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { KooPhoneSubscriptionArgs, RenewalPolicyArgs } from "pulumi-koophone";

/** Raw inputs, as a program written in JavaScript or built from YAML could pass them, wrong types included. */
export type RawInputs = Record<string, unknown>;

function koophone(): typeof import("pulumi-koophone") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program loads the built package like a user's would
  return require("pulumi-koophone");
}

/** A program with one RenewalPolicy whose inputs are taken as given. */
export function policyProgram(inputs: RawInputs): PulumiFn {
  return async () => {
    new (koophone().RenewalPolicy)("policy", inputs as unknown as RenewalPolicyArgs);
  };
}

/** A program with one KooPhoneSubscription whose inputs are taken as given. */
export function subscriptionProgram(inputs: RawInputs): PulumiFn {
  return async () => {
    new (koophone().KooPhoneSubscription)("phone", inputs as unknown as KooPhoneSubscriptionArgs);
  };
}
