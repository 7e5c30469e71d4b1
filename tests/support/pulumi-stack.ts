import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";

/** The repository root: programs run from a folder under it so that they resolve its node_modules. */
export const repoRoot = path.resolve(__dirname, "..", "..");

export interface TestStack {
  stack: Stack;
  /** Folders the run wrote (state backend, PULUMI_HOME, work dir): every file here is scanned for secrets. */
  dirs: string[];
  remove(): Promise<void>;
}

export interface TestStackOptions {
  program: PulumiFn;
  projectName?: string;
  config?: Record<string, { value: string; secret?: boolean }>;
  envVars?: Record<string, string>;
}

/**
 * A stack run by the real Pulumi engine (the `pulumi` on PATH, which scripts/test puts there), with its state in a
 * temporary file backend, a temporary PULUMI_HOME and a passphrase secrets provider. Never skips: a missing engine
 * fails the test.
 */
export async function createTestStack(opts: TestStackOptions): Promise<TestStack> {
  const scratch = path.join(repoRoot, ".test-output");
  fs.mkdirSync(scratch, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(scratch, "work-"));
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-state-"));
  const pulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-home-"));
  const projectName = opts.projectName ?? "koophone-test";
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "test", projectName, program: opts.program },
    {
      workDir,
      pulumiHome,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: `file://${backendDir}` } },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        ...opts.envVars,
      },
    },
  );
  if (opts.config) await stack.setAllConfig(opts.config);
  const dirs = [workDir, backendDir, pulumiHome];
  return {
    stack,
    dirs,
    async remove() {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The resources of the stack's current state, from `pulumi stack export`. */
export async function exportedResources(stack: Stack): Promise<StateResource[]> {
  const exported = await stack.exportStack();
  return (exported.deployment as { resources?: StateResource[] }).resources ?? [];
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}
