import * as path from "node:path";
import type { StackConfig } from "../../harness/project-stack";

/** A project of one resource whose raw inputs come from the stack config (see its index.ts). */
export const ONE_RESOURCE_PROJECT = path.resolve(__dirname, "..", "e2e", "programs", "one-resource");

/** Raw inputs, as a program written in JavaScript or built from YAML could pass them, wrong types included. */
export type RawInputs = Record<string, unknown>;

function oneResource(resource: string, inputs: RawInputs): StackConfig {
  return { "program:resource": { value: resource }, "program:inputs": { value: JSON.stringify(inputs) } };
}

/** The stack config of ONE_RESOURCE_PROJECT that declares one RenewalPolicy with these inputs. */
export function policyProgram(inputs: RawInputs): StackConfig {
  return oneResource("RenewalPolicy", inputs);
}

/** The stack config of ONE_RESOURCE_PROJECT that declares one KooPhoneSubscription with these inputs. */
export function subscriptionProgram(inputs: RawInputs): StackConfig {
  return oneResource("KooPhoneSubscription", inputs);
}
