import * as path from "node:path";
import { harnessProjects } from "./paths";
import type { StackConfig } from "./project-stack";

/** A project of dynamic resources that only echo their input (see its index.ts). */
export const ECHO_PROJECT = path.join(harnessProjects, "echo");

/** The stack config that declares `count` Echo resources in ECHO_PROJECT. */
export function echoConfig(count: number): StackConfig {
  return { "program:count": { value: String(count) } };
}
