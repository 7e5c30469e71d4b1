import { expect } from "chai";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_CREDENTIALS, StateDump } from "../../emulator";
import { formatApiTime, parseApiTime } from "../../provider/planner/billing-time";
import { addPeriod } from "../../provider/planner/period";
import { FLEET_PROJECT, fleetConfig } from "../../harness/fleet-project";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, exportedResources, StateResource, TestStack } from "../../harness/project-stack";
import { previewSteps } from "../support/preview-plan";
import { CapturedText, scanForSecrets } from "../support/secret-scan";
import { expiries, renewalsPerPhone } from "../support/emulator-state";

// A fault in the middle of a fleet's `pulumi up`, through the engine: one phone of a batch frozen. What only the
// engine shows: the failed phone's error once, under its own resource; what the state keeps of the failed up (the
// other phones, recorded); the second up converging from that state; a refresh and a clean preview after it. Each
// fault of the cloud (5xx, lost answers, resets, 429 storms, timeouts, too little balance, a frozen phone, an
// order left unpaid, a restart, two stacks at once) is met by the providers, run as the engine runs them, in
// tests/inprocess/fleet-faults.test.ts.

const PARALLEL = 64;
const NOW = "2026-11-26T04:00:00Z";
const DAY = 24 * 3600 * 1000;
const PHONES = 12;
const RENEW_BEFORE_DAYS = 30;
const PERIOD = { unit: "month" as const, count: 1 };
const COMPLETED = 5;
const SUBSCRIPTION = ":KooPhoneSubscription::fleet-";

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

function oneRenewalFrom(expiry: string): string {
  return formatApiTime(addPeriod(parseApiTime(expiry).setZone("UTC+8"), PERIOD));
}

function phoneOf(urn: string): string {
  return urn.slice(urn.lastIndexOf(SUBSCRIPTION) + SUBSCRIPTION.length);
}

function subscriptions(resources: StateResource[]): StateResource[] {
  return resources.filter((r) => r.type.endsWith(":KooPhoneSubscription"));
}

describe("e2e: a phone frozen inside a batch of a fleet's up (real engine)", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let ids: string[];
  let due: string[];
  let frozen: string;
  let original: Map<string, string>;
  let first: Run;
  let recordedAfterFirst: StateResource[];
  let stateAfterFirst: StateDump;
  let second: Run;
  const texts: CapturedText[] = [];

  before(async () => {
    cloud = await startTestCloud({ now: NOW });
    // A secret too: the engine copies plain config values into the state (see secrets.test.ts).
    cloud.stackConfig["koophone:accessKey"].secret = true;
    // The fleet the fault matrix froze a phone of, seeded from the same number.
    const seeded = await cloud.admin.seed({
      count: PHONES,
      expiryWithinDays: [1, 36],
      rngSeed: 106,
      balance: 100_000,
    });
    const before = await cloud.admin.state();
    original = expiries(before);
    ids = seeded.phones.map((p) => p.resourceId).sort();
    due = ids.filter(
      (id) => Date.parse(original.get(id) as string) - Date.parse(before.now) < RENEW_BEFORE_DAYS * DAY,
    );
    frozen = due[1];
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: {
        ...cloud.stackConfig,
        ...fleetConfig(undefined, { phoneIds: ids, renewBefore: `P${RENEW_BEFORE_DAYS}D`, period: PERIOD }),
      },
    });
    await cloud.admin.addFault({ kind: "frozen-phone", resourceId: frozen });
    first = await upCapturing(test.stack, "first up");
    stateAfterFirst = await cloud.admin.state();
    recordedAfterFirst = subscriptions(await exportedResources(test.stack));
    await cloud.admin.clearFaults();
    second = await upCapturing(test.stack, "second up");
    texts.push(...first.texts, ...second.texts);
  });
  after(async () => {
    await test?.remove();
    await cloud?.stop();
  });

  it("the first up fails, the frozen phone's error shown once, under its own resource, naming it and the cause", () => {
    expect(due.length, "due phones in the fleet").to.be.within(PHONES / 2, PHONES - 1);
    expect(first.result).to.equal("failed");
    const shown = JSON.stringify(first.errors);
    const phoneErrors = first.errors.filter((e) => e.urn.includes(SUBSCRIPTION));
    expect(
      phoneErrors.map((e) => phoneOf(e.urn)),
      shown,
    ).to.deep.equal([frozen]);
    expect(phoneErrors[0].message)
      .to.include(frozen)
      .and.match(/frozen/);
  });

  it("the state keeps what the failed up did: the phones it renewed, recorded with their orders", () => {
    const renewed = renewalsPerPhone(stateAfterFirst);
    expect(renewed.has(frozen), "the frozen phone renewed").to.equal(false);
    const recordedIds = recordedAfterFirst.map((r) => String(r.id));
    expect(recordedIds).to.not.include(frozen);
    const completed = new Set(
      stateAfterFirst.orders.filter((o) => o.status === COMPLETED).map((o) => o.orderId),
    );
    for (const sub of recordedAfterFirst) {
      const id = String(sub.id);
      expect(sub.outputs?.expireTime, id).to.equal(expiries(stateAfterFirst).get(id));
      const orderId = (sub.outputs?.lastRenewal as { orderId?: string } | undefined)?.orderId;
      if (due.includes(id)) expect(completed.has(orderId ?? ""), `${id}'s recorded order`).to.equal(true);
      else expect(orderId, id).to.equal(undefined);
    }
    // Every phone renewed by the failed up is in the state.
    expect([...renewed.keys()].filter((id) => !recordedIds.includes(id))).to.deep.equal([]);
  });

  it("the second up converges: every due phone renewed exactly once from its expiry, no other phone touched", async () => {
    expect(second.result, JSON.stringify(second.errors)).to.equal("succeeded");
    const after = await cloud.admin.state();
    const renewals = renewalsPerPhone(after);
    expect(
      ids.filter((id) => (renewals.get(id) ?? 0) > 1),
      "phones renewed twice",
    ).to.deep.equal([]);
    expect(
      due.filter(
        (id) =>
          renewals.get(id) !== 1 || expiries(after).get(id) !== oneRenewalFrom(original.get(id) as string),
      ),
      "due phones not renewed exactly once from their expiry",
    ).to.deep.equal([]);
    expect(
      ids.filter((id) => !due.includes(id) && expiries(after).get(id) !== original.get(id)),
      "phones not due whose expiry changed",
    ).to.deep.equal([]);
    expect(
      subscriptions(await exportedResources(test.stack))
        .map((r) => String(r.id))
        .sort(),
    ).to.deep.equal(ids);
  });

  it("refresh succeeds and the preview after it shows no change; no credential in state, output or errors", async () => {
    const refresh = await test.stack.refresh({ onOutput: (o) => texts.push({ source: "refresh", text: o }) });
    expect(refresh.summary.result).to.equal("succeeded");
    const preview = await previewSteps(test.stack);
    texts.push({ source: "preview", text: preview.stdout });
    expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
    const hits = scanForSecrets({
      secrets: [
        { name: "secret key", value: DEFAULT_CREDENTIALS.secretKey },
        { name: "access key", value: DEFAULT_CREDENTIALS.accessKey },
      ],
      dirs: test.dirs,
      texts: [...texts, ...first.errors.map((e) => ({ source: "first-run error", text: e.message }))],
    });
    expect(hits).to.deep.equal([]);
  });
});
