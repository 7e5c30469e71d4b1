import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Stack } from "@pulumi/pulumi/automation";
import { ECHO_PROJECT, echoConfig } from "../harness/echo-project";
import { FLEET_PROJECT, fleetConfig } from "../harness/fleet-project";
import { startTestCloud, TestCloud } from "../harness/local-cloud";
import { createTestStack, exportedResources, StackConfig, TestStack } from "../harness/project-stack";
import { CallSpan, CallTimeline } from "./call-timeline";
import { apiOrders, BENCH_NOW, BENCH_POLICY, duePhones, renewalGroups, seedFleet } from "./fleet";
import type { CallCounts } from "./floor";
import { installNativePlugin } from "./native-plugin";
import { NATIVE_SUBSCRIPTION_TYPE, writeNativeProject } from "./native-project";
import type { ProcessKind, ProcessUsage } from "./process-sampler";
import { SamplerThread } from "./sampler-thread";

/**
 * batched: the dynamic provider as shipped; baseline: KOOPHONE_BATCHING=off; noop: a dynamic resource that does
 * nothing; native: the same fleet as batched through the koophone provider plugin, from a YAML program.
 */
export type ScenarioKind = "batched" | "baseline" | "noop" | "native";

export interface Scenario {
  kind: ScenarioKind;
  phones: number;
  /**
   * PULUMI_SKIP_CHECKPOINTS=true: the engine writes the state once at the end instead of after every step (the
   * file backend rewrites the whole state per step otherwise).
   */
  skipCheckpoints: boolean;
  /** Preview even without checkpoints: the large fleets are run once, without them. */
  preview?: boolean;
  /**
   * Stop the `up` after this many seconds (the engine is interrupted as Ctrl-C does) and report how far it got:
   * the run with checkpoints at 10,000 phones, whose engine cost grows with the square of the fleet.
   */
  stopAfterSeconds?: number;
}

export function scenarioLabel(scenario: Scenario): string {
  const stop = scenario.stopAfterSeconds !== undefined ? `, stopped at ${scenario.stopAfterSeconds} s` : "";
  return `${scenario.phones} ${scenario.kind}${scenario.skipCheckpoints ? ", no checkpoints" : ""}${stop}`;
}

export interface RunSettings {
  parallel: number;
  latencyMs: number;
  /**
   * BENCH_CPU_PROFILE_DIR: every Node.js process of the stack's runs (the program, the dynamic provider) writes a
   * V8 CPU profile there when it exits (bench/cpu-profile-hook.mjs); the engine passes its environment on.
   */
  cpuProfileDir?: string;
}

/** One engine operation (preview or up), measured. */
export interface OperationFigures {
  seconds: number;
  calls: CallCounts;
  span: CallSpan;
  usage: Record<ProcessKind, ProcessUsage>;
  changes: Record<string, number>;
  /** Set when the operation was stopped at the scenario's limit: what it had done by then. */
  stopped?: StoppedProgress;
}

/** How far a stopped `up` got: phone resources in its last checkpoint, and the renewal orders placed. */
export interface StoppedProgress {
  afterSeconds: number;
  checkpointedPhones: number;
  orders: number;
}

export interface ScenarioFigures {
  scenario: Scenario;
  due: number;
  /** Due phones per renewal period, for the floor. */
  dueGroups: number[];
  /**
   * Absent without checkpoints: a preview writes no checkpoint, so it is measured once per fleet size and kind,
   * in the run with checkpoints.
   */
  preview?: OperationFigures;
  up: OperationFigures;
  /** A second `up` right after the first, of a batched or native fleet: it has nothing to do. */
  secondUp?: OperationFigures;
  orders: number;
  /** Whether exactly the due phones were renewed, once each. */
  renewedExactlyDue: boolean;
  state: StateSize;
}

export interface StateSize {
  deploymentBytes: number;
  resources: number;
  /**
   * Mean bytes of one phone's resource (KooPhoneSubscription, Echo for noop, koophone:index:Subscription for
   * native) in the exported deployment.
   */
  bytesPerResource: number;
  /**
   * Bytes of the serialized provider (`__provider`) per resource, and how often each resource holds it: 0 for the
   * native door, whose resources name their provider by reference only.
   */
  providerBytes: number;
  providerCopies: number;
}

/** Runs preview then up of a fresh stack against a fresh emulator, and measures both. */
export async function runScenario(scenario: Scenario, settings: RunSettings): Promise<ScenarioFigures> {
  const cloud = scenario.kind === "noop" ? undefined : await startTestCloud({ now: BENCH_NOW });
  let test: TestStack | undefined;
  let generatedProject: string | undefined;
  try {
    const ids = cloud ? await seedFleet(cloud.admin, scenario.phones) : [];
    const before = cloud ? await cloud.admin.state() : undefined;
    const due = before ? duePhones(before, ids) : [];
    if (cloud) await cloud.admin.addFault({ kind: "latency", count: -1, latencyMs: settings.latencyMs });
    if (scenario.kind === "native") generatedProject = writeNativeProject(ids);
    test = await createTestStack({
      project: generatedProject ?? (scenario.kind === "noop" ? ECHO_PROJECT : FLEET_PROJECT),
      config: { ...cloud?.stackConfig, ...programConfig(scenario) },
      envVars: {
        ...(scenario.kind === "baseline" ? { KOOPHONE_BATCHING: "off" } : {}),
        ...(scenario.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
        ...(settings.cpuProfileDir ? cpuProfileEnv(settings.cpuProfileDir) : {}),
      },
    });
    // Before any measured operation: installing unpacks the tarball, which a user does once, not per `up`.
    if (scenario.kind === "native") await installNativePlugin(test);
    const stack = test.stack;
    // The stopped run measures its up only: the preview of that fleet is measured in the run without checkpoints.
    const preview =
      (scenario.skipCheckpoints && !scenario.preview) || scenario.stopAfterSeconds !== undefined
        ? undefined
        : await measure(cloud, () => stack.preview({ parallel: settings.parallel }));
    const up =
      scenario.stopAfterSeconds === undefined
        ? await measure(cloud, () => stack.up({ parallel: settings.parallel }))
        : await measureStopped(cloud, test, scenario.stopAfterSeconds, settings);
    const after = cloud ? await cloud.admin.state() : undefined;
    const secondUp =
      (scenario.kind === "batched" || scenario.kind === "native") && up.stopped === undefined
        ? await measure(cloud, () => stack.up({ parallel: settings.parallel }))
        : undefined;
    const placed = after ? apiOrders(after) : { orders: 0, phones: [] };
    return {
      scenario,
      due: due.length,
      dueGroups: before ? renewalGroups(before, due) : [],
      preview,
      up,
      secondUp,
      orders: placed.orders,
      renewedExactlyDue: JSON.stringify(placed.phones) === JSON.stringify(due),
      state: up.stopped ? emptyState() : await stateSize(stack, phoneType(scenario.kind)),
    };
  } finally {
    await test?.remove();
    if (generatedProject !== undefined) fs.rmSync(generatedProject, { recursive: true, force: true });
    await cloud?.stop();
  }
}

/**
 * The fleet as a user selects it: every seeded phone's name starts with "phone-" and the emulator starts with no
 * phone, so the filter selects exactly the seeded fleet. A list of ids in the stack config would pass them all on
 * one command line (`pulumi config set-all`), which fails with E2BIG at 10,000 phones.
 */
export const BENCH_NAME_FILTER = "phone-";

/** Preloads the profiling hook into every Node.js process the engine starts for the stack. */
function cpuProfileEnv(dir: string): Record<string, string> {
  const hook = pathToFileURL(path.join(__dirname, "cpu-profile-hook.mjs")).href;
  return { NODE_OPTIONS: `--import ${hook}`, KOOPHONE_CPU_PROFILE_DIR: path.resolve(dir) };
}

/** The native program has its fleet written into it (see native-project.ts): it takes no program config. */
function programConfig(scenario: Scenario): StackConfig {
  if (scenario.kind === "native") return {};
  return scenario.kind === "noop"
    ? echoConfig(scenario.phones)
    : fleetConfig(BENCH_POLICY, { nameContains: BENCH_NAME_FILTER });
}

/** How the type of one phone's resource ends in the state, per kind. */
function phoneType(kind: ScenarioKind): string {
  if (kind === "noop") return ":Echo";
  return kind === "native" ? NATIVE_SUBSCRIPTION_TYPE : ":KooPhoneSubscription";
}

async function measure(
  cloud: TestCloud | undefined,
  operation: () => Promise<{ changeSummary?: unknown; summary?: { resourceChanges?: unknown } }>,
): Promise<OperationFigures> {
  await cloud?.admin.resetCounters();
  const sampler = await SamplerThread.start();
  const timeline = cloud ? new CallTimeline(cloud.admin) : undefined;
  const started = process.hrtime.bigint();
  const outcome = await operation().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = await sampler.stop();
  const span = (await timeline?.stop()) ?? {};
  if ("error" in outcome) throw outcome.error;
  const result = outcome.value;
  const calls = cloud ? await cloud.admin.counters() : {};
  const changes = (result.changeSummary ?? result.summary?.resourceChanges ?? {}) as Record<string, number>;
  return { seconds, calls, span, usage, changes };
}

/**
 * An `up` interrupted at `limit` seconds, as Ctrl-C interrupts it: the engine finishes the steps under way and
 * exits. How far it got is read at the limit, before the interruption: the phones in the stack's last checkpoint
 * (the file backend's state file, rewritten after every step) and the orders placed.
 */
async function measureStopped(
  cloud: TestCloud | undefined,
  test: TestStack,
  limit: number,
  settings: RunSettings,
): Promise<OperationFigures> {
  const abort = new AbortController();
  let stopped: StoppedProgress | undefined;
  const timer = setTimeout(() => {
    void (async () => {
      const orders = cloud ? apiOrders(await cloud.admin.state()).orders : 0;
      stopped = { afterSeconds: limit, checkpointedPhones: checkpointedPhones(test), orders };
      abort.abort();
    })();
  }, limit * 1000);
  try {
    const figures = await measure(cloud, () =>
      test.stack.up({ parallel: settings.parallel, signal: abort.signal }).catch((error: unknown) => {
        if (stopped === undefined) throw error;
        return {};
      }),
    );
    return { ...figures, stopped };
  } finally {
    clearTimeout(timer);
  }
}

/** Phone resources in the stack's checkpoint (the file backend keeps one JSON file per stack). */
function checkpointedPhones(test: TestStack): number {
  const stacks = test.dirs
    .map((dir) => path.join(dir, ".pulumi", "stacks"))
    .filter((dir) => fs.existsSync(dir));
  const files = stacks.flatMap((dir) =>
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith(".json"))
      .map((f) => path.join(dir, f)),
  );
  let phones = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    phones += text.match(/"type":\s*"[^"]*:KooPhoneSubscription"/g)?.length ?? 0;
  }
  return phones;
}

function emptyState(): StateSize {
  return { deploymentBytes: 0, resources: 0, bytesPerResource: 0, providerBytes: 0, providerCopies: 0 };
}

async function stateSize(stack: Stack, typeSuffix: string): Promise<StateSize> {
  const exported = await stack.exportStack();
  const resources = await exportedResources(stack);
  const phones = resources.filter((r) => r.type.endsWith(typeSuffix));
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  const sample = phones[0];
  const provider = String(sample?.inputs?.__provider ?? "");
  return {
    deploymentBytes: bytes(exported.deployment),
    resources: resources.length,
    bytesPerResource: phones.length > 0 ? phones.reduce((sum, r) => sum + bytes(r), 0) / phones.length : 0,
    providerBytes: Buffer.byteLength(provider),
    providerCopies: sample
      ? [sample.inputs?.__provider, sample.outputs?.__provider].filter(Boolean).length
      : 0,
  };
}
