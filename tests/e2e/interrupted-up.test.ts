import { expect } from "chai";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import type { EmulatorAdmin, StateDump } from "../../emulator";
import { FLEET_PROJECT, fleetConfig } from "../../harness/fleet-project";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, exportedResources, TestStack } from "../../harness/project-stack";
import type { CommandResult } from "../../harness/run-command";

const NOW = "2026-11-26T04:00:00Z";
const DAY = 24 * 3600 * 1000;
const PHONES = 40;
const RENEW_BEFORE_DAYS = 30;
const PERIOD = { unit: "month" as const, count: 1 };
const PARALLEL = "64";
const COMPLETED = 5;
const PENDING_PAYMENT = 6;
/** Every call answers after this, as over a real network. */
const CALL_LATENCY_MS = 100;
/**
 * Every payment but the first waits this long: the first order is paid while the others are still under way, so
 * the kill lands after the first order and before the last.
 */
const SLOW_PAY_MS = 8_000;
/** After the first order is paid, the kill waits this long: the phones of that order get recorded first. */
const KILL_AFTER_FIRST_PAID_MS = 1_500;
/** How long the killed run's provider may keep running: it finishes its calls under way, then exits. */
const PROVIDER_EXIT_MS = 90_000;
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
  const child = spawn("pulumi", [...args, "--stack", "test"], {
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

/** The renewal orders placed through the API, with the phones of each. */
function apiOrders(state: StateDump) {
  return state.orders.filter((o) => o.source === "api");
}

/** Phones covered by a paid (completed) API order. */
function paidPhones(state: StateDump): Set<string> {
  return new Set(
    apiOrders(state)
      .filter((o) => o.status === COMPLETED)
      .flatMap((o) => o.lineItems.map((l) => l.resourceId)),
  );
}

/**
 * Waits for the first renewal order to be paid, then `KILL_AFTER_FIRST_PAID_MS` more, and kills the CLI with
 * SIGKILL; returns the processes the CLI had started (they are orphaned) and the due phones not yet paid for.
 */
async function killMidOrders(
  admin: EmulatorAdmin,
  cli: ChildProcess,
  due: string[],
  running: Promise<CommandResult>,
): Promise<{ orphans: Orphan[]; unpaidAtKill: string[]; ordersAtKill: number }> {
  let finished = false;
  void running.finally(() => (finished = true));
  while (!finished && paidPhones(await admin.state()).size === 0) await sleep(50);
  if (finished) throw new Error(`the up ended before any order was paid:\n${(await running).stdout}`);
  await sleep(KILL_AFTER_FIRST_PAID_MS);
  const orphans = descendants(cli.pid as number).map((pid) => ({ pid, command: commandLine(pid) }));
  cli.kill("SIGKILL");
  const state = await admin.state();
  const paid = paidPhones(state);
  return {
    orphans,
    unpaidAtKill: due.filter((id) => !paid.has(id)),
    ordersAtKill: apiOrders(state).length,
  };
}

/** The processes still running after `timeoutMs`, each as "pid command". */
async function waitForExit(orphans: Orphan[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (orphans.some((o) => alive(o.pid)) && Date.now() < deadline) await sleep(250);
  return orphans.filter((o) => alive(o.pid)).map((o) => `${o.pid} ${o.command}`);
}

/** What a phone's record says, and what Billing Center says. */
interface PhoneRecord {
  expireTime?: string;
  lastOrderId?: string;
  lastRenewalTo?: string;
}

function recordsOf(resources: Awaited<ReturnType<typeof exportedResources>>): Map<string, PhoneRecord> {
  const records = new Map<string, PhoneRecord>();
  for (const r of resources.filter((r) => r.type.endsWith(":KooPhoneSubscription"))) {
    const outputs = r.outputs ?? {};
    const lastRenewal = outputs.lastRenewal as { orderId?: string; to?: string } | undefined;
    records.set(String(outputs.phoneId ?? r.id), {
      expireTime: outputs.expireTime as string | undefined,
      lastOrderId: lastRenewal?.orderId,
      lastRenewalTo: lastRenewal?.to,
    });
  }
  return records;
}

const sameInstant = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);

/** Every difference between the records and the cloud, as "phone field: expected X, got Y". */
function recordMismatches(records: Map<string, PhoneRecord>, cloud: StateDump, ids: string[]): string[] {
  const expiry = new Map(cloud.subscriptions.map((s) => [s.resourceId, s.expireTime]));
  const renewedBy = new Map<string, { orderId: string; to: string }>();
  for (const order of apiOrders(cloud).filter((o) => o.status === COMPLETED)) {
    for (const line of order.lineItems)
      renewedBy.set(line.resourceId, { orderId: order.orderId, to: line.expireTime });
  }
  const wrong: string[] = [];
  const check = (id: string, field: string, expected: string | undefined, got: string | undefined) => {
    const same = expected === undefined ? got === undefined : sameInstant(expected, got) || expected === got;
    if (!same) wrong.push(`${id} ${field}: expected ${expected ?? "none"}, got ${got ?? "none"}`);
  };
  for (const id of ids) {
    const record = records.get(id);
    if (record === undefined) {
      wrong.push(`${id}: not in the state`);
      continue;
    }
    const order = renewedBy.get(id);
    check(id, "expireTime", expiry.get(id), record.expireTime);
    check(id, "lastOrderId", order?.orderId, record.lastOrderId);
    check(id, "lastRenewal.to", order?.to, record.lastRenewalTo);
  }
  return wrong;
}

/** The README's steps after an interrupted `up` ("If `pulumi up` was interrupted"), in order, through the CLI. */
const RECOVERY = [
  ["cancel", "--yes"],
  ["refresh", "--yes", "--clear-pending-creates", "--parallel", PARALLEL],
  ["up", "--yes", "--parallel", PARALLEL],
  ["preview", "--expect-no-changes", "--parallel", PARALLEL],
];

async function recover(test: TestStack): Promise<{ step: string; result: CommandResult }[]> {
  const steps: { step: string; result: CommandResult }[] = [];
  for (const args of RECOVERY)
    steps.push({ step: `pulumi ${args.join(" ")}`, result: await test.pulumi(args) });
  return steps;
}

interface Outcome {
  due: string[];
  ordersAtKill: number;
  unpaidAtKill: string[];
  killedUp: CommandResult;
  recordedAtKill: number;
  /** The killed run's provider processes, and those still running 90 s after the kill. */
  providers: number;
  providersLeft: string[];
  steps: { step: string; result: CommandResult }[];
  renewedTwice: string[];
  dueNotRenewedOnce: string[];
  notDueRenewed: string[];
  unpaidOrders: string[];
  mismatches: string[];
}

async function interruptedUp(skipCheckpoints: boolean): Promise<Outcome> {
  let cloud: TestCloud | undefined;
  let test: TestStack | undefined;
  let orphans: Orphan[] = [];
  try {
    cloud = await startTestCloud({ now: NOW });
    const seeded = await cloud.admin.seed({
      count: PHONES,
      expiryWithinDays: [1, 36],
      rngSeed: 7,
      balance: 100_000,
    });
    const ids = seeded.phones.map((p) => p.resourceId).sort();
    const before = await cloud.admin.state();
    const due = before.subscriptions
      .filter((s) => ids.includes(s.resourceId))
      .filter((s) => Date.parse(s.expireTime) - Date.parse(before.now) < RENEW_BEFORE_DAYS * DAY)
      .map((s) => s.resourceId)
      .sort();
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: {
        ...cloud.stackConfig,
        ...fleetConfig(
          { renewalDay: 15 },
          { phoneIds: ids, renewBefore: `P${RENEW_BEFORE_DAYS}D`, period: PERIOD },
        ),
      },
      envVars: skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
    });
    // Faults are taken first match first: the first payment is quick, every later one slow, any other call 100 ms.
    await cloud.admin.addFault({ kind: "latency", api: "pay", count: 1, latencyMs: 0 });
    await cloud.admin.addFault({ kind: "latency", api: "pay", count: -1, latencyMs: SLOW_PAY_MS });
    await cloud.admin.addFault({ kind: "latency", count: -1, latencyMs: CALL_LATENCY_MS });

    const up = startPulumi(test, ["up", "--yes", "--skip-preview", "--parallel", PARALLEL]);
    const kill = await killMidOrders(cloud.admin, up.child, due, up.done);
    orphans = kill.orphans;
    const killedUp = await up.done;
    const recordedAtKill = recordsOf(await exportedResources(test.stack)).size;
    const providers = orphans.filter(isProvider);
    const providersLeft = await waitForExit(providers, PROVIDER_EXIT_MS);
    await cloud.admin.clearFaults();

    const steps = await recover(test);
    const after = await cloud.admin.state();
    const lines = new Map<string, number>();
    for (const order of apiOrders(after).filter((o) => o.status === COMPLETED)) {
      for (const line of order.lineItems) lines.set(line.resourceId, (lines.get(line.resourceId) ?? 0) + 1);
    }
    return {
      due,
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
      mismatches: recordMismatches(recordsOf(await exportedResources(test.stack)), after, ids),
    };
  } finally {
    // The killed run's processes are this test's: any still running after the wait is stopped here.
    for (const { pid } of orphans.filter((o) => alive(o.pid))) process.kill(pid, "SIGKILL");
    await test?.remove();
    await cloud?.stop();
  }
}

function describeSteps(steps: Outcome["steps"]): string {
  return steps
    .map(({ step, result }) => `$ ${step} -> exit ${result.code}\n${result.stdout}${result.stderr}`)
    .join("\n");
}

for (const skipCheckpoints of [false, true]) {
  const mode = skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : "with checkpoints";
  describe(`e2e: pulumi up killed with SIGKILL mid-order (${mode}), then the README's recovery`, function () {
    this.timeout(600_000);
    let outcome: Outcome;

    before(async () => {
      outcome = await interruptedUp(skipCheckpoints);
      const o = outcome;
      console.log(
        `      ${o.due.length} due; at the kill: ${o.ordersAtKill} orders, ${o.unpaidAtKill.length} due phones ` +
          `unpaid, ${o.recordedAtKill} phones in the state; killed up exited ${o.killedUp.code}; ` +
          `steps: ${o.steps.map((s) => `${s.step} (${s.result.code})`).join(", ")}`,
      );
    });

    it("the kill landed after the first order was paid and before the last", () => {
      expect(outcome.killedUp.code, "the CLI was killed").to.not.equal(0);
      expect(outcome.unpaidAtKill, "due phones not yet paid for at the kill").to.not.deep.equal([]);
      expect(outcome.unpaidAtKill.length).to.be.lessThan(outcome.due.length);
      if (skipCheckpoints) expect(outcome.recordedAtKill, "phones recorded by the killed run").to.equal(0);
      else expect(outcome.recordedAtKill, "phones recorded by the killed run").to.be.greaterThan(0);
    });

    it("the killed run's provider finishes its calls and exits by itself", () => {
      expect(outcome.providers, "provider processes of the killed run").to.be.greaterThan(0);
      expect(outcome.providersLeft, "providers still running 90 s after the kill").to.deep.equal([]);
    });

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

    it("every phone's expireTime, lastOrderId and lastRenewal match Billing Center's expiry and order", () => {
      expect(outcome.mismatches).to.deep.equal([]);
    });
  });
}
