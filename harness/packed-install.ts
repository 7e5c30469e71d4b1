import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./paths";
import { runCommand } from "./run-command";

/**
 * What a user's project installs besides this package, at the versions this checkout is developed with:
 * `@pulumi/pulumi` (the peer dependency), and TypeScript with Node's types so that the language host type-checks
 * `index.ts` with a current compiler rather than the one vendored in `@pulumi/pulumi`.
 */
const COMPANIONS = ["@pulumi/pulumi", "typescript", "@types/node"];

/** Names a ready install (made by `harness/pack-once.ts`) that the processes of one test run share. */
export const SHARED_INSTALL_VARIABLE = "KOOPHONE_PACKED_NODE_MODULES";

let install: Promise<string> | undefined;

/**
 * The `node_modules` folder holding `pulumi-koophone` installed from the tarball that `npm pack` makes of this
 * checkout (the files a user gets; `npm pack` builds `dist/` first), with its dependencies and companions as real
 * files. The run's shared install when the variable names one (test files run in parallel processes, and two
 * `npm pack`s at once would both rebuild `dist/`), else packed and installed once per process, shared by every
 * project folder, removed when the process exits.
 */
export function packedInstall(): Promise<string> {
  const shared = process.env[SHARED_INSTALL_VARIABLE];
  install ??= shared !== undefined && shared !== "" ? Promise.resolve(shared) : temporaryInstall();
  return install;
}

async function temporaryInstall(): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-install-"));
  process.once("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  return installInto(root);
}

/** Packs this checkout and installs the tarball with its companions into `root`; returns its `node_modules`. */
export async function installInto(root: string): Promise<string> {
  const packed = await npm(["pack", "--pack-destination", root, "--silent"], repoRoot);
  const tarball = path.join(root, packed.trim().split("\n").pop() ?? "");
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ private: true }));
  const specs = [tarball, ...COMPANIONS.map((name) => `${name}@${checkoutVersion(name)}`)];
  // --prefer-offline: the checkout's own `npm ci` has cached these exact versions.
  await npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...specs], root);
  return path.join(root, "node_modules");
}

async function npm(args: string[], cwd: string): Promise<string> {
  const result = await runCommand("npm", args, { cwd, env: process.env });
  if (result.code !== 0) {
    throw new Error(`npm ${args[0]} in ${cwd} exited with ${result.code}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

function checkoutVersion(name: string): string {
  const manifest = path.join(repoRoot, "node_modules", name, "package.json");
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}
