// A damaged stack file, and the README's repair ("If the stack's state is damaged"), for the interrupted-up tests.
import * as fs from "node:fs";
import * as path from "node:path";
import type { TestStack } from "../../harness/project-stack";
import { runCommand } from "../../harness/run-command";
import { stackFile, Step } from "./interrupted-run";

/**
 * The README's steps for a damaged stack ("If the stack's state is damaged"), in order, each as written there and
 * with the outcome it expects here: both the stack file and its metadata are emptied, so the first export still
 * fails, on the stack file itself, and the `.bak` copy is restored.
 */
export const REPAIR: { command: string; fails?: string }[] = [
  { command: `ls -l "$STACKS/$STACK".json*` },
  { command: `rm -f "$STACKS/$STACK.json.attrs"` },
  {
    command: `pulumi stack export --stack "$STACK" >/dev/null`,
    fails: "failed to load checkpoint: place 1: unexpected end of JSON input",
  },
  { command: `cp "$STACKS/$STACK.json.bak" "$STACKS/$STACK.json"` },
  { command: `pulumi stack export --stack "$STACK" >/dev/null` },
  { command: `rm -f "$STACKS/$STACK".json*.tmp` },
];

/** While the stack file's metadata is empty, every read of the stack fails with this, before the file is read. */
export const DAMAGED_PREVIEW_ERROR = "failed to load checkpoint: EOF";

export interface Damage {
  /** The sizes of the stack file and of its `.bak` copy before the damage, in bytes. */
  stackFileBytes: number;
  backupBytes: number;
  preview: Step;
  repair: Step[];
}

/** Empties the stack file and its metadata, shows that a preview fails, then runs the README's repair. */
export async function damageAndRepair(test: TestStack): Promise<Damage> {
  const file = stackFile(test);
  const stackFileBytes = fs.statSync(file).size;
  const backupBytes = fs.statSync(`${file}.bak`).size;
  fs.truncateSync(file, 0);
  fs.truncateSync(`${file}.attrs`, 0);
  const preview = { step: "pulumi preview", result: await test.pulumi(["preview"]) };
  // The README's two variables: the backend's folder of the project's stacks, and the stack's name.
  const env = { ...test.env, STACKS: path.dirname(file), STACK: path.basename(file, ".json") };
  const repair: Step[] = [];
  for (const { command } of REPAIR) {
    repair.push({
      step: command,
      result: await runCommand("bash", ["-c", command], { cwd: test.projectDir, env }),
    });
  }
  return { stackFileBytes, backupBytes, preview, repair };
}
