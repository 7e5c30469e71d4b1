// `npm run bench`: the real engine against the emulator, batched provider against the per-phone baseline, a no-op
// dynamic resource and the same fleet through the native plugin, at each fleet size. Prints one table and writes it
// to bench/results.md.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import { CALLS_PER_SECOND } from "./floor";
import { largeFleetLines } from "./large-fleet-targets";
import { nativeComparisonLines } from "./native-comparison";
import { resultsTables, targetLines } from "./results-table";
import {
  RunSettings,
  runScenario,
  Scenario,
  ScenarioFigures,
  ScenarioKind,
  scenarioLabel,
} from "./run-scenario";
import { runShardScenario, ShardFigures, shardLabel, ShardScenario } from "./shard-scenario";
import { shardLines } from "./shard-results";

const KINDS: ScenarioKind[] = ["batched", "baseline", "noop", "native"];
const CHECKPOINTS = ["with", "without"];

function listFromEnv(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

function sizesFromEnv(name: string, fallback: string): number[] {
  return listFromEnv(name, fallback).map((value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${value}" is not a positive whole number`);
    return n;
  });
}

/**
 * Every kind at every size, with and without the engine's checkpoints; then, without checkpoints, the batched
 * fleet (with a preview) and the no-op fleet at the large sizes (how time and memory grow); then the batched fleet
 * with checkpoints at BENCH_CHECKPOINTED_PHONES, stopped after BENCH_CHECKPOINTED_LIMIT_S seconds.
 */
function scenarios(): Scenario[] {
  const sizes = sizesFromEnv("BENCH_PHONES", "100,1000");
  const large = sizesFromEnv("BENCH_LARGE_PHONES", "3000,10000");
  const largeKinds = listFromEnv("BENCH_LARGE_KINDS", "batched,noop") as ScenarioKind[];
  for (const kind of largeKinds) {
    if (kind !== "batched" && kind !== "noop") {
      throw new Error(`BENCH_LARGE_KINDS: "${kind}" is not one of batched, noop`);
    }
  }
  const checkpointed = sizesFromEnv("BENCH_CHECKPOINTED_PHONES", "10000");
  const [limit] = sizesFromEnv("BENCH_CHECKPOINTED_LIMIT_S", "300");
  const kinds = listFromEnv("BENCH_KINDS", KINDS.join(",")) as ScenarioKind[];
  for (const kind of kinds) {
    if (!KINDS.includes(kind)) throw new Error(`BENCH_KINDS: "${kind}" is not one of ${KINDS.join(", ")}`);
  }
  const checkpoints = listFromEnv("BENCH_CHECKPOINTS", CHECKPOINTS.join(","));
  for (const c of checkpoints) {
    if (!CHECKPOINTS.includes(c)) {
      throw new Error(`BENCH_CHECKPOINTS: "${c}" is not one of ${CHECKPOINTS.join(", ")}`);
    }
  }
  const modes = checkpoints.map((c) => c === "without");
  const plain = sizes.flatMap((phones) =>
    modes.flatMap((skipCheckpoints) => kinds.map((kind) => ({ kind, phones, skipCheckpoints }))),
  );
  const growth = large.flatMap((phones) =>
    largeKinds.map((kind) => ({ kind, phones, skipCheckpoints: true, preview: kind === "batched" })),
  );
  const stopped = checkpointed.map((phones) => ({
    kind: "batched" as const,
    phones,
    skipCheckpoints: false,
    stopAfterSeconds: limit,
  }));
  return [...plain, ...growth, ...stopped];
}

/**
 * BENCH_SHARDS: fleets split into stacks run at once, as "<shards>x<phones per shard>" (default 4x2500; empty for
 * none); BENCH_RESHARD: the shard count to change to afterwards (default 5; empty for none).
 */
function shardScenarios(): ShardScenario[] {
  const reshard = listFromEnv("BENCH_RESHARD", "5").map(Number);
  return listFromEnv("BENCH_SHARDS", "4x2500").map((text) => {
    const match = /^(\d+)x(\d+)$/.exec(text);
    const [shards, each] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (shards < 2 || each < 1) {
      throw new Error(
        `BENCH_SHARDS: "${text}" is not <shards (2 or more)>x<phones per shard>, such as 4x2500`,
      );
    }
    const to = reshard[0];
    if (to !== undefined && !(Number.isInteger(to) && to > shards)) {
      throw new Error(`BENCH_RESHARD: "${to}" is not a whole number above the shard count ${shards}`);
    }
    return { phones: shards * each, shards, ...(to !== undefined ? { reshardTo: to } : {}) };
  });
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
  // Trimmed at the end only: a porcelain line starts with a space when the file is not staged.
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trimEnd();
  // bin/ holds the native plugin's launcher, which the native kind runs.
  const dirty = git("status", "--porcelain", "--", "provider", "sdk", "emulator", "bin")
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
    cpuProfileDir: process.env.BENCH_CPU_PROFILE_DIR || undefined,
  };
  const started = new Date();
  const where = machine();
  const code = codeUnderTest();
  const planned = scenarios();
  const plannedShards = shardScenarios();
  const all: ScenarioFigures[] = [];
  const shards: ShardFigures[] = [];
  const report = () =>
    writeReport({
      started,
      where,
      code,
      settings,
      all,
      shards,
      planned: planned.length + plannedShards.length,
    });
  for (const scenario of planned) {
    const t = Date.now();
    console.log(`bench: ${scenarioLabel(scenario)}...`);
    const figures = await runScenario(scenario, settings);
    all.push(figures);
    const preview = figures.preview ? `preview ${figures.preview.seconds.toFixed(1)} s, ` : "";
    console.log(
      `bench:   ${preview}up ${figures.up.seconds.toFixed(1)} s, due ${figures.due}, orders ${figures.orders}, ` +
        `calls ${JSON.stringify(figures.up.calls)} (${((Date.now() - t) / 1000).toFixed(0)} s in all)`,
    );
    // Written after every scenario: a run cut short still leaves the figures it has.
    await report();
  }
  for (const scenario of plannedShards) {
    const t = Date.now();
    console.log(`bench: ${shardLabel(scenario)}...`);
    shards.push(await runShardScenario(scenario, settings));
    console.log(`bench:   done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    await report();
  }
  console.log(`\n${resultsTables(all, settings)}\n\n${targetLines(all, settings).join("\n")}`);
  console.log(`\n${nativeComparisonLines(all, settings).join("\n")}`);
  console.log(`\n${largeFleetLines(all, settings).join("\n")}`);
  console.log(`\n${shardLines(shards, all, settings).join("\n")}`);
  console.log(`\nbench: written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

/** BENCH_RESULTS_FILE: a run for a look (a profile, one scenario) can write elsewhere than results.md. */
const RESULTS_FILE = path.resolve(process.env.BENCH_RESULTS_FILE || path.join(__dirname, "results.md"));

interface Report {
  started: Date;
  where: string;
  code: string;
  settings: RunSettings;
  all: ScenarioFigures[];
  shards: ShardFigures[];
  planned: number;
}

async function writeReport(r: Report): Promise<void> {
  const minutes = ((Date.now() - r.started.getTime()) / 60000).toFixed(1);
  const done = r.all.length + r.shards.length;
  const partial = done < r.planned ? ` (partial: ${done} of ${r.planned} scenarios so far)` : "";
  const report = [
    "# Benchmark results",
    "",
    `Run ${r.started.toISOString()}, ${minutes} min${partial}: ${r.where}.`,
    `Code: ${r.code}.`,
    `Engine \`up\`/\`preview\` with parallel ${r.settings.parallel}; emulator latency ${r.settings.latencyMs} ms per ` +
      `call and ${CALLS_PER_SECOND} calls per second per API; fleets seeded with expiries over 1-97 days, ` +
      `policy renewBefore P30D, period 1 month, renewal day 15, autoPay. See bench/README.md.`,
    "",
    "## Targets",
    "",
    ...targetLines(r.all, r.settings).map((t) => `- ${t}`),
    "",
    "## The large fleet",
    "",
    ...largeFleetLines(r.all, r.settings).map((t) => `- ${t}`),
    "",
    "## Shards",
    "",
    ...(r.shards.length > 0
      ? shardLines(r.shards, r.all, r.settings)
      : ["no shard scenario in this run"]
    ).map((t) => `- ${t}`),
    "",
    "## Native door against the dynamic door",
    "",
    ...nativeComparisonLines(r.all, r.settings).map((t) => `- ${t}`),
    "",
    resultsTables(r.all, r.settings),
    "",
  ].join("\n");
  // Formatted as `npm run lint` (prettier --check) expects it.
  const options = { ...(await prettier.resolveConfig(RESULTS_FILE)), parser: "markdown" };
  fs.writeFileSync(RESULTS_FILE, await prettier.format(report, options));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
