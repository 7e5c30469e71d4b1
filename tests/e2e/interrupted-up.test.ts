import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../harness/paths";
import { Damage, damageAndRepair, DAMAGED_PREVIEW_ERROR, REPAIR } from "./damaged-state";
import {
  describeSteps,
  interruptedUp,
  listed,
  mismatchCounts,
  Outcome,
  RECOVERY,
  Scenario,
} from "./interrupted-run";

/** A kill, and whether the stack file is then damaged (emptied with its metadata) and repaired by the README. */
type Case = Scenario & { damageStackFile?: boolean };

/**
 * A stack's first up (creates) killed with its CLI alone, as before; an existing stack's up (updates) killed with
 * its CLI alone when checkpoints are on, its stack file then damaged as a kill of the backend's write leaves it,
 * and with its whole process tree (a lost runner) when checkpoints are off.
 */
const CASES: Case[] = [
  { existingStack: false, skipCheckpoints: false, kill: "cli" },
  { existingStack: false, skipCheckpoints: true, kill: "cli" },
  { existingStack: true, skipCheckpoints: false, kill: "cli", damageStackFile: true },
  { existingStack: true, skipCheckpoints: true, kill: "process tree" },
];

for (const { damageStackFile = false, ...scenario } of CASES) {
  const { existingStack, skipCheckpoints, kill } = scenario;
  const run = existingStack ? "an existing stack's up" : "a first up";
  const mode = skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : "with checkpoints";
  const killed = kill === "cli" ? "the CLI" : "the CLI and every process it started";
  const damaged = damageStackFile ? ", the stack file damaged, then the README's repair" : "";
  describe(`e2e: ${run} (${mode}): ${killed} killed with SIGKILL mid-order${damaged}, then the README's recovery`, function () {
    this.timeout(600_000);
    let outcome: Outcome;
    let damage: Damage | undefined;

    before(async () => {
      const beforeRecovery = damageStackFile
        ? async (test: Parameters<typeof damageAndRepair>[0]) => {
            damage = await damageAndRepair(test);
          }
        : undefined;
      outcome = await interruptedUp({ ...scenario, ...(beforeRecovery ? { beforeRecovery } : {}) });
      const o = outcome;
      if (damage !== undefined) {
        console.log(
          `      stack file ${damage.stackFileBytes} bytes, .bak ${damage.backupBytes} bytes; damaged preview exited ` +
            `${damage.preview.result.code}; repair: ${damage.repair.map((s) => `${s.step} (${s.result.code})`).join(", ")}`,
        );
      }
      console.log(
        `      ${o.due.length} due (${o.dueInState} in the state, ${o.dueWithEarlierRenewal} with a renewal); at the kill: ${o.ordersAtKill} orders, ${o.unpaidAtKill.length} due phones ` +
          `unpaid, ${o.recordedAtKill} phones recorded by the killed run; killed up exited ${o.killedUp.code}; ` +
          `steps: ${o.steps.map((s) => `${s.step} (${s.result.code})`).join(", ")}; ` +
          `record mismatches: ${mismatchCounts(o.mismatches)}`,
      );
    });

    if (existingStack) {
      it("the killed up updates phones already in the state, some of them with a renewal recorded", () => {
        expect(outcome.dueInState, "due phones in the state before the killed up").to.equal(
          outcome.due.length,
        );
        expect(outcome.dueWithEarlierRenewal, "of them, with a renewal recorded").to.be.greaterThan(0);
      });
    } else {
      it("the killed up is the stack's first: no phone is in the state before it", () => {
        expect(outcome.dueInState, "due phones in the state before the killed up").to.equal(0);
      });
    }

    it("the kill landed after the first order was paid and before the last", () => {
      expect(outcome.killedUp.code, "the CLI was killed").to.not.equal(0);
      expect(outcome.unpaidAtKill, "due phones not yet paid for at the kill").to.not.deep.equal([]);
      expect(outcome.unpaidAtKill.length).to.be.lessThan(outcome.due.length);
      if (skipCheckpoints) expect(outcome.recordedAtKill, "phones recorded by the killed run").to.equal(0);
      else expect(outcome.recordedAtKill, "phones recorded by the killed run").to.be.greaterThan(0);
    });

    if (kill === "cli") {
      it("the killed run's provider finishes its calls and exits by itself", () => {
        expect(outcome.providers, "provider processes of the killed run").to.be.greaterThan(0);
        expect(outcome.providersLeft, "providers still running 90 s after the kill").to.deep.equal([]);
      });
    } else {
      it("the killed run's provider was killed with it", () => {
        expect(outcome.providers, "provider processes of the killed run").to.be.greaterThan(0);
        expect(outcome.providersLeft, "providers still running after the kill").to.deep.equal([]);
      });
    }

    if (damageStackFile) {
      const repaired = (): Damage => {
        if (damage === undefined) throw new Error("the stack file was not damaged");
        return damage;
      };

      it("with the stack file and its metadata emptied, pulumi preview fails with the checkpoint error", () => {
        const { result } = repaired().preview;
        expect(repaired().backupBytes, "the backend's .bak copy of the stack file").to.be.greaterThan(0);
        expect(result.code, "pulumi preview").to.not.equal(0);
        expect(`${result.stdout}${result.stderr}`).to.include(DAMAGED_PREVIEW_ERROR);
      });

      it("the README lists the repair steps, each as run here", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## If the stack's state is damaged"));
        expect(section, "the README section").to.match(/^## If the stack's state is damaged/);
        for (const { command } of REPAIR) expect(section, "a repair step").to.include(command);
      });

      it("each repair step has the outcome the README gives it: the stack file is restored from its .bak copy", () => {
        const { repair } = repaired();
        expect(repair.map((s) => s.step)).to.deep.equal(REPAIR.map((r) => r.command));
        REPAIR.forEach(({ fails }, i) => {
          const { step, result } = repair[i];
          const output = `${step}\n${describeSteps(repair)}`;
          if (fails === undefined) expect(result.code, output).to.equal(0);
          else {
            expect(result.code, output).to.not.equal(0);
            expect(result.stderr, output).to.include(fails);
          }
        });
      });
    }

    it("each step of the README's recovery succeeds, ending with a clean preview --expect-no-changes", () => {
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

    it("every phone's expireTime and lastRenewal (order, end, period) match Billing Center's expiry and the order that renewed it last", () => {
      expect(
        outcome.mismatches.map((m) => m.text),
        listed(outcome.mismatches),
      ).to.deep.equal([]);
    });
  });
}
