import { execFileSync } from "node:child_process";
import { repoRoot } from "../harness/paths";

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { cwd: repoRoot, stdio: "pipe", encoding: "utf8" });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
  }
}

describe("code quality", function () {
  this.timeout(180_000);
  it("type-checks with strict TypeScript (sources and tests)", () =>
    run("npx", ["tsc", "-p", "tsconfig.test.json"]));
  it("passes eslint", () => run("npx", ["eslint", "."]));
  it("is formatted with prettier", () => run("npx", ["prettier", "--check", "."]));
  it("keeps the product independent of tests/, with no import cycle anywhere (dependency-cruiser)", () =>
    run("npm", ["run", "--silent", "lint:deps"]));
});
