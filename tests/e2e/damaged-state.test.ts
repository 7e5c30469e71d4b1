import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { TestStack } from "../../harness/project-stack";
import { repoRoot } from "../../harness/paths";
import { runCommand } from "../../harness/run-command";
import {
  describeSteps,
  interruptedUp,
  listed,
  mismatchCounts,
  Outcome,
  RECOVERY,
  stackFile,
  Step,
} from "./interrupted-run";

/**
 * The README's steps for a damaged stack ("If the stack's state is damaged"), in order, each as written there and
 * with the outcome it expects here: both the stack file and its metadata are emptied, so the first export still
 * fails, on the stack file itself, and the `.bak` copy is restored.
 */
const REPAIR: { command: string; fails?: string }[] = [
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
const DAMAGED_PREVIEW_ERROR = "failed to load checkpoint: EOF";

interface Damage {
  /** The sizes of the stack file and of its `.bak` copy before the damage, in bytes. */
  stackFileBytes: number;
  backupBytes: number;
  preview: Step;
  repair: Step[];
}

/** Empties the stack file and its metadata, shows that a preview fails, then runs the README's repair. */
async function damageAndRepair(test: TestStack): Promise<Damage> {
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

describe("e2e: a damaged stack file after an existing stack's up killed mid-order, then the README's repair and recovery", function () {
  this.timeout(600_000);
  let outcome: Outcome;
  let damage: Damage;

  before(async () => {
    outcome = await interruptedUp({
      existingStack: true,
      skipCheckpoints: false,
      kill: "cli",
      beforeRecovery: async (test) => {
        damage = await damageAndRepair(test);
      },
    });
    const o = outcome;
    console.log(
      `      ${o.due.length} due (${o.dueWithEarlierRenewal} with a renewal recorded); at the kill: ${o.unpaidAtKill.length} due phones unpaid, ${o.recordedAtKill} ` +
        `phones recorded; stack file ${damage.stackFileBytes} bytes, .bak ${damage.backupBytes} bytes; ` +
        `damaged preview exited ${damage.preview.result.code}; ` +
        `steps: ${[...damage.repair, ...o.steps].map((s) => `${s.step} (${s.result.code})`).join(", ")}; ` +
        `record mismatches: ${mismatchCounts(o.mismatches)}`,
    );
  });

  it("the killed up had recorded part of its renewals in the state", () => {
    expect(outcome.killedUp.code, "the CLI was killed").to.not.equal(0);
    expect(outcome.recordedAtKill, "phones recorded by the killed run").to.be.greaterThan(0);
    expect(outcome.unpaidAtKill, "due phones not yet paid for at the kill").to.not.deep.equal([]);
    expect(damage.backupBytes, "the backend's .bak copy of the stack file").to.be.greaterThan(0);
  });

  it("with the stack file and its metadata emptied, pulumi preview fails with the checkpoint error", () => {
    const { result } = damage.preview;
    expect(result.code, "pulumi preview").to.not.equal(0);
    expect(`${result.stdout}${result.stderr}`).to.include(DAMAGED_PREVIEW_ERROR);
  });

  it("the README lists these repair steps, each as run here", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## If the stack's state is damaged"));
    expect(section, "the README section").to.match(/^## If the stack's state is damaged/);
    for (const { command } of REPAIR) expect(section, "a repair step").to.include(command);
  });

  it("each repair step has the outcome the README gives it: the stack file is restored from its .bak copy", () => {
    expect(damage.repair.map((s) => s.step)).to.deep.equal(REPAIR.map((r) => r.command));
    REPAIR.forEach(({ fails }, i) => {
      const { step, result } = damage.repair[i];
      const output = `${step}\n${describeSteps(damage.repair)}`;
      if (fails === undefined) expect(result.code, output).to.equal(0);
      else {
        expect(result.code, output).to.not.equal(0);
        expect(result.stderr, output).to.include(fails);
      }
    });
  });

  it("each step of the README's recovery then succeeds, ending with a clean preview --expect-no-changes", () => {
    expect(outcome.steps.map((s) => s.step)).to.deep.equal(
      RECOVERY.map((args) => `pulumi ${args.join(" ")}`),
    );
    for (const { step, result } of outcome.steps) {
      expect(result.code, `${step}\n${describeSteps(outcome.steps)}`).to.equal(0);
    }
  });

  it("every due phone renewed exactly once, no other phone renewed, no unpaid order left", () => {
    expect(outcome.renewedTwice, "phones renewed twice").to.deep.equal([]);
    expect(outcome.dueNotRenewedOnce, "due phones not renewed exactly once").to.deep.equal([]);
    expect(outcome.notDueRenewed, "phones not due that were renewed").to.deep.equal([]);
    expect(outcome.unpaidOrders, "orders left pending payment").to.deep.equal([]);
  });

  it("every phone's expireTime matches Billing Center's", () => {
    const stale = outcome.mismatches.filter((m) => m.field === "state" || m.field === "expireTime");
    expect(
      stale.map((m) => m.text),
      listed(stale),
    ).to.deep.equal([]);
  });

  it("every phone's lastRenewal (order, end, period) names the order that renewed it last", () => {
    const wrong = outcome.mismatches.filter((m) => m.field.startsWith("lastRenewal"));
    expect(
      wrong.map((m) => m.text),
      listed(wrong),
    ).to.deep.equal([]);
  });
});
