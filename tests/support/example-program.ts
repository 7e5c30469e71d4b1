import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { repoRoot } from "./pulumi-stack";

/**
 * An example project's index.ts as an inline program: the module is loaded afresh on every run (its top-level
 * code declares the resources) and its exports become the stack outputs.
 */
export function exampleProgram(example: string): PulumiFn {
  const entry = path.join(repoRoot, "examples", example, "index.ts");
  return async () => {
    delete require.cache[require.resolve(entry)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the example is a program, loaded per run
    return require(entry);
  };
}
