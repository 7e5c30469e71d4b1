import { expect } from "chai";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, StackConfig, TestStack } from "../../harness/project-stack";
import {
  ONE_RESOURCE_PROJECT,
  policyProgram,
  RawInputs,
  subscriptionProgram,
} from "../support/one-resource-project";
import { CapturedText, scanForSecrets } from "../support/secret-scan";

/** An invalid input: the preview must fail with a message that names `field`. */
interface BadInput {
  label: string;
  /** The resource's inputs (the valid ones of its kind when absent). */
  inputs?: RawInputs;
  /** Stack config to change for this preview: a value, or undefined to remove the key. */
  config?: Record<string, string | undefined>;
  /** The message must name this field (an input, or a `koophone:` config key). */
  field: string;
  /** And say this, when it matters how. */
  says?: RegExp;
}

/** What one preview produced. */
interface Outcome {
  failed: boolean;
  message: string;
  /** API calls the cloud saw during the preview, by short API name. */
  calls: Record<string, number>;
  texts: CapturedText[];
}

/** Reads are allowed at preview: the subscription's check lists and reads phones. */
const READ_ONLY_APIS = new Set(["query", "instances"]);

const POLICY_OK = { renewalDay: 15 };

const POLICY_CASES: BadInput[] = [
  { label: "renewalDay 0", inputs: { renewalDay: 0 }, field: "renewalDay", says: /1-28 or "last"/ },
  {
    label: "renewalDay 29",
    inputs: { renewalDay: 29 },
    field: "renewalDay",
    says: /not every month has day 29/,
  },
  { label: "renewalDay 31", inputs: { renewalDay: 31 }, field: "renewalDay", says: /"last"/ },
  { label: 'renewalDay "first"', inputs: { renewalDay: "first" }, field: "renewalDay" },
  { label: "renewalDay 1.5", inputs: { renewalDay: 1.5 }, field: "renewalDay" },
  { label: "renewalDay missing", inputs: {}, field: "renewalDay", says: /required/ },
  {
    label: "deductionDaysBeforeExpiry 1",
    inputs: { ...POLICY_OK, deductionDaysBeforeExpiry: 1 },
    field: "deductionDaysBeforeExpiry",
    says: /2 to 7/,
  },
  {
    label: "deductionDaysBeforeExpiry 8",
    inputs: { ...POLICY_OK, deductionDaysBeforeExpiry: 8 },
    field: "deductionDaysBeforeExpiry",
  },
  {
    label: "period 12 months",
    inputs: { ...POLICY_OK, period: { unit: "month", count: 12 } },
    field: "period.count",
    says: /unit: "year", count: 1/,
  },
  {
    label: "period 4 years",
    inputs: { ...POLICY_OK, period: { unit: "year", count: 4 } },
    field: "period.count",
    says: /1-3 years/,
  },
  {
    label: "period 0 months",
    inputs: { ...POLICY_OK, period: { unit: "month", count: 0 } },
    field: "period.count",
  },
  {
    label: 'period unit "week"',
    inputs: { ...POLICY_OK, period: { unit: "week", count: 1 } },
    field: "period.unit",
  },
  {
    label: 'period count "two"',
    inputs: { ...POLICY_OK, period: { unit: "month", count: "two" } },
    field: "period.count",
  },
  {
    label: 'renewBefore "30 days"',
    inputs: { ...POLICY_OK, renewBefore: "30 days" },
    field: "renewBefore",
    says: /ISO-8601 duration/,
  },
  { label: 'renewBefore "P-30D"', inputs: { ...POLICY_OK, renewBefore: "P-30D" }, field: "renewBefore" },
  {
    label: 'mode "Renewals Canceled"',
    inputs: { ...POLICY_OK, mode: "Renewals Canceled" },
    field: "mode",
    says: /has no API/,
  },
  { label: 'mode "automatic"', inputs: { ...POLICY_OK, mode: "automatic" }, field: "mode" },
  {
    label: "maxOrderAmount -5",
    inputs: { ...POLICY_OK, maxOrderAmount: -5 },
    field: "maxOrderAmount",
    says: /positive/,
  },
  {
    label: 'maxOrderAmount "lots"',
    inputs: { ...POLICY_OK, maxOrderAmount: "lots" },
    field: "maxOrderAmount",
  },
  { label: 'autoPay "yes"', inputs: { ...POLICY_OK, autoPay: "yes" }, field: "autoPay" },
];

/** The phones the subscription cases name, seeded in `before`. */
const phones = { ok: "", payPerUse: "", closed: "", deleted: "" };

function subscriptionCases(): BadInput[] {
  const ok = { phoneId: phones.ok };
  return [
    { label: 'phoneId ""', inputs: { phoneId: "" }, field: "phoneId" },
    { label: "phoneId missing", inputs: {}, field: "phoneId", says: /required/ },
    {
      label: "phoneId unknown",
      inputs: { phoneId: "no-such-phone" },
      field: "phoneId",
      says: /no yearly\/monthly/,
    },
    {
      label: "phoneId pay-per-use",
      inputs: { phoneId: phones.payPerUse },
      field: "phoneId",
      says: /no yearly\/monthly/,
    },
    { label: "phoneId closed", inputs: { phoneId: phones.closed }, field: "phoneId", says: /closed/ },
    { label: "phoneId deleted", inputs: { phoneId: phones.deleted }, field: "phoneId" },
    {
      label: "period -1 months",
      inputs: { ...ok, period: { unit: "month", count: -1 } },
      field: "period.count",
    },
    {
      label: "period 2.5 months",
      inputs: { ...ok, period: { unit: "month", count: 2.5 } },
      field: "period.count",
    },
    { label: "period missing unit", inputs: { ...ok, period: { count: 1 } }, field: "period.unit" },
    { label: 'renewBefore "P30X"', inputs: { ...ok, renewBefore: "P30X" }, field: "renewBefore" },
    {
      label: 'expireNotBefore "2027-13-01"',
      inputs: { ...ok, expireNotBefore: "2027-13-01" },
      field: "expireNotBefore",
    },
    {
      label: 'expireNotBefore "next year"',
      inputs: { ...ok, expireNotBefore: "next year" },
      field: "expireNotBefore",
    },
    {
      label: "expireNotBefore beyond one order",
      inputs: { ...ok, expireNotBefore: "2035-01-01" },
      field: "period",
      says: /expireNotBefore/,
    },
    {
      label: 'mode "renewals cancelled"',
      inputs: { ...ok, mode: "renewals cancelled" },
      field: "mode",
      says: /Renewals Canceled/,
    },
    { label: "maxOrderAmount 0", inputs: { ...ok, maxOrderAmount: 0 }, field: "maxOrderAmount" },
    {
      label: 'onDelete "delete"',
      inputs: { ...ok, onDelete: "delete" },
      field: "onDelete",
      says: /nothing ever unsubscribes/,
    },
    {
      label: "endpoint http:// not loopback",
      config: { "koophone:endpoint": "http://bss.example.com" },
      field: "koophone:endpoint",
      says: /https/,
    },
    {
      label: "koophoneEndpoint http:// not loopback",
      config: { "koophone:koophoneEndpoint": "http://10.1.2.3:8080" },
      field: "koophone:koophoneEndpoint",
      says: /https/,
    },
    {
      label: "secretKey missing",
      config: { "koophone:secretKey": undefined },
      field: "koophone:secretKey",
      says: /missing credentials/,
    },
    {
      label: "accessKey missing",
      config: { "koophone:accessKey": undefined },
      field: "koophone:accessKey",
      says: /missing credentials/,
    },
    { label: 'timeoutMs "soon"', config: { "koophone:timeoutMs": "soon" }, field: "koophone:timeoutMs" },
    {
      label: 'renewalDay "31" in the configuration',
      config: { "koophone:renewalDay": "31" },
      field: "koophone:renewalDay",
      says: /1-28 or "last", or "none"/,
    },
    {
      label: 'renewalDay "first" in the configuration',
      config: { "koophone:renewalDay": "first" },
      field: "koophone:renewalDay",
    },
  ];
}

async function setProgram(test: TestStack, program: StackConfig): Promise<void> {
  await test.stack.setAllConfig(program);
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ""
  );
}

/** Runs one preview of `program` with the config changes of `bad`, then puts the config back. */
async function previewWith(
  cloud: TestCloud,
  test: TestStack,
  program: StackConfig,
  bad?: BadInput,
): Promise<Outcome> {
  await setProgram(test, program);
  for (const [key, value] of Object.entries(bad?.config ?? {})) {
    if (value === undefined) await test.stack.removeConfig(key);
    else await test.stack.setConfig(key, { value });
  }
  await cloud.admin.resetCounters();
  const errors: string[] = [];
  const onEvent = (event: EngineEvent) => {
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error") errors.push(diag.message);
  };
  let output = "";
  let failed = false;
  let thrown = "";
  try {
    await test.stack.preview({ onEvent, onOutput: (o) => (output += o) });
  } catch (error) {
    failed = true;
    thrown = String(error);
  }
  const calls = await cloud.admin.counters();
  if (bad?.config) await test.stack.setAllConfig(cloud.stackConfig);
  for (const key of Object.keys(bad?.config ?? {})) {
    if (!(key in cloud.stackConfig)) await test.stack.removeConfig(key);
  }
  const message = errors.filter((e) => !/^preview failed|one or more errors/i.test(e.trim())).join("\n");
  return {
    failed,
    message: message || thrown,
    calls,
    texts: [
      { source: "preview output", text: output },
      { source: "preview error", text: thrown },
    ],
  };
}

function mutatingCalls(calls: Record<string, number>): string[] {
  return Object.entries(calls)
    .filter(([api, n]) => n > 0 && !READ_ONLY_APIS.has(api))
    .map(([api, n]) => `${api} x${n}`);
}

describe("e2e: bad inputs fail at preview, naming the field, with no mutating call", function () {
  this.timeout(600_000);
  // One cloud per stack: the two run side by side, and each preview's calls are counted on its own cloud.
  let policyCloud: TestCloud;
  let cloud: TestCloud;
  let policyStack: TestStack;
  let subscriptionStack: TestStack;
  const outcomes = new Map<string, Outcome>();
  const valid: { policy?: Outcome; subscription?: Outcome } = {};
  const table: [string, string][] = [];

  before(async () => {
    [policyCloud, cloud] = await Promise.all(
      [0, 1].map(() => startTestCloud({ now: "2026-11-26T04:00:00Z" })),
    );
    for (const c of [policyCloud, cloud]) c.stackConfig["koophone:accessKey"].secret = true;
    // A phone that switches to pay-per-use at expiry (closed when it does), and one frozen long enough that its
    // retention period runs out (deleted): both happen when the clock moves 16 days.
    const [closing] = (
      await cloud.admin.seed({ count: 1, payPerUseShare: 1, expiryWithinDays: [1, 1], rngSeed: 1 })
    ).phones;
    const [frozen] = (await cloud.admin.seed({ count: 1, frozenShare: 1, rngSeed: 2 })).phones;
    const [payPerUse] = (await cloud.admin.seed({ count: 1, payPerUseBilledShare: 1, rngSeed: 3 })).phones;
    const [ok] = (await cloud.admin.seed({ count: 1, expiryWithinDays: [60, 60], rngSeed: 4 })).phones;
    await cloud.admin.advanceClock({ days: 16 });
    Object.assign(phones, {
      ok: ok.resourceId,
      payPerUse: payPerUse.resourceId,
      closed: closing.resourceId,
      deleted: frozen.resourceId,
    });
    const state = await cloud.admin.state();
    expect(state.subscriptions.find((s) => s.resourceId === phones.closed)?.status).to.equal(3);
    expect(state.phones.map((p) => p.instanceId)).to.not.include(phones.deleted);

    [policyStack, subscriptionStack] = await Promise.all(
      [policyCloud.stackConfig, cloud.stackConfig].map((config) =>
        createTestStack({
          project: ONE_RESOURCE_PROJECT,
          config: { ...config, ...policyProgram(POLICY_OK) },
        }),
      ),
    );
    // The two resource kinds run side by side: two previews at a time keep the suite short on two cores.
    const runAll = async (
      on: TestCloud,
      test: TestStack,
      cases: BadInput[],
      program: (inputs: RawInputs) => StackConfig,
      ok: RawInputs,
    ) => {
      const baseline = await previewWith(on, test, program(ok));
      for (const bad of cases) {
        outcomes.set(bad.label, await previewWith(on, test, program(bad.inputs ?? ok), bad));
      }
      return baseline;
    };
    [valid.policy, valid.subscription] = await Promise.all([
      runAll(policyCloud, policyStack, POLICY_CASES, policyProgram, POLICY_OK),
      runAll(cloud, subscriptionStack, subscriptionCases(), subscriptionProgram, { phoneId: phones.ok }),
    ]);
  });

  after(async () => {
    const width = Math.max(...table.map(([label]) => label.length));
    console.log(`      ${table.length} invalid inputs:`);
    for (const [label, message] of table) console.log(`      ${label.padEnd(width)} -> ${message}`);
    await policyStack?.remove();
    await subscriptionStack?.remove();
    await cloud?.stop();
    await policyCloud?.stop();
  });

  it("the valid inputs of each kind preview cleanly (so that each failure below is the input's)", () => {
    expect(valid.policy?.failed, valid.policy?.message).to.equal(false);
    expect(valid.subscription?.failed, valid.subscription?.message).to.equal(false);
  });

  for (const bad of [...POLICY_CASES, ...subscriptionCases()]) {
    it(bad.label, () => {
      const outcome = outcomes.get(bad.label);
      expect(outcome, "the preview ran").to.not.equal(undefined);
      const { failed, message, calls } = outcome as Outcome;
      table.push([bad.label, firstLine(message)]);
      expect(failed, "the preview fails").to.equal(true);
      expect(message).to.contain(bad.field);
      if (bad.says) expect(message).to.match(bad.says);
      expect(mutatingCalls(calls), "mutating API calls").to.deep.equal([]);
    });
  }

  it("no preview output or error holds a credential", () => {
    const hits = scanForSecrets({
      secrets: [
        { name: "secret key", value: DEFAULT_CREDENTIALS.secretKey },
        { name: "access key", value: DEFAULT_CREDENTIALS.accessKey },
      ],
      dirs: [...policyStack.dirs, ...subscriptionStack.dirs],
      texts: [...outcomes.values()].flatMap((o) => [...o.texts, { source: "message", text: o.message }]),
    });
    expect(hits).to.deep.equal([]);
  });
});
