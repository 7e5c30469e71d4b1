import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CREDENTIALS, EmulatorAdmin, RunningEmulator, startEmulator } from "../../emulator";
import { formatApiTime, parseApiTime } from "../../provider/planner/billing-time";
import { addPeriod } from "../../provider/planner/period";
import { scanForSecrets, SecretHit } from "../support/secret-scan";
import { providerRuns, SHORT_WINDOWS } from "./provider-fixture";
import { placeUnpaidOrder } from "./renewal-fixture";
import { CommandResult, ModelStack } from "./stack-model";
import { expiries, renewalsPerPhone } from "../support/emulator-state";

// The fault matrix of a fleet's `pulumi up`, in-process: each fault of the cloud met by the providers as the engine
// calls them, on a dozen phones; then the faults cleared, a second up, a refresh and a preview. Every due phone ends
// renewed exactly once from its expiry, no other phone changes, each phone whose step failed is named by its own
// error, and the preview after the refresh shows no change. What only the engine shows (the error under its
// resource, what the state keeps of a failed up) is tests/e2e/fault-matrix.test.ts.

/** The fleets and the clock of tests/e2e/fault-matrix.test.ts: the same phones, seeded from the same numbers. */
const NOW = "2026-11-26T04:00:00Z";
const DAY = 24 * 3600 * 1000;
const PHONES = 12;
const RENEW_BEFORE_DAYS = 30;
const PERIOD = { unit: "month" as const, count: 1 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The emulator of one fault, on a data dir of its own so that it can be stopped and started again. */
class FaultCloud {
  private constructor(
    public emulator: RunningEmulator,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<FaultCloud> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-fault-"));
    return new FaultCloud(await startEmulator({ dataDir, now: NOW }), dataDir);
  }

  get admin(): EmulatorAdmin {
    return this.emulator.admin;
  }

  /** Stops the emulator and, `downMs` later, starts it again on the same port and data dir. */
  async restart(downMs: number): Promise<void> {
    const port = Number(new URL(this.emulator.url).port);
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

/** True once the cloud has seen a call to `api`; false if `running` ends first. */
async function sawCall(cloud: FaultCloud, api: string, running: Promise<unknown>): Promise<boolean> {
  let finished = false;
  void running.finally(() => (finished = true));
  while (!finished) {
    if (((await cloud.admin.counters())[api] ?? 0) > 0) return true;
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
    arrange: async (cloud, phones) => void (await placeUnpaidOrder(cloud.emulator, phones.due.slice(0, 2))),
  },
  {
    name: "the emulator restarted mid-run",
    firstUp: "either",
    cause: /ECONNREFUSED|ECONNRESET|unknown/,
    meanwhile: async (cloud, firstUp) => {
      if (await sawCall(cloud, "rate", firstUp)) await cloud.restart(1_500);
    },
  },
  {
    name: "two stacks at once, overlapping phones",
    firstUp: "succeeded",
    cause: /./,
    twoStacks: true,
  },
];

/** What one fault did, measured; the assertions read it. */
interface Observation {
  /** Phones due at the start (most of the fleet). */
  due: number;
  firstUp: CommandResult["result"];
  secondUp: CommandResult["result"][];
  firstErrors: string;
  secondErrors: string;
  /** Phones whose step failed in the first run, and those of them that their own error names. */
  failed: string[];
  named: string[];
  renewedTwice: string[];
  /** Due phones not renewed exactly once from their original expiry; phones not due that changed. */
  wrongExpiry: string[];
  touchedNotDue: string[];
  /** `refresh` results and the steps of the `preview` after it that are not "same", per stack. */
  refresh: CommandResult["result"][];
  previewChanges: string[][];
  secretHits: SecretHit[];
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
  const cloud = await FaultCloud.start();
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

    // No koophone:renewalDay, as in the e2e stacks' config (the fleet has no policy): the provider warns, and what
    // it warns is scanned for credentials with the rest of what the runs say.
    const config = { "koophone:renewalDay": undefined, ...fault.config };
    const warnings: string[] = [];
    const warn = async (message: string) => void warnings.push(message);
    const stacks = fleets(fault, phones.all).map(
      (fleet) =>
        new ModelStack(
          providerRuns(() => cloud.emulator, { ...SHORT_WINDOWS, warn }),
          { fleet: { phoneIds: fleet, renewBefore: `P${RENEW_BEFORE_DAYS}D`, period: PERIOD } },
          config,
        ),
    );
    await fault.arrange?.(cloud, phones);

    const firstUp = Promise.all(stacks.map((s) => s.up()));
    await fault.meanwhile?.(cloud, firstUp);
    const first = await firstUp;
    await cloud.admin.clearFaults();
    await fault.settle?.();
    const second: CommandResult[] = [];
    for (const s of stacks) second.push(await s.up());

    const after = await cloud.admin.state();
    const renewals = renewalsPerPhone(after);
    const firstErrors = first.flatMap((r) => r.errors);
    const refresh: CommandResult["result"][] = [];
    const previewChanges: string[][] = [];
    const texts = [...first, ...second].flatMap((r) =>
      r.errors.map((e) => ({ source: `error of ${e.resource}`, text: e.message })),
    );
    for (const s of stacks) {
      refresh.push((await s.refresh()).result);
      const preview = await s.preview();
      previewChanges.push(
        [...preview.ops].filter(([, op]) => op !== "same").map(([id, op]) => `${id} ${op}`),
      );
      texts.push({ source: "state", text: JSON.stringify([...s.state]) });
    }
    texts.push(...warnings.map((text) => ({ source: "warning", text })));
    return {
      due: due.length,
      firstUp: first.every((r) => r.result === "succeeded") ? "succeeded" : "failed",
      secondUp: second.map((r) => r.result),
      firstErrors: firstErrors.map((e) => e.message).join("\n"),
      secondErrors: second.flatMap((r) => r.errors.map((e) => e.message)).join("\n"),
      failed: firstErrors.map((e) => e.resource).sort(),
      named: firstErrors
        .filter((e) => e.message.includes(e.resource))
        .map((e) => e.resource)
        .sort(),
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
        dirs: [],
        texts,
      }),
    };
  } finally {
    await cloud.stop();
  }
}

describe("fault matrix of a fleet's up (in-process, one emulator per fault)", function () {
  this.timeout(60_000);

  for (const [index, fault] of CASES.entries()) {
    it(fault.name, async () => {
      const o = await observe(fault, 100 + index);
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
      for (const changes of o.previewChanges)
        expect(changes, "preview steps after refresh").to.deep.equal([]);
      expect(o.secretHits, "credentials in state or errors").to.deep.equal([]);
    });
  }
});
