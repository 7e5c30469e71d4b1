// Mocha's spec output, then the time each test file took (slowest first, to see where the suite's time goes),
// then the suite's own closing line "N passed, N failed" that CI reads.
"use strict";
const path = require("node:path");
const Mocha = require("mocha");

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const files = new Map();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.file && !files.has(suite.file)) files.set(suite.file, { start: Date.now(), end: Date.now() });
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const timing = suite.file && files.get(suite.file);
      if (timing) timing.end = Date.now();
    });
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.on("drain", () => undefined);
      setImmediate(() => {
        const slowest = [...files].sort(([, a], [, b]) => b.end - b.start - (a.end - a.start));
        console.log("time per test file, s:");
        for (const [file, { start, end }] of slowest) {
          console.log(
            `  ${((end - start) / 1000).toFixed(1).padStart(6)}  ${path.relative(process.cwd(), file)}`,
          );
        }
        console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
      });
    });
  }
}

module.exports = SummaryReporter;
