import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_POLICY } from "./fleet";

/** The project's name; only its folder's copy is ever run (harness/project-stack.ts copies it). */
export const NATIVE_PROJECT_NAME = "koophone-bench-native";

/** The type of one phone's resource in the native door's state. */
export const NATIVE_SUBSCRIPTION_TYPE = "koophone:index:Subscription";

/**
 * A YAML project on the koophone plugin that declares what the dynamic batched kind's program declares
 * (harness/projects/fleet with fleetConfig): the bench's RenewalPolicy, and a koophone:index:Fleet of exactly
 * these phone ids under its defaults, on the default provider (the stack's `koophone:` config points it at the
 * emulator). The ids are written into the program rather than selected with nameContains: the same declaration as
 * the dynamic door's, so that both fleets are planned from the same input and the construct lists nothing more.
 * YAML has no loops and its stack config holds no list, so the folder is generated per run; the caller removes it.
 */
export function writeNativeProject(phoneIds: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${NATIVE_PROJECT_NAME}-`));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), nativeProgram(phoneIds));
  return dir;
}

/** The Pulumi.yaml; every scalar is a JSON string, which YAML reads as a double-quoted string, so none needs care. */
function nativeProgram(phoneIds: string[]): string {
  const q = (value: string | number | boolean) => JSON.stringify(value);
  const { renewalDay, period, renewBefore, autoPay } = BENCH_POLICY;
  return [
    `name: ${q(NATIVE_PROJECT_NAME)}`,
    "runtime: yaml",
    `description: ${q("The benchmark's fleet through the koophone provider plugin (bench/native-project.ts).")}`,
    "resources:",
    "  policy:",
    "    type: koophone:index:RenewalPolicy",
    "    properties:",
    `      renewalDay: ${renewalDay}`,
    "      period:",
    `        unit: ${q(period.unit)}`,
    `        count: ${period.count}`,
    `      renewBefore: ${q(renewBefore)}`,
    `      autoPay: ${autoPay}`,
    "  fleet:",
    "    type: koophone:index:Fleet",
    "    properties:",
    "      policy: ${policy.defaults}",
    "      phoneIds:",
    ...phoneIds.map((id) => `        - ${q(id)}`),
    "outputs:",
    "  phoneIds: ${fleet.phoneIds}",
    "",
  ].join("\n");
}
