// Mocha's spec output, then the time each test file took (slowest first, to see where the suite's time goes),
// then the suite's own closing line "N passed, N failed" that CI reads.
"use strict";
const path = require("node:path");
const Mocha = require("mocha");

const { EVENT_RUN_END, EVENT_TEST_END, EVENT_HOOK_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // Summed from the tests' and hooks' own durations: with --parallel, a worker's events reach the reporter only
    // once its file is done, so the time between events says nothing.
    const seconds = new Map();
    const add = (runnable) => {
      if (!runnable.file || typeof runnable.duration !== "number") return;
      seconds.set(runnable.file, (seconds.get(runnable.file) ?? 0) + runnable.duration / 1000);
    };
    runner.on(EVENT_TEST_END, add);
    runner.on(EVENT_HOOK_END, add);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.on("drain", () => undefined);
      setImmediate(() => {
        const slowest = [...seconds].sort(([, a], [, b]) => b - a);
        console.log("time per test file (its tests and hooks), s:");
        for (const [file, total] of slowest) {
          console.log(`  ${total.toFixed(1).padStart(6)}  ${path.relative(process.cwd(), file)}`);
        }
        console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
      });
    });
  }
}

module.exports = SummaryReporter;
