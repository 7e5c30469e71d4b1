// What the native plugin's end-to-end tests share: the plugin installed from its tarball into a stack's PULUMI_HOME
// as a user installs it, and the emulator's view of due phones and of the orders placed.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { DateTime } from "luxon";
import type { EmulatorAdmin } from "../../emulator";
import { repoRoot } from "../../harness/paths";
import type { TestStack } from "../../harness/project-stack";
import { CommandResult, runCommand } from "../../harness/run-command";
import type { CapturedText } from "../support/secret-scan";

/** The command's result, after checking that it succeeded; its output is kept in `captured` for a secret scan. */
export async function succeeded(
  what: string,
  running: Promise<CommandResult>,
  captured: CapturedText[] = [],
): Promise<CommandResult> {
  const result = await running;
  captured.push({ source: what, text: result.stdout + result.stderr });
  expect(result.code, `${what} exited with ${result.code}:\n${result.stdout}${result.stderr}`).to.equal(0);
  return result;
}

/**
 * `pulumi plugin install resource koophone <version> --file <tarball>` in the stack's PULUMI_HOME, with the tarball
 * scripts/plugin makes of this checkout (built by scripts/setup; rebuilt here only when dist/ changed).
 */
export async function installPlugin(test: TestStack): Promise<void> {
  const built = await succeeded(
    "scripts/plugin",
    runCommand("bash", ["scripts/plugin"], { cwd: repoRoot, env: process.env }),
  );
  const tarball = built.stdout.trim().split("\n").pop() ?? "";
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    version: string;
  };
  await succeeded(
    "pulumi plugin install",
    test.run("pulumi", ["plugin", "install", "resource", "koophone", version, "--file", tarball]),
  );
}

/** The phones among `phoneIds` due now under a renewBefore of `days`: their expiry is less than that ahead. */
export async function duePhones(admin: EmulatorAdmin, phoneIds: string[], days: number): Promise<string[]> {
  const state = await admin.state();
  const threshold = DateTime.fromISO(state.now).plus({ days }).toMillis();
  return state.subscriptions
    .filter((s) => phoneIds.includes(s.resourceId) && DateTime.fromISO(s.expireTime).toMillis() < threshold)
    .map((s) => s.resourceId)
    .sort();
}

export interface PlacedOrder {
  orderId: string;
  phones: string[];
  /** The renewal step of the order's phones, in months. */
  months: number;
}

/** The renewal orders placed through the API, oldest first, with the phones each renewed. */
export async function apiOrders(admin: EmulatorAdmin): Promise<PlacedOrder[]> {
  return (await admin.state()).orders
    .filter((order) => order.source === "api")
    .map((order) => {
      const [line] = order.lineItems;
      return {
        orderId: order.orderId,
        phones: order.lineItems.map((item) => item.resourceId),
        months: line.periodUnit === "year" ? 12 * line.periodCount : line.periodCount,
      };
    });
}
