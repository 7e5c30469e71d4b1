import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { packedInstall } from "./packed-install";
import { CommandResult, runCommand } from "./run-command";

export type StackConfig = Record<string, { value: string; secret?: boolean }>;

export interface TestStackOptions {
  /** A Pulumi project folder (`Pulumi.yaml` and its program). It is copied: runs never write into it. */
  project: string;
  stackName?: string;
  config?: StackConfig;
  envVars?: Record<string, string>;
}

export interface TestStack {
  /** The Automation API's view of the stack, running the project's program from its folder (a local program). */
  stack: Stack;
  /** The copy of the project that every run uses; its `node_modules` is the packed install. */
  projectDir: string;
  /** The environment a `pulumi` command needs for this stack: state backend, PULUMI_HOME, passphrase. */
  env: NodeJS.ProcessEnv;
  /** Folders the runs write (project copy, state backend, PULUMI_HOME): every file here is scanned for secrets. */
  dirs: string[];
  /** Runs `pulumi <args> --stack <stack>` in the project folder, as a user at a terminal would. */
  pulumi(args: string[]): Promise<CommandResult>;
  /** Runs any command (a CI script, `npx koophone-audit`) in the project folder with the stack's environment. */
  run(command: string, args: string[]): Promise<CommandResult>;
  remove(): Promise<void>;
}

/**
 * A stack of a project folder run by the real Pulumi engine and its Node.js language host (the `pulumi` on PATH),
 * with `pulumi-koophone` installed from this checkout's `npm pack` tarball. State lives in a temporary file
 * backend with a temporary PULUMI_HOME and a passphrase secrets provider. Never skips: a missing engine fails.
 */
export async function createTestStack(opts: TestStackOptions): Promise<TestStack> {
  const nodeModules = await packedInstall();
  const projectDir = copyProject(opts.project, nodeModules);
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-state-"));
  const pulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-home-"));
  const stackName = opts.stackName ?? "test";
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_HOME: pulumiHome,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...opts.envVars,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: projectDir },
    { workDir: projectDir, pulumiHome, envVars },
  );
  if (opts.config) await stack.setAllConfig(opts.config);
  const env = { ...process.env, ...envVars };
  const dirs = [projectDir, backendDir, pulumiHome];
  return {
    stack,
    projectDir,
    env,
    dirs,
    pulumi: (args) => runCommand("pulumi", [...args, "--stack", stackName], { cwd: projectDir, env }),
    run: (command, args) => runCommand(command, args, { cwd: projectDir, env }),
    async remove() {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh copy of the project's own files, with `node_modules` linked to the shared packed install. */
function copyProject(project: string, nodeModules: string): string {
  if (!fs.existsSync(path.join(project, "Pulumi.yaml"))) {
    throw new Error(`${project} is not a Pulumi project folder: it has no Pulumi.yaml`);
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), `koophone-${path.basename(project)}-`));
  fs.cpSync(project, copy, {
    recursive: true,
    filter: (source) => !/(^|[\\/])(node_modules|Pulumi\.[^.]+\.yaml)$/.test(source),
  });
  fs.symlinkSync(nodeModules, path.join(copy, "node_modules"), "dir");
  return copy;
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
