// `npm run bench`: the real engine against the emulator, batched provider against the per-phone baseline and a
// no-op dynamic resource, at each fleet size. Prints one table and writes it to bench/results.md.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import { CALLS_PER_SECOND } from "./floor";
import { resultsTable, targetLines } from "./results-table";
import {
  RunSettings,
  runScenario,
  Scenario,
  ScenarioFigures,
  ScenarioKind,
  scenarioLabel,
} from "./run-scenario";

const KINDS: ScenarioKind[] = ["batched", "baseline", "noop"];

function listFromEnv(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

function scenarios(): Scenario[] {
  const sizes = listFromEnv("BENCH_PHONES", "100,1000").map(Number);
  const kinds = listFromEnv("BENCH_KINDS", KINDS.join(",")) as ScenarioKind[];
  for (const kind of kinds) if (!KINDS.includes(kind)) throw new Error(`BENCH_KINDS: unknown kind "${kind}"`);
  const plain = sizes.flatMap((phones) => kinds.map((kind) => ({ kind, phones })));
  // Where the time goes at the largest size: the same runs with the engine's per-step checkpoints skipped.
  const largest = Math.max(...sizes);
  const diagnostic = listFromEnv("BENCH_NO_CHECKPOINT_KINDS", "batched,noop")
    .filter((kind) => kinds.includes(kind as ScenarioKind))
    .map((kind) => ({ kind: kind as ScenarioKind, phones: largest, skipCheckpoints: true }));
  return [...plain, ...diagnostic];
}

/** The emulator's latency fault warns once more than 10 requests wait at the same time: expected here. */
function quietenListenerWarnings(): void {
  const defaults = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name === "MaxListenersExceededWarning") return;
    for (const listener of defaults) listener(warning);
  });
}

/** The code measured: the commit, and the files of the provider that differ from it (the tree is shared). */
function codeUnderTest(): string {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  const dirty = git("status", "--porcelain", "--", "provider", "sdk", "emulator")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
  const head = git("rev-parse", "--short", "HEAD");
  return dirty.length > 0
    ? `commit ${head} plus uncommitted changes to ${dirty.join(", ")}`
    : `commit ${head}`;
}

function machine(): string {
  const engine = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `${os.cpus().length} cores (load average at start ${load}, shared with other work), Node ${process.version}, pulumi ${engine}`;
}

async function main(): Promise<void> {
  quietenListenerWarnings();
  const settings: RunSettings = {
    parallel: Number(process.env.BENCH_PARALLEL ?? 64),
    latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 20),
  };
  const started = new Date();
  const where = machine();
  const code = codeUnderTest();
  const all: ScenarioFigures[] = [];
  for (const scenario of scenarios()) {
    const t = Date.now();
    console.log(`bench: ${scenarioLabel(scenario)}...`);
    const figures = await runScenario(scenario, settings);
    all.push(figures);
    console.log(
      `bench:   preview ${figures.preview.seconds.toFixed(1)} s, up ${figures.up.seconds.toFixed(1)} s, ` +
        `due ${figures.due}, orders ${figures.orders}, calls ${JSON.stringify(figures.up.calls)} ` +
        `(${((Date.now() - t) / 1000).toFixed(0)} s in all)`,
    );
  }
  const table = resultsTable(all, settings);
  const targets = targetLines(all, settings);
  const report = [
    "# Benchmark results",
    "",
    `Run ${started.toISOString()}, ${((Date.now() - started.getTime()) / 60000).toFixed(1)} min: ${where}.`,
    `Code: ${code}.`,
    `Engine \`up\`/\`preview\` with parallel ${settings.parallel}; emulator latency ${settings.latencyMs} ms per ` +
      `call and ${CALLS_PER_SECOND} calls per second per API; fleets seeded with expiries over 1-97 days, ` +
      `policy renewBefore P30D, period 1 month, renewal day 15, autoPay. See bench/README.md.`,
    "",
    table,
    "",
    ...targets.map((t) => `- ${t}`),
    "",
  ].join("\n");
  console.log(`\n${table}\n\n${targets.join("\n")}`);
  const file = path.join(__dirname, "results.md");
  // Formatted as `npm run lint` (prettier --check) expects it.
  const options = { ...(await prettier.resolveConfig(file)), parser: "markdown" };
  fs.writeFileSync(file, await prettier.format(report, options));
  console.log(`\nbench: written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
