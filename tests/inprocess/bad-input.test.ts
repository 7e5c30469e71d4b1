import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { scanForSecrets } from "../support/secret-scan";
import { providerRuns, SERIALIZED_PROVIDER, SHORT_WINDOWS } from "./provider-fixture";

// Bad inputs and bad `koophone:` config refused at preview by the providers as the engine calls them: `check` of a
// RenewalPolicy or a KooPhoneSubscription, each in a new provider process. Its failure (or, for the config, the
// error of that first call) names the field, quotes the value and says what is allowed, and nothing but reads
// reaches the cloud. How the CLI shows such a failure is tests/e2e/bad-input.test.ts.

/** Raw inputs, as a program written in JavaScript or built from YAML could pass them, wrong types included. */
type RawInputs = Record<string, unknown>;

/** An invalid input: the check must fail with a message that names `field`. */
interface BadInput {
  label: string;
  /** The resource's inputs (the valid ones of its kind when absent). */
  inputs?: RawInputs;
  /** Stack config to change for this run: a value, or undefined to remove the key. */
  config?: Record<string, string | undefined>;
  /** The message must name this field (an input, or a `koophone:` config key). */
  field: string;
  /** And say this, when it matters how. */
  says?: RegExp;
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
    {
      label: 'callsPerSecond "2.5"',
      config: { "koophone:callsPerSecond": "2.5" },
      field: "koophone:callsPerSecond",
      says: /whole number of calls a second per API, 1 or more/,
    },
    {
      label: 'callsPerSecond "0"',
      config: { "koophone:callsPerSecond": "0" },
      field: "koophone:callsPerSecond",
    },
    {
      label: 'shard "4/4" (the provider reads it for its rate share)',
      config: { "koophone:shard": "4/4" },
      field: "koophone:shard",
      says: /index 4 is not allowed: with count 4, use a whole number 0-3/,
    },
  ];
}

/** What one check produced: its failures, or the error it failed with, and the APIs it called. */
interface Outcome {
  failures: { property: string; reason: string }[];
  thrown?: string;
  calls: Record<string, number>;
}

let cloud: RunningEmulator;
const { newRun, providers, calls } = providerRuns(() => cloud, SHORT_WINDOWS);

/** `check` of one resource in a new provider process with the config changes of `bad`, as a preview calls it. */
async function checkIn(
  kind: "policy" | "subscription",
  inputs: RawInputs,
  config: Record<string, string | undefined> = {},
): Promise<Outcome> {
  // The e2e stacks' config: no koophone:renewalDay.
  newRun({ "koophone:renewalDay": undefined, ...config });
  await cloud.admin.resetCounters();
  const news = { ...inputs, __provider: SERIALIZED_PROVIDER };
  try {
    const result = await providers()[kind].check({}, news);
    return { failures: result.failures ?? [], calls: await calls() };
  } catch (error) {
    return {
      failures: [],
      thrown: error instanceof Error ? error.message : String(error),
      calls: await calls(),
    };
  }
}

function mutatingCalls(counted: Record<string, number>): string[] {
  return Object.entries(counted)
    .filter(([api]) => !READ_ONLY_APIS.has(api))
    .map(([api, n]) => `${api} x${n}`);
}

/** What an outcome says: its failures' reasons, or the error its check failed with. */
function messageOf(outcome: Outcome): string {
  return [...outcome.failures.map((f) => f.reason), outcome.thrown ?? ""].join("\n");
}

describe("bad inputs fail at check, naming the field, with no mutating call (in-process)", function () {
  this.timeout(30_000);
  const messages: string[] = [];

  before(async () => {
    cloud = await startEmulator({ now: "2026-11-26T04:00:00Z", rateLimit: 1000 });
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
  });
  after(() => cloud.stop());

  it("the valid inputs of each kind check cleanly (so that each failure below is the input's)", async () => {
    for (const outcome of [
      await checkIn("policy", POLICY_OK),
      await checkIn("subscription", { phoneId: phones.ok }),
    ]) {
      expect(outcome.thrown, outcome.thrown).to.equal(undefined);
      expect(outcome.failures).to.deep.equal([]);
    }
  });

  // The subscription cases are built again in each test: their phone ids are known once `before` has seeded them.
  const kinds: ["policy" | "subscription", () => BadInput[]][] = [
    ["policy", () => POLICY_CASES],
    ["subscription", subscriptionCases],
  ];
  const count = POLICY_CASES.length + subscriptionCases().length;
  for (const [kind, cases] of kinds) {
    for (const [index, { label }] of cases().entries()) {
      it(`${kind}: ${label}`, async () => {
        const bad = cases()[index];
        const valid = kind === "policy" ? POLICY_OK : { phoneId: phones.ok };
        const outcome = await checkIn(kind, bad.inputs ?? valid, bad.config);
        const message = messageOf(outcome);
        messages.push(message);
        if (outcome.thrown === undefined) {
          // A check failure is shown under the property it names.
          expect(outcome.failures.map((f) => f.property)).to.deep.equal([bad.field]);
        }
        expect(message).to.contain(bad.field);
        if (bad.says) expect(message).to.match(bad.says);
        expect(mutatingCalls(outcome.calls), "mutating API calls").to.deep.equal([]);
      });
    }
  }

  it("no message holds a credential", () => {
    expect(messages).to.have.length(count);
    const hits = scanForSecrets({
      secrets: [
        { name: "secret key", value: DEFAULT_CREDENTIALS.secretKey },
        { name: "access key", value: DEFAULT_CREDENTIALS.accessKey },
      ],
      dirs: [],
      texts: messages.map((text, i) => ({ source: `message ${i}`, text })),
    });
    expect(hits).to.deep.equal([]);
  });
});
