// A `pulumi up` killed with SIGKILL mid-order, then the README's recovery, against the emulator: the scenario that
// interrupted-up.test.ts runs on a first up and on an existing stack, once with a damaged stack file
// (damaged-state.ts). Only the emulator's own records (its state dump) are taken as the truth.
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorAdmin, SeedOptions, StateDump } from "../../emulator";
import { FLEET_PROJECT, fleetConfig } from "../../harness/fleet-project";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, exportedResources, StateResource, TestStack } from "../../harness/project-stack";
import type { CommandResult } from "../../harness/run-command";

const NOW = "2026-11-26T04:00:00Z";
const STACK = "test";
const DAY = 24 * 3600 * 1000;
const RENEW_BEFORE_DAYS = 30;
const PERIOD = { unit: "month" as const, count: 1 };
export const PARALLEL = "64";
const COMPLETED = 5;
const PENDING_PAYMENT = 6;
/** Every call answers after this, as over a real network. */
const CALL_LATENCY_MS = 100;
/**
 * Every payment but the first waits this long: the first order is paid while the others are still under way, so
 * the kill lands after the first order and before the last.
 */
const SLOW_PAY_MS = 8_000;
/**
 * After the first order is paid, the kill waits until the state records one of its phones (a checkpoint), at most
 * this long: without checkpoints nothing is recorded, and the provider has finished that order's phones by then.
 */
const RECORD_WAIT_MS = 4_000;
/**
 * The kill lands once the engine has written nothing to the backend for this long (the other orders wait on their
 * slow payments): a kill inside a checkpoint write can leave the stack file's metadata empty, which every later
 * command then fails on (damaged-state.ts repairs that); this scenario is about what Billing Center and the
 * state say after a kill, with the backend's files whole.
 */
const QUIET_MS = 500;
/** How long the killed run's provider may keep running: it finishes its calls under way, then exits. */
const PROVIDER_EXIT_MS = 90_000;

/** The fleets, as groups of seeded phones (their expiries drawn within the days from NOW). */
type Fleet = Pick<SeedOptions, "count" | "expiryWithinDays">[];
/** A first up: 40 phones expiring within 1-36 days, most of them due. */
const FIRST_UP_FLEET: Fleet = [{ count: 40, expiryWithinDays: [1, 36] }];
/**
 * An existing stack: its first (clean) up renews only the 4 phones due then, to 15 January. The clock then moves
 * 29 days and 44 are due: those 4 again (their earlier renewal recorded) and 40 never renewed, none expired on the
 * way; 4 stay not due.
 */
const EXISTING_FLEET: Fleet = [
  { count: 4, expiryWithinDays: [2, 15] },
  { count: 40, expiryWithinDays: [31, 58] },
  { count: 4, expiryWithinDays: [62, 80] },
];
const CLOCK_MOVE_DAYS = 29;

/**
 * The killed run's provider process. Its language host (`pulumi-language-nodejs`) is the engine's own: it checks
 * its engine every 5 minutes and exits then; the test stops it.
 */
const isProvider = (o: Orphan) => o.command.includes("dynamic-provider");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pids of a process's descendants, from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    // The name (field 2) is in parentheses and may hold spaces: the parent pid is the second field after it.
    parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(isDescendant);
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process has exited meanwhile
  }
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // it exited meanwhile
  }
}

/** A process the killed CLI had started. */
interface Orphan {
  pid: number;
  command: string;
}

function commandLine(pid: number): string {
  return (readProc(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ").trim();
}

/** `pulumi <args>` in the stack's project folder, as `TestStack.pulumi` runs it, with the child process at hand. */
function startPulumi(test: TestStack, args: string[]): { child: ChildProcess; done: Promise<CommandResult> } {
  const child = spawn("pulumi", [...args, "--stack", STACK], {
    cwd: test.projectDir,
    env: test.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CommandResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  return { child, done };
}

type Order = StateDump["orders"][number];

/** The renewal orders placed through the API (the emulator keeps them in the order they were placed). */
function apiOrders(state: StateDump): Order[] {
  return state.orders.filter((o) => o.source === "api");
}

/** The phones of these orders. */
function phonesOf(orders: Order[]): Set<string> {
  return new Set(orders.flatMap((o) => o.lineItems.map((l) => l.resourceId)));
}

/**
 * What is killed: the CLI alone (its provider finishes its calls, as when a user's terminal is closed), or the CLI
 * with every process it started (a lost CI runner).
 */
export type KillTarget = "cli" | "process tree";

/** The stack's file in the test's file backend (`.pulumi/stacks/<project>/<stack>.json`). */
export function stackFile(test: TestStack): string {
  const backend = (test.env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, "");
  const project = /^name:\s*(\S+)/m.exec(
    fs.readFileSync(path.join(test.projectDir, "Pulumi.yaml"), "utf8"),
  )?.[1];
  return path.join(backend, ".pulumi", "stacks", project ?? "", `${STACK}.json`);
}

/** Whether the stack file already records a renewal by one of these orders (a phone with its line's expiry). */
function recordsRenewalOf(test: TestStack, orders: Order[]): boolean {
  let checkpoint: { checkpoint?: { latest?: { resources?: StateResource[] } } };
  try {
    checkpoint = JSON.parse(fs.readFileSync(stackFile(test), "utf8")) as typeof checkpoint;
  } catch {
    return false; // not written yet
  }
  const recorded = new Map(
    (checkpoint.checkpoint?.latest?.resources ?? []).map((r) => [
      r.id,
      r.outputs?.expireTime as string | undefined,
    ]),
  );
  return orders.some((o) => o.lineItems.some((l) => sameInstant(recorded.get(l.resourceId), l.expireTime)));
}

/** When the engine last wrote to the stack's folder of the backend (its file, `.bak`, metadata, temporary files). */
function lastWriteAt(test: TestStack): number {
  const folder = path.dirname(stackFile(test));
  const files = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  return Math.max(0, ...files.map((f) => statIfPresent(path.join(folder, f))?.mtimeMs ?? 0));
}

function statIfPresent(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined; // a temporary file renamed meanwhile
  }
}

/**
 * Waits for the first renewal order of this run (one not in `earlierOrders`) to be paid, then for the state to
 * record it with no write under way (at most `RECORD_WAIT_MS`), and kills with SIGKILL; returns the processes the
 * CLI had started and the due phones not yet paid for.
 */
async function killMidOrders(
  admin: EmulatorAdmin,
  test: TestStack,
  cli: ChildProcess,
  target: KillTarget,
  due: string[],
  earlierOrders: Set<string>,
  running: Promise<CommandResult>,
): Promise<{ orphans: Orphan[]; unpaidAtKill: string[]; ordersAtKill: number }> {
  const paidRunOrders = (state: StateDump) =>
    apiOrders(state).filter((o) => o.status === COMPLETED && !earlierOrders.has(o.orderId));
  let finished = false;
  void running.finally(() => (finished = true));
  let paid: Order[] = [];
  while (!finished && (paid = paidRunOrders(await admin.state())).length === 0) await sleep(50);
  if (finished) throw new Error(`the up ended before any order was paid:\n${(await running).stdout}`);
  const deadline = Date.now() + RECORD_WAIT_MS;
  const recorded = () => recordsRenewalOf(test, paid) && Date.now() - lastWriteAt(test) >= QUIET_MS;
  while (Date.now() < deadline && !recorded()) await sleep(50);
  const orphans = descendants(cli.pid as number).map((pid) => ({ pid, command: commandLine(pid) }));
  cli.kill("SIGKILL");
  if (target === "process tree") for (const { pid } of orphans) killIfAlive(pid);
  const state = await admin.state();
  const paidAtKill = phonesOf(paidRunOrders(state));
  return {
    orphans,
    unpaidAtKill: due.filter((id) => !paidAtKill.has(id)),
    ordersAtKill: apiOrders(state).filter((o) => !earlierOrders.has(o.orderId)).length,
  };
}

/** The processes still running after `timeoutMs`, each as "pid command". */
async function waitForExit(orphans: Orphan[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (orphans.some((o) => alive(o.pid)) && Date.now() < deadline) await sleep(250);
  return orphans.filter((o) => alive(o.pid)).map((o) => `${o.pid} ${o.command}`);
}

/** What a phone's record says. */
interface PhoneRecord {
  expireTime?: string;
  lastOrderId?: string;
  lastRenewalTo?: string;
  lastRenewalPeriod?: string;
}

async function recordsOf(test: TestStack): Promise<Map<string, PhoneRecord>> {
  const records = new Map<string, PhoneRecord>();
  const resources = await exportedResources(test.stack);
  for (const r of resources.filter((r) => r.type.endsWith(":KooPhoneSubscription"))) {
    const outputs = r.outputs ?? {};
    const lastRenewal = outputs.lastRenewal as
      { orderId?: string; to?: string; period?: { unit: string; count: number } } | undefined;
    records.set(String(outputs.phoneId ?? r.id), {
      expireTime: outputs.expireTime as string | undefined,
      lastOrderId: lastRenewal?.orderId,
      lastRenewalTo: lastRenewal?.to,
      lastRenewalPeriod: lastRenewal?.period && `${lastRenewal.period.count} ${lastRenewal.period.unit}`,
    });
  }
  return records;
}

const sameInstant = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);

/** The phones whose record differs between two states (added, or another expiry). */
function changedRecords(before: Map<string, PhoneRecord>, after: Map<string, PhoneRecord>): string[] {
  return [...after]
    .filter(([id, r]) => !sameInstant(before.get(id)?.expireTime, r.expireTime))
    .map(([id]) => id);
}

/** What a record is checked for: that the phone is in the state at all, then each field. */
const RECORD_FIELDS = [
  "state",
  "expireTime",
  "lastRenewal.orderId",
  "lastRenewal.to",
  "lastRenewal.period",
] as const;

/** A difference between a phone's record and the cloud: "phone field: expected X, got Y". */
export interface RecordMismatch {
  field: (typeof RECORD_FIELDS)[number];
  text: string;
}

/**
 * Every difference between the records and the cloud: each phone's expiry, and the paid order that renewed it
 * last (the latest placed, which also covers an order placed by one run and paid by the next), its line's end
 * and period; a phone no order renewed has no `lastRenewal`.
 */
function recordMismatches(
  records: Map<string, PhoneRecord>,
  cloud: StateDump,
  ids: string[],
): RecordMismatch[] {
  const expiry = new Map(cloud.subscriptions.map((s) => [s.resourceId, s.expireTime]));
  const renewedLastBy = new Map<string, { orderId: string; to: string; period: string }>();
  for (const order of apiOrders(cloud).filter((o) => o.status === COMPLETED)) {
    for (const line of order.lineItems) {
      const period = `${line.periodCount} ${line.periodUnit}`;
      renewedLastBy.set(line.resourceId, { orderId: order.orderId, to: line.expireTime, period });
    }
  }
  const wrong: RecordMismatch[] = [];
  const check = (id: string, field: RecordMismatch["field"], expected?: string, got?: string) => {
    const same = expected === undefined ? got === undefined : sameInstant(expected, got) || expected === got;
    if (!same)
      wrong.push({ field, text: `${id} ${field}: expected ${expected ?? "none"}, got ${got ?? "none"}` });
  };
  for (const id of ids) {
    const record = records.get(id);
    if (record === undefined) {
      wrong.push({ field: "state", text: `${id}: not in the state` });
      continue;
    }
    const order = renewedLastBy.get(id);
    check(id, "expireTime", expiry.get(id), record.expireTime);
    check(id, "lastRenewal.orderId", order?.orderId, record.lastOrderId);
    check(id, "lastRenewal.to", order?.to, record.lastRenewalTo);
    check(id, "lastRenewal.period", order?.period, record.lastRenewalPeriod);
  }
  return wrong;
}

/** The README's steps after an interrupted `up` ("If `pulumi up` was interrupted"), in order, through the CLI. */
export const RECOVERY = [
  ["cancel", "--yes"],
  ["refresh", "--yes", "--clear-pending-creates", "--parallel", PARALLEL],
  ["up", "--yes", "--parallel", PARALLEL],
  ["preview", "--expect-no-changes", "--parallel", PARALLEL],
];

export interface Step {
  step: string;
  result: CommandResult;
}

async function recover(test: TestStack): Promise<Step[]> {
  const steps: Step[] = [];
  for (const args of RECOVERY)
    steps.push({ step: `pulumi ${args.join(" ")}`, result: await test.pulumi(args) });
  return steps;
}

export interface Scenario {
  /** false: the killed up is the stack's first (creates); true: a clean up first, then the clock moves (updates). */
  existingStack: boolean;
  skipCheckpoints: boolean;
  kill: KillTarget;
  /** Runs after the killed run's processes are gone, before the README's recovery (a damaged stack file, its repair). */
  beforeRecovery?: (test: TestStack) => Promise<void>;
}

export interface Outcome {
  due: string[];
  /** Due phones the state held before the killed up, and those of them with a renewal recorded. */
  dueInState: number;
  dueWithEarlierRenewal: number;
  ordersAtKill: number;
  unpaidAtKill: string[];
  killedUp: CommandResult;
  /** Phones whose record the killed run added or changed. */
  recordedAtKill: number;
  /** The killed run's provider processes, and those still running 90 s after the kill. */
  providers: number;
  providersLeft: string[];
  /** The README's recovery. */
  steps: Step[];
  /** Counted over the orders placed by the killed up and the recovery. */
  renewedTwice: string[];
  dueNotRenewedOnce: string[];
  notDueRenewed: string[];
  unpaidOrders: string[];
  mismatches: RecordMismatch[];
}

/** Runs the scenario on a cloud and stack of its own, both removed at the end. */
export async function interruptedUp(scenario: Scenario): Promise<Outcome> {
  let cloud: TestCloud | undefined;
  let test: TestStack | undefined;
  let orphans: Orphan[] = [];
  try {
    cloud = await startTestCloud({ now: NOW });
    await cloud.admin.setBalance(100_000);
    const ids: string[] = [];
    for (const [i, group] of (scenario.existingStack ? EXISTING_FLEET : FIRST_UP_FLEET).entries()) {
      const seeded = await cloud.admin.seed({ ...group, rngSeed: 7 + i });
      ids.push(...seeded.phones.map((p) => p.resourceId));
    }
    ids.sort();
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: {
        ...cloud.stackConfig,
        ...fleetConfig(
          { renewalDay: 15 },
          { phoneIds: ids, renewBefore: `P${RENEW_BEFORE_DAYS}D`, period: PERIOD },
        ),
      },
      envVars: scenario.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
    });
    if (scenario.existingStack) {
      const first = await test.pulumi(["up", "--yes", "--parallel", PARALLEL]);
      if (first.code !== 0) throw new Error(`the stack's first up failed:\n${first.stdout}${first.stderr}`);
      await cloud.admin.advanceClock({ days: CLOCK_MOVE_DAYS });
    }
    const before = await cloud.admin.state();
    const earlierOrders = new Set(before.orders.map((o) => o.orderId));
    const recordsBefore = await recordsOf(test);
    const due = before.subscriptions
      .filter((s) => ids.includes(s.resourceId))
      .filter((s) => Date.parse(s.expireTime) - Date.parse(before.now) < RENEW_BEFORE_DAYS * DAY)
      .map((s) => s.resourceId)
      .sort();
    // Faults are taken first match first: the first payment is quick, every later one slow, any other call 100 ms.
    await cloud.admin.addFault({ kind: "latency", api: "pay", count: 1, latencyMs: 0 });
    await cloud.admin.addFault({ kind: "latency", api: "pay", count: -1, latencyMs: SLOW_PAY_MS });
    await cloud.admin.addFault({ kind: "latency", count: -1, latencyMs: CALL_LATENCY_MS });

    const up = startPulumi(test, ["up", "--yes", "--skip-preview", "--parallel", PARALLEL]);
    const kill = await killMidOrders(cloud.admin, test, up.child, scenario.kill, due, earlierOrders, up.done);
    orphans = kill.orphans;
    const killedUp = await up.done;
    const recordedAtKill = changedRecords(recordsBefore, await recordsOf(test)).length;
    const providers = orphans.filter(isProvider);
    const providersLeft = await waitForExit(providers, PROVIDER_EXIT_MS);
    await cloud.admin.clearFaults();

    await scenario.beforeRecovery?.(test);
    const steps = await recover(test);
    const after = await cloud.admin.state();
    const paidSince = apiOrders(after).filter((o) => o.status === COMPLETED && !earlierOrders.has(o.orderId));
    const lines = new Map<string, number>();
    for (const line of paidSince.flatMap((o) => o.lineItems))
      lines.set(line.resourceId, (lines.get(line.resourceId) ?? 0) + 1);
    return {
      due,
      dueInState: due.filter((id) => recordsBefore.has(id)).length,
      dueWithEarlierRenewal: due.filter((id) => recordsBefore.get(id)?.lastOrderId !== undefined).length,
      ordersAtKill: kill.ordersAtKill,
      unpaidAtKill: kill.unpaidAtKill,
      killedUp,
      recordedAtKill,
      providers: providers.length,
      providersLeft,
      steps,
      renewedTwice: ids.filter((id) => (lines.get(id) ?? 0) > 1),
      dueNotRenewedOnce: due.filter((id) => lines.get(id) !== 1),
      notDueRenewed: ids.filter((id) => !due.includes(id) && lines.has(id)),
      unpaidOrders: after.orders.filter((o) => o.status === PENDING_PAYMENT).map((o) => o.orderId),
      mismatches: recordMismatches(await recordsOf(test), after, ids),
    };
  } finally {
    // The killed run's processes are this test's: any still running after the wait is stopped here.
    for (const { pid } of orphans) killIfAlive(pid);
    await test?.remove();
    await cloud?.stop();
  }
}

/** The steps with their exit status and output, for an assertion's message. */
export function describeSteps(steps: Step[]): string {
  return steps
    .map(({ step, result }) => `$ ${step} -> exit ${result.code}\n${result.stdout}${result.stderr}`)
    .join("\n");
}

/** How many mismatches of each field, e.g. "state 0, expireTime 0, lastRenewal.orderId 38, ...". */
export function mismatchCounts(mismatches: RecordMismatch[]): string {
  return RECORD_FIELDS.map((f) => `${f} ${mismatches.filter((m) => m.field === f).length}`).join(", ");
}

/** The mismatches' count by field and the first dozen, for an assertion's message. */
export function listed(mismatches: RecordMismatch[]): string {
  const first = mismatches.slice(0, 12).map((m) => `  ${m.text}`);
  return [`${mismatches.length} mismatches (${mismatchCounts(mismatches)}):`, ...first].join("\n");
}
