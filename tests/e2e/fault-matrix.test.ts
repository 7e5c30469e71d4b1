import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import {
  DEFAULT_CREDENTIALS,
  EmulatorAdmin,
  RunningEmulator,
  startEmulator,
  StateDump,
} from "../../emulator";
import { KooPhoneClient } from "../../provider/client";
import { formatApiTime, parseApiTime } from "../../provider/planner/billing-time";
import { addPeriod } from "../../provider/planner/period";
import { FLEET_PROJECT, fleetConfig } from "../../harness/fleet-project";
import { createTestStack, TestStack } from "../../harness/project-stack";
import { previewSteps } from "../support/preview-plan";
import { CapturedText, scanForSecrets, SecretHit } from "../support/secret-scan";

const PARALLEL = 64;
const NOW = "2026-11-26T04:00:00Z";
const DAY = 24 * 3600 * 1000;
const PHONES = 12;
const RENEW_BEFORE_DAYS = 30;
const PERIOD = { unit: "month" as const, count: 1 };
const COMPLETED = 5;
/**
 * Faults run one at a time, each against its own cloud: two side by side interfered with later stacks on a busy
 * machine.
 */
const CONCURRENT_FAULTS = 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The emulator of one fault, on a data dir of its own so that it can be stopped and started again. */
class FaultCloud {
  private constructor(
    private emulator: RunningEmulator,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<FaultCloud> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-fault-"));
    return new FaultCloud(await startEmulator({ port: 0, dataDir, now: NOW }), dataDir);
  }

  get url(): string {
    return this.emulator.url;
  }

  get admin(): EmulatorAdmin {
    return this.emulator.admin;
  }

  config(extra: Record<string, string> = {}): Record<string, { value: string; secret?: boolean }> {
    return {
      // A secret too: the engine copies plain config values into the state (see secrets.test.ts).
      "koophone:accessKey": { value: DEFAULT_CREDENTIALS.accessKey, secret: true },
      "koophone:secretKey": { value: DEFAULT_CREDENTIALS.secretKey, secret: true },
      "koophone:endpoint": { value: this.url },
      "koophone:koophoneEndpoint": { value: this.url },
      ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, { value }])),
    };
  }

  /** Stops the emulator and, `downMs` later, starts it again on the same port and data dir. */
  async restart(downMs: number): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.emulator.stop();
    await sleep(downMs);
    this.emulator = await startEmulator({ port, dataDir: this.dataDir });
  }

  async stop(): Promise<void> {
    await this.emulator.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The fleet's phones, the due ones first. */
interface Phones {
  all: string[];
  due: string[];
}

/** One fault: what is done around the first `up`, and what that `up` must end with. */
interface FaultCase {
  name: string;
  /** "either" when timing decides (where the restart falls). */
  firstUp: "succeeded" | "failed" | "either";
  /** What the first run's errors must say when it failed. */
  cause: RegExp;
  /** Extra `koophone:` config. */
  config?: Record<string, string>;
  /** Two stacks over overlapping phones, running `up` at once, instead of one. */
  twoStacks?: boolean;
  /** Before the first up. */
  arrange?(cloud: FaultCloud, phones: Phones): Promise<void>;
  /** While the first up runs. */
  meanwhile?(cloud: FaultCloud, firstUp: Promise<unknown>): Promise<void>;
  /** After the first up and clearFaults, before the second. */
  settle?(): Promise<void>;
}

/** A renewal order left unpaid, as an earlier run stopped between renew and pay leaves it. */
async function leavePendingOrder(url: string, phoneIds: string[]): Promise<void> {
  const client = new KooPhoneClient({
    endpoint: url,
    koophoneEndpoint: url,
    credentials: DEFAULT_CREDENTIALS,
  });
  await client.renew({ resource_ids: phoneIds, period_type: 2, period_num: 1, is_auto_pay: 0 });
}

/** True once the cloud has seen a call to `api`; false if `running` ends first. */
async function sawCall(admin: EmulatorAdmin, api: string, running: Promise<unknown>): Promise<boolean> {
  let finished = false;
  void running.finally(() => (finished = true));
  while (!finished) {
    if (((await admin.counters())[api] ?? 0) > 0) return true;
    await sleep(20);
  }
  return false;
}

const LATENCY_MS = 4_000;

const CASES: FaultCase[] = [
  {
    name: "5xx on renew, before the order is committed",
    firstUp: "succeeded",
    cause: /CBC\.0999/,
    arrange: async (cloud) => void (await cloud.admin.addFault({ kind: "5xx", api: "renew" })),
  },
  {
    name: "renew committed, response dropped",
    firstUp: "succeeded",
    cause: /unknown/,
    arrange: async (cloud) => void (await cloud.admin.addFault({ kind: "commit-then-drop", api: "renew" })),
  },
  {
    name: "connection reset on renew",
    firstUp: "succeeded",
    cause: /ECONNRESET/,
    arrange: async (cloud) => void (await cloud.admin.addFault({ kind: "reset", api: "renew" })),
  },
  {
    // More 429s than one call's retries absorb: the phones whose reads run out fail, named; the rest renew.
    name: "429 storm, every API, 12 calls",
    firstUp: "either",
    cause: /too many calls.*APIGW\.0308/,
    arrange: async (cloud) => void (await cloud.admin.addFault({ kind: "429", count: 12 })),
  },
  {
    name: `renew slower (${LATENCY_MS / 1000} s) than koophone:timeoutMs (1.5 s)`,
    firstUp: "failed",
    cause: /outcome of the renewal of .* is unknown/,
    config: { "koophone:timeoutMs": "1500" },
    arrange: async (cloud) =>
      void (await cloud.admin.addFault({ kind: "latency", api: "renew", latencyMs: LATENCY_MS })),
    // The slow request lands after the first run gave up on it; the second run must find it.
    settle: async () => void (await sleep(LATENCY_MS)),
  },
  {
    name: "insufficient balance",
    firstUp: "failed",
    cause: /insufficient balance.*CBC\.99005003.*cancelled/,
    arrange: async (cloud) => void (await cloud.admin.addFault({ kind: "insufficient-balance", count: -1 })),
  },
  {
    name: "a frozen phone inside a batch",
    firstUp: "failed",
    cause: /frozen/,
    arrange: async (cloud, phones) =>
      void (await cloud.admin.addFault({ kind: "frozen-phone", resourceId: phones.due[1] })),
  },
  {
    name: "a pending-payment order from an earlier run",
    firstUp: "succeeded",
    cause: /pending payment/,
    arrange: async (cloud, phones) => leavePendingOrder(cloud.url, phones.due.slice(0, 2)),
  },
  {
    name: "the emulator restarted mid-run",
    firstUp: "either",
    cause: /ECONNREFUSED|ECONNRESET|unknown/,
    meanwhile: async (cloud, firstUp) => {
      if (await sawCall(cloud.admin, "rate", firstUp)) await cloud.restart(1_500);
    },
  },
  {
    name: "two stacks at once, overlapping phones",
    firstUp: "succeeded",
    cause: /./,
    twoStacks: true,
  },
];

/** A resource's error diagnostic: the provider's message. */
interface ResourceError {
  urn: string;
  message: string;
}

/** One `pulumi up`: its result, the resources' error diagnostics and everything it printed. */
interface Run {
  result: "succeeded" | "failed";
  errors: ResourceError[];
  texts: CapturedText[];
}

/** What one fault did, measured; the assertions read it. */
interface Observation {
  /** Phones due at the start (most of the fleet). */
  due: number;
  firstUp: Run["result"];
  secondUp: Run["result"][];
  firstErrors: string;
  secondErrors: string;
  /**
   * Phones whose operation failed in the first run, and those of them that their own error names. (Phones the
   * engine did not start after the first failure fail nothing: they are renewed by the second run.)
   */
  failed: string[];
  named: string[];
  completedOrders: number;
  renewedTwice: string[];
  /** Due phones not renewed exactly once from their original expiry; phones not due that changed. */
  wrongExpiry: string[];
  touchedNotDue: string[];
  /** `refresh` results and the change summary of the `preview` after it, per stack. */
  refresh: string[];
  previewChanges: Record<string, number>[];
  secretHits: SecretHit[];
  seconds: number;
}

async function upCapturing(stack: Stack, label: string): Promise<Run> {
  const errors: ResourceError[] = [];
  let output = "";
  const onEvent = (event: EngineEvent) => {
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error" && diag.urn) errors.push({ urn: diag.urn, message: diag.message });
  };
  try {
    const up = await stack.up({ parallel: PARALLEL, onEvent, onOutput: (o) => (output += o) });
    return {
      result: up.summary.result === "succeeded" ? "succeeded" : "failed",
      errors,
      texts: [{ source: `${label} output`, text: output + up.stderr }],
    };
  } catch (error) {
    return {
      result: "failed",
      errors,
      texts: [
        { source: `${label} output`, text: output },
        { source: `${label} error`, text: String(error) },
      ],
    };
  }
}

function expiries(state: StateDump): Map<string, string> {
  return new Map(state.subscriptions.map((s) => [s.resourceId, s.expireTime]));
}

/** Line items per phone over the completed orders. */
function renewalsPerPhone(state: StateDump): Map<string, number> {
  const count = new Map<string, number>();
  for (const order of state.orders.filter((o) => o.status === COMPLETED)) {
    for (const item of order.lineItems) count.set(item.resourceId, (count.get(item.resourceId) ?? 0) + 1);
  }
  return count;
}

function oneRenewalFrom(expiry: string): string {
  return formatApiTime(addPeriod(parseApiTime(expiry).setZone("UTC+8"), PERIOD));
}

/** One fleet, or two that overlap by a third of the phones. */
function fleets(fault: FaultCase, ids: string[]): string[][] {
  if (!fault.twoStacks) return [ids];
  const third = Math.floor(ids.length / 3);
  return [ids.slice(0, 2 * third), ids.slice(third)];
}

async function observe(fault: FaultCase, rngSeed: number): Promise<Observation> {
  const started = Date.now();
  const cloud = await FaultCloud.start();
  const stacks: TestStack[] = [];
  try {
    const seeded = await cloud.admin.seed({
      count: PHONES,
      expiryWithinDays: [1, 36],
      rngSeed,
      balance: 100_000,
    });
    const before = await cloud.admin.state();
    const original = expiries(before);
    const isDue = (id: string) =>
      Date.parse(original.get(id) as string) - Date.parse(before.now) < RENEW_BEFORE_DAYS * DAY;
    const ids = seeded.phones.map((p) => p.resourceId).sort();
    const due = ids.filter(isDue);
    const phones = { all: [...due, ...ids.filter((id) => !isDue(id))], due };

    for (const fleet of fleets(fault, phones.all)) {
      stacks.push(
        await createTestStack({
          project: FLEET_PROJECT,
          config: {
            ...cloud.config(fault.config),
            ...fleetConfig(undefined, {
              phoneIds: fleet,
              renewBefore: `P${RENEW_BEFORE_DAYS}D`,
              period: PERIOD,
            }),
          },
        }),
      );
    }
    await fault.arrange?.(cloud, phones);

    const firstUp = Promise.all(stacks.map((s, i) => upCapturing(s.stack, `first up ${i}`)));
    await fault.meanwhile?.(cloud, firstUp);
    const first = await firstUp;
    await cloud.admin.clearFaults();
    await fault.settle?.();
    const second: Run[] = [];
    for (const [i, s] of stacks.entries()) second.push(await upCapturing(s.stack, `second up ${i}`));

    const after = await cloud.admin.state();
    const renewals = renewalsPerPhone(after);
    const firstErrors = first.flatMap((r) => r.errors);
    const failedPhones = firstErrors.filter((e) => e.urn.includes(":KooPhoneSubscription::"));
    const phoneOf = (urn: string) => urn.slice(urn.lastIndexOf("::fleet-") + "::fleet-".length);
    const texts = [...first, ...second].flatMap((r) => r.texts);
    const refresh: string[] = [];
    const previewChanges: Record<string, number>[] = [];
    for (const s of stacks) {
      const result = await s.stack.refresh({ onOutput: (o) => texts.push({ source: "refresh", text: o }) });
      refresh.push(result.summary.result);
      const preview = await previewSteps(s.stack);
      texts.push({ source: "preview", text: preview.stdout });
      previewChanges.push(preview.changeSummary);
    }
    return {
      due: due.length,
      firstUp: first.every((r) => r.result === "succeeded") ? "succeeded" : "failed",
      secondUp: second.map((r) => r.result),
      firstErrors: firstErrors.map((e) => e.message).join("\n"),
      secondErrors: second.flatMap((r) => r.errors.map((e) => e.message)).join("\n"),
      failed: failedPhones.map((e) => phoneOf(e.urn)).sort(),
      named: failedPhones
        .filter((e) => e.message.includes(phoneOf(e.urn)))
        .map((e) => phoneOf(e.urn))
        .sort(),
      completedOrders: after.orders.filter((o) => o.status === COMPLETED).length,
      renewedTwice: ids.filter((id) => (renewals.get(id) ?? 0) > 1),
      wrongExpiry: due.filter(
        (id) =>
          renewals.get(id) !== 1 || expiries(after).get(id) !== oneRenewalFrom(original.get(id) as string),
      ),
      touchedNotDue: ids.filter((id) => !isDue(id) && expiries(after).get(id) !== original.get(id)),
      refresh,
      previewChanges,
      secretHits: scanForSecrets({
        secrets: [
          { name: "secret key", value: DEFAULT_CREDENTIALS.secretKey },
          { name: "access key", value: DEFAULT_CREDENTIALS.accessKey },
        ],
        dirs: stacks.flatMap((s) => s.dirs),
        texts: [...texts, ...firstErrors.map((e) => ({ source: "first-run error", text: e.message }))],
      }),
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    for (const s of stacks) await s.remove();
    await cloud.stop();
  }
}

/** Runs `work` over `items`, `limit` at a time, keeping each outcome (or its failure) by item. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>) {
  const outcomes = new Map<T, R | Error>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      outcomes.set(
        items[i],
        await work(items[i], i).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      );
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return outcomes;
}

function printMatrix(outcomes: Map<FaultCase, Observation | Error>): void {
  const header = [
    "fault",
    "first up",
    "second up",
    "orders",
    "phones renewed twice",
    "error names phones",
    "s",
  ];
  const rows = CASES.map((fault) => {
    const o = outcomes.get(fault);
    if (!(o && "firstUp" in o))
      return [fault.name, `not run: ${String(o?.message ?? "")}`.slice(0, 60), "", "", "", "", ""];
    const names =
      o.firstUp === "failed"
        ? `${o.named.length}/${o.failed.length} phones${fault.cause.test(o.firstErrors) ? ", cause" : ""}`
        : "-";
    return [
      fault.name,
      o.firstUp,
      o.secondUp.join("+"),
      String(o.completedOrders),
      String(o.renewedTwice.length),
      names,
      String(o.seconds),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `      | ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
}

describe("e2e: fault matrix (real engine, one emulator per fault)", function () {
  this.timeout(900_000);
  let outcomes = new Map<FaultCase, Observation | Error>();

  before(async () => {
    outcomes = await inPool(CASES, CONCURRENT_FAULTS, (fault, index) => observe(fault, 100 + index));
  });
  after(() => printMatrix(outcomes));

  for (const fault of CASES) {
    it(fault.name, () => {
      const o = outcomes.get(fault);
      if (o instanceof Error || o === undefined) throw o ?? new Error("not run");
      expect(o.due, "due phones in the fleet").to.be.within(PHONES / 2, PHONES - 1);
      if (fault.firstUp !== "either") expect(o.firstUp, o.firstErrors).to.equal(fault.firstUp);
      if (o.firstUp === "failed") {
        expect(o.failed, "phones whose renewal failed").to.not.deep.equal([]);
        expect(o.named, "each failed phone's error names it").to.deep.equal(o.failed);
        expect(o.firstErrors).to.match(fault.cause);
      }
      expect(
        o.secondUp.every((r) => r === "succeeded"),
        o.secondErrors,
      ).to.equal(true);
      expect(o.renewedTwice, "phones renewed twice").to.deep.equal([]);
      expect(o.wrongExpiry, "due phones not renewed exactly once from their expiry").to.deep.equal([]);
      expect(o.touchedNotDue, "phones not due whose expiry changed").to.deep.equal([]);
      expect(o.refresh.every((r) => r === "succeeded")).to.equal(true);
      for (const changes of o.previewChanges) expect(Object.keys(changes)).to.deep.equal(["same"]);
      expect(o.secretHits, "credentials in state, output or errors").to.deep.equal([]);
    });
  }
});
