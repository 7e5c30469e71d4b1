import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../harness/paths";
import type { TestStack } from "../harness/project-stack";
import { CommandResult, runCommand } from "../harness/run-command";

let tarball: Promise<string> | undefined;

/**
 * Installs the koophone plugin into the stack's PULUMI_HOME as a user does (`pulumi plugin install resource
 * koophone <version> --file <tarball>`), with the tarball scripts/plugin makes of this checkout, the way
 * tests/e2e/native-plugin.ts does (that helper checks with chai, which a bench does not load). scripts/bench's
 * setup has built the tarball already; scripts/plugin only prints its path then, and rebuilds it if dist/ changed.
 */
export async function installNativePlugin(test: TestStack): Promise<void> {
  tarball ??= pluginTarball();
  const version = (
    JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
  ).version;
  succeeded(
    "pulumi plugin install",
    await test.run("pulumi", ["plugin", "install", "resource", "koophone", version, "--file", await tarball]),
  );
}

async function pluginTarball(): Promise<string> {
  const built = succeeded(
    "scripts/plugin",
    await runCommand("bash", ["scripts/plugin"], { cwd: repoRoot, env: process.env }),
  );
  return built.stdout.trim().split("\n").pop() ?? "";
}

function succeeded(what: string, result: CommandResult): CommandResult {
  if (result.code !== 0)
    throw new Error(`${what} exited with ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}
