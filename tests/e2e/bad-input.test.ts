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

// How a bad input reaches the user through the engine: the preview fails, the message shows once, under the
// resource, and nothing but reads reached the cloud. One case per way a refusal travels: a policy's check failure,
// a subscription's check failure on its inputs and on what the cloud lists, and a config key the provider process
// refuses at its first call. Every other refusal (each field, value and what is allowed, and each config key) is
// checked on the providers in tests/inprocess/bad-input.test.ts.

/** An invalid input: the preview must fail with a message that names `field`, under `resource`. */
interface BadInput {
  label: string;
  /** The resource's inputs (the valid ones of its kind when absent). */
  inputs?: RawInputs;
  /** Stack config to change for this preview: a value, or undefined to remove the key. */
  config?: Record<string, string | undefined>;
  /** The message must name this field (an input, or a `koophone:` config key). */
  field: string;
  /** And say this. */
  says: RegExp;
}

/** A resource's error diagnostic. */
interface Diagnostic {
  urn: string;
  message: string;
}

/** What one preview produced. */
interface Outcome {
  failed: boolean;
  /** The error diagnostics, but the closing "preview failed" one. */
  errors: Diagnostic[];
  /** API calls the cloud saw during the preview, by short API name. */
  calls: Record<string, number>;
  texts: CapturedText[];
}

/** Reads are allowed at preview: the subscription's check lists and reads phones. */
const READ_ONLY_APIS = new Set(["query", "instances"]);

const POLICY_OK = { renewalDay: 15 };

const POLICY_CASES: BadInput[] = [
  {
    label: "renewalDay 29",
    inputs: { renewalDay: 29 },
    field: "renewalDay",
    says: /29 is not allowed; use 1-28 or "last" \(not every month has day 29/,
  },
];

/** The phones the subscription cases name, seeded in `before`. */
const phones = { ok: "", closed: "" };

function subscriptionCases(): BadInput[] {
  return [
    {
      label: "period 12 months",
      inputs: { phoneId: phones.ok, period: { unit: "month", count: 12 } },
      field: "period.count",
      says: /12 months is not allowed; one order renews 1-11 months or 1-3 years \(use \{ unit: "year", count: 1 \}\)/,
    },
    { label: "phoneId closed", inputs: { phoneId: phones.closed }, field: "phoneId", says: /is closed/ },
    {
      label: "secretKey missing",
      config: { "koophone:secretKey": undefined },
      field: "koophone:secretKey",
      says: /missing credentials/,
    },
  ];
}

/** Runs one preview of `program` with the config changes of `bad`, then puts the config back. */
async function previewWith(
  cloud: TestCloud,
  test: TestStack,
  program: StackConfig,
  bad?: BadInput,
): Promise<Outcome> {
  await test.stack.setAllConfig(program);
  for (const [key, value] of Object.entries(bad?.config ?? {})) {
    if (value === undefined) await test.stack.removeConfig(key);
    else await test.stack.setConfig(key, { value });
  }
  await cloud.admin.resetCounters();
  const errors: Diagnostic[] = [];
  const onEvent = (event: EngineEvent) => {
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error") errors.push({ urn: diag.urn ?? "", message: diag.message });
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
  return {
    failed,
    errors: errors.filter((e) => !/^preview failed|one or more errors/i.test(e.message.trim())),
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

describe("e2e: bad inputs fail at preview, once under their resource, with no mutating call", function () {
  this.timeout(600_000);
  // One cloud per stack: the two run side by side, and each preview's calls are counted on its own cloud.
  let policyCloud: TestCloud;
  let cloud: TestCloud;
  let policyStack: TestStack;
  let subscriptionStack: TestStack;
  const outcomes = new Map<string, Outcome>();
  const valid: { policy?: Outcome; subscription?: Outcome } = {};

  before(async () => {
    [policyCloud, cloud] = await Promise.all(
      [0, 1].map(() => startTestCloud({ now: "2026-11-26T04:00:00Z" })),
    );
    for (const c of [policyCloud, cloud]) c.stackConfig["koophone:accessKey"].secret = true;
    // A phone that switches to pay-per-use at expiry, closed once the clock has moved past it.
    const [closing] = (
      await cloud.admin.seed({ count: 1, payPerUseShare: 1, expiryWithinDays: [1, 1], rngSeed: 1 })
    ).phones;
    const [ok] = (await cloud.admin.seed({ count: 1, expiryWithinDays: [60, 60], rngSeed: 4 })).phones;
    await cloud.admin.advanceClock({ days: 16 });
    Object.assign(phones, { ok: ok.resourceId, closed: closing.resourceId });
    const state = await cloud.admin.state();
    expect(state.subscriptions.find((s) => s.resourceId === phones.closed)?.status).to.equal(3);

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
    await policyStack?.remove();
    await subscriptionStack?.remove();
    await cloud?.stop();
    await policyCloud?.stop();
  });

  it("the valid inputs of each kind preview cleanly (so that each failure below is the input's)", () => {
    for (const outcome of [valid.policy, valid.subscription]) {
      expect(outcome?.failed, JSON.stringify(outcome?.errors)).to.equal(false);
      expect(outcome?.errors).to.deep.equal([]);
    }
  });

  // The subscription cases are built again in each test: their phone ids are known once `before` has seeded them.
  const kinds: [() => BadInput[], string][] = [
    [() => POLICY_CASES, ":RenewalPolicy::policy"],
    [subscriptionCases, ":KooPhoneSubscription::phone"],
  ];
  for (const [cases, resource] of kinds) {
    for (const [index, { label }] of cases().entries()) {
      it(label, () => {
        const bad = cases()[index];
        const outcome = outcomes.get(label);
        expect(outcome, "the preview ran").to.not.equal(undefined);
        const { failed, errors, calls } = outcome as Outcome;
        const shown = JSON.stringify(errors);
        expect(failed, "the preview fails").to.equal(true);
        expect(errors, shown).to.have.length(1);
        expect(errors[0].urn.endsWith(resource), shown).to.equal(true);
        expect(errors[0].message).to.contain(bad.field).and.match(bad.says);
        expect(mutatingCalls(calls), "mutating API calls").to.deep.equal([]);
      });
    }
  }

  it("no preview output or error holds a credential", () => {
    const hits = scanForSecrets({
      secrets: [
        { name: "secret key", value: DEFAULT_CREDENTIALS.secretKey },
        { name: "access key", value: DEFAULT_CREDENTIALS.accessKey },
      ],
      dirs: [...policyStack.dirs, ...subscriptionStack.dirs],
      texts: [...outcomes.values()].flatMap((o) => [
        ...o.texts,
        ...o.errors.map((e) => ({ source: "message", text: e.message })),
      ]),
    });
    expect(hits).to.deep.equal([]);
  });
});
