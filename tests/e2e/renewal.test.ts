import { expect } from "chai";
import { DateTime } from "luxon";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { KooPhoneClient } from "../../provider/client";
import { FLEET_PROJECT, fleetConfig, setFleet } from "../../harness/fleet-project";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, exportedResources, TestStack } from "../../harness/project-stack";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { PlannedRenewal } from "../../provider/resources/subscription-state";
import { apiOrders, duePhones, expiries } from "../support/emulator-state";

// Fleets through the engine, for what only it shows: renewals meeting in orders under --parallel, the state's
// size, drift and console renewals seen by preview and refresh, the policy applied before the renewals of the same
// up, a failure after payment kept in the state, the CLI's warning. Mode changes, deletion and the money guard of
// the same fleets run on the providers in tests/inprocess/fleet-settings.test.ts.

const PARALLEL = 64; // renewals meet in one order only when the engine runs them concurrently

/** One subscription step of a preview: its operation and the renewal its new inputs plan, if any. */
interface PlannedStep {
  phoneId: string;
  op: string;
  renewal?: PlannedRenewal;
}

/** Runs `pulumi preview --diff`; the subscription steps with the renewal each plans. */
async function previewSteps(
  stack: Stack,
): Promise<{ steps: PlannedStep[]; changeSummary: Record<string, number>; output: string }> {
  const steps: PlannedStep[] = [];
  const onEvent = (event: EngineEvent) => {
    const meta = event.resourcePreEvent?.metadata;
    if (!meta || !meta.type.endsWith(":KooPhoneSubscription")) return;
    const inputs = (meta.new?.inputs ?? meta.old?.inputs ?? {}) as Record<string, unknown>;
    const renewal = meta.new?.inputs?.renewal as PlannedRenewal | undefined;
    steps.push({ phoneId: String(inputs.phoneId), op: meta.op, ...(renewal ? { renewal } : {}) });
  };
  const result = await stack.preview({ diff: true, onEvent });
  const output = `${result.stdout}${result.stderr}`;
  return { steps, changeSummary: result.changeSummary as Record<string, number>, output };
}

/** The phones a preview plans to renew: those whose step is a change carrying a renewal. */
function phonesToRenew(steps: PlannedStep[]): string[] {
  return steps
    .filter((s) => s.op !== "same" && s.renewal !== undefined)
    .map((s) => s.phoneId)
    .sort();
}

function dayInBillingZone(apiTime: string): { day: number; time: string } {
  const local = DateTime.fromISO(apiTime, { zone: "utc" }).setZone("UTC+8");
  return { day: local.day, time: local.toFormat("HH:mm:ss") };
}

describe("e2e: a fleet under one renewal policy (real engine, emulator)", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let ids: string[];
  const policy = {
    renewalDay: 15,
    period: { unit: "month" as const, count: 1 },
    renewBefore: "P30D",
    autoPay: true,
  };

  before(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
    const seeded = await cloud.admin.seed({
      count: 30,
      expiryWithinDays: [1, 60],
      rngSeed: 7,
      balance: 1_000_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: { ...cloud.stackConfig, ...fleetConfig(policy, { phoneIds: ids }) },
    });
  });
  after(async () => {
    await test?.remove();
    await cloud?.stop();
  });

  it("previews a renewal on exactly the due phones of a first up, renews them in ceil(due/10) orders", async () => {
    const before = await cloud.admin.state();
    const due = duePhones(before, 30, ids);
    expect(due.length).to.be.within(5, 25);

    const preview = await previewSteps(test.stack);
    expect(preview.steps).to.have.length(30);
    expect(phonesToRenew(preview.steps)).to.deep.equal(due);
    for (const step of preview.steps.filter((s) => due.includes(s.phoneId))) {
      expect(step.renewal?.from).to.equal(expiries(before).get(step.phoneId));
    }
    expect(await apiOrders(await cloud.admin.state())).to.have.length(0);

    await cloud.admin.resetCounters();
    const up = await test.stack.up({ parallel: PARALLEL });
    expect(up.summary.result).to.equal("succeeded");
    const after = await cloud.admin.state();
    const orders = apiOrders(after);
    expect(orders).to.have.length(Math.ceil(due.length / 10));
    const renewed = orders.flatMap((o) => o.lineItems.map((l) => l.resourceId)).sort();
    expect(renewed).to.deep.equal(due);
    for (const id of due) {
      expect(dayInBillingZone(expiries(after).get(id) as string)).to.deep.equal({
        day: 15,
        time: "23:59:59",
      });
    }
    for (const id of ids.filter((i) => !due.includes(i))) {
      expect(expiries(after).get(id)).to.equal(expiries(before).get(id));
    }
    const counters = await cloud.admin.counters();
    const resources = await exportedResources(test.stack);
    const subs = resources.filter((r) => r.type.endsWith(":KooPhoneSubscription"));
    for (const sub of subs) {
      const renewed = due.includes(String(sub.id));
      expect(sub.outputs?.expireTime).to.equal(expiries(after).get(String(sub.id)));
      expect(sub.outputs?.lastRenewal !== undefined, String(sub.id)).to.equal(renewed);
      expect(sub.inputs).to.not.have.property("policy");
    }
    const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null));
    const stateBytes = Math.max(...subs.map(bytes));
    const providerBytes = Buffer.byteLength(String(subs[0]?.inputs?.__provider ?? ""));
    const own = (props: Record<string, unknown> = {}) => bytes({ ...props, __provider: undefined });
    const largest = subs.reduce((a, b) => (bytes(a) >= bytes(b) ? a : b));
    console.log(
      `      phones 30, due ${due.length}, orders ${orders.length} ` +
        `(${orders.map((o) => o.lineItems.length).join("+")} phones), API calls ${JSON.stringify(counters)}, ` +
        `state at most ${stateBytes} bytes per subscription: serialized provider ${providerBytes} bytes twice, ` +
        `inputs ${own(largest.inputs)}, outputs ${own(largest.outputs)}, the rest (URNs, dependencies) ` +
        `${stateBytes - 2 * providerBytes - own(largest.inputs) - own(largest.outputs)}`,
    );
    // The inputs and outputs the provider writes; the serialized provider and the engine's own fields come on top.
    expect(own(largest.inputs) + own(largest.outputs)).to.be.at.most(1024);

    const again = await previewSteps(test.stack);
    expect(again.changeSummary).to.deep.equal({ same: 33 }); // the stack, the policy, the fleet, 30 phones
  });

  it("after 40 days, previews the phones that drifted and batch-renews them", async () => {
    await cloud.admin.advanceClock({ days: 40 });
    const before = await cloud.admin.state();
    const due = duePhones(before, 30, ids);
    expect(due.length).to.be.greaterThan(0);
    const ordersBefore = apiOrders(before).length;

    const preview = await previewSteps(test.stack);
    expect(
      preview.steps
        .filter((s) => s.op === "update")
        .map((s) => s.phoneId)
        .sort(),
    ).to.deep.equal(due);
    expect(phonesToRenew(preview.steps)).to.deep.equal(due);

    const up = await test.stack.up({ parallel: PARALLEL });
    expect(up.summary.resourceChanges?.update).to.equal(due.length);
    const after = await cloud.admin.state();
    const newOrders = apiOrders(after).slice(ordersBefore);
    expect(newOrders).to.have.length(Math.ceil(due.length / 10));
    expect(newOrders.flatMap((o) => o.lineItems.map((l) => l.resourceId)).sort()).to.deep.equal(due);
    for (const id of due) expect(dayInBillingZone(expiries(after).get(id) as string).day).to.equal(15);
    expect((await previewSteps(test.stack)).changeSummary).to.deep.equal({ same: 33 });
  });

  it("does not renew again a phone renewed in the console between runs, records its new expiry; refresh agrees", async () => {
    await cloud.admin.advanceClock({ days: 25 });
    const before = await cloud.admin.state();
    const due = duePhones(before, 30, ids);
    expect(due.length).to.be.greaterThan(1);
    const renewedInConsole = due[0];
    await cloud.admin.consoleRenew(renewedInConsole, { unit: "month", count: 3 });
    const consoleExpiry = expiries(await cloud.admin.state()).get(renewedInConsole);
    const ordersBefore = apiOrders(before).length;

    const preview = await previewSteps(test.stack);
    const planned = phonesToRenew(preview.steps);
    expect(planned).to.deep.equal(due.slice(1));

    await test.stack.up({ parallel: PARALLEL });
    const after = await cloud.admin.state();
    const lines = apiOrders(after)
      .slice(ordersBefore)
      .flatMap((o) => o.lineItems.map((l) => l.resourceId));
    expect(lines).to.not.include(renewedInConsole);
    expect(lines.sort()).to.deep.equal(due.slice(1));
    expect(expiries(after).get(renewedInConsole)).to.equal(consoleExpiry);

    const refresh = await test.stack.refresh();
    expect(refresh.summary.result).to.equal("succeeded");
    const state = await exportedResources(test.stack);
    const phone = state.find((r) => r.type.endsWith(":KooPhoneSubscription") && r.id === renewedInConsole);
    expect(phone?.outputs?.expireTime).to.equal(consoleExpiry);
    expect((await previewSteps(test.stack)).changeSummary).to.deep.equal({ same: 33 });
  });

  it("a new renewalDay is set on the account before the renewals of the same up; only due phones change", async () => {
    await cloud.admin.advanceClock({ days: 30 });
    const before = await cloud.admin.state();
    const due = duePhones(before, 30, ids);
    expect(due.length).to.be.greaterThan(0);
    await setFleet(test.stack, { ...policy, renewalDay: 20 }, { phoneIds: ids });

    const preview = await previewSteps(test.stack);
    expect(phonesToRenew(preview.steps)).to.deep.equal(due);
    for (const step of preview.steps.filter((s) => due.includes(s.phoneId))) {
      expect(dayInBillingZone(step.renewal?.to as string).day).to.equal(20);
    }
    // A new renewal day changes no other phone's plan, so no other phone changes.
    expect(preview.changeSummary.update).to.equal(due.length + 1); // and the policy
    await test.stack.up({ parallel: PARALLEL });
    const after = await cloud.admin.state();
    expect(after.config.EXPIRE_DATE).to.equal("20");
    for (const id of due) expect(dayInBillingZone(expiries(after).get(id) as string).day).to.equal(20);
  });
});

describe("e2e: a failure after payment is recorded, and refresh and destroy still work", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let ids: string[];
  const policy = { renewalDay: 15, renewBefore: "P30D" };

  before(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
    const seeded = await cloud.admin.seed({
      count: 2,
      expiryWithinDays: [3, 5],
      rngSeed: 5,
      balance: 100_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: { ...cloud.stackConfig, ...fleetConfig(policy, { phoneIds: ids, mode: "auto" }) },
    });
  });
  after(async () => {
    await test?.remove();
    await cloud?.stop();
  });

  it("auto-renew fails after the renewal was paid: up fails naming the order, the state records the renewal", async () => {
    await cloud.admin.addFault({ kind: "5xx", api: "autorenew-on", count: -1 });
    let failure = "";
    try {
      await test.stack.up({ parallel: PARALLEL });
    } catch (error) {
      failure = String(error);
    }
    await cloud.admin.clearFaults();
    const orders = apiOrders(await cloud.admin.state()).filter((o) => o.status === 5);
    expect(orders).to.have.length(1);
    expect(failure).to.contain(orders[0].orderId).and.not.contain("nothing was changed");

    const recorded = (await exportedResources(test.stack)).filter((r) =>
      r.type.endsWith(":KooPhoneSubscription"),
    );
    expect(recorded.map((r) => r.id).sort()).to.deep.equal(ids);
    for (const sub of recorded) {
      expect(sub.outputs?.__provider, "the serialized provider is kept").to.be.a("string");
      expect((sub.outputs?.lastRenewal as { orderId?: string } | undefined)?.orderId).to.equal(
        orders[0].orderId,
      );
    }

    const refresh = await test.stack.refresh();
    expect(refresh.summary.result).to.equal("succeeded");
    const up = await test.stack.up({ parallel: PARALLEL });
    expect(up.summary.result).to.equal("succeeded");
    expect(apiOrders(await cloud.admin.state()).filter((o) => o.status === 5)).to.have.length(1);
    const destroy = await test.stack.destroy({ parallel: PARALLEL });
    expect(destroy.summary.result).to.equal("succeeded");
  });
});

describe("e2e: the account's renewal day for a subscription without a policy", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let phone: string;

  // Account day 1 (as another stack's policy set it), phone expiring 2027-11-02T15:59:59Z, now 2027-10-30.
  before(async () => {
    cloud = await startTestCloud({ now: "2027-10-30T00:00:00Z" });
    const seeded = await cloud.admin.seed({ count: 1, expiryWithinDays: [3, 3], balance: 100_000 });
    phone = seeded.phones[0].resourceId;
    const client = new KooPhoneClient({
      endpoint: cloud.url,
      koophoneEndpoint: cloud.url,
      credentials: DEFAULT_CREDENTIALS,
    });
    await client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "1" });
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: { ...cloud.stackConfig, ...fleetConfig(undefined, { phoneIds: [phone] }) },
    });
  });
  after(async () => {
    await test?.remove();
    await cloud?.stop();
  });

  it("unstated, the preview's renewal says its day is unknown and the preview warns", async () => {
    const preview = await previewSteps(test.stack);
    expect(preview.steps[0].renewal).to.include({ to: "2027-12-02T15:59:59Z", renewalDay: "unknown" });
    // The provider's warning, through the engine's log, in what the CLI prints (with --diff, on stderr).
    expect(preview.output).to.match(/warning: .*renewal\.renewalDay "unknown".*koophone:renewalDay/s);
  });
});

describe("e2e: the run's budget: the balance at preview, the cap per run", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let ids: string[];

  before(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
    const seeded = await cloud.admin.seed({ count: 6, expiryWithinDays: [2, 20], rngSeed: 11, balance: 200 });
    ids = seeded.phones.map((p) => p.resourceId).sort();
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: {
        ...cloud.stackConfig,
        ...fleetConfig(undefined, { phoneIds: ids }),
        "koophone:renewalDay": { value: "none" },
      },
    });
  });
  after(async () => {
    await test?.remove();
    await cloud?.stop();
  });

  it("up with too little balance fails in its preview, naming amount, balance and shortfall, with 0 orders", async () => {
    await cloud.admin.resetCounters();
    // As a user runs it: `pulumi up` previews first (the Automation API's up skips the preview).
    const up = await test.pulumi(["up", "--yes", "--parallel", String(PARALLEL)]);
    const output = `${up.stdout}${up.stderr}`;
    expect(up.code, output).to.not.equal(0);
    expect(output).to.contain("Previewing update");
    // Each monthly renewal of the seeded SKU costs 129.00 CNY: the second phone checked passes the 200.00.
    expect(output).to.contain(
      "the account cannot pay this run's renewals: at least 258.00 CNY is due, the balance that can pay it " +
        "(cash and available credit) is 200.00 CNY, 58.00 CNY short. Nothing was ordered. Top up the account by " +
        "at least 58.00 CNY",
    );
    const counters = await cloud.admin.counters();
    expect([counters.renew ?? 0, counters.pay ?? 0, counters.balances]).to.deep.equal([0, 0, 1]);
    const state = await cloud.admin.state();
    expect(apiOrders(state)).to.have.length(0);
    expect(state.balance).to.equal(200);
  });

  it("balanceCheck warn passes and says so; a cap lists, per phone, the due phones left for a later run", async () => {
    await test.stack.setAllConfig({
      "koophone:balanceCheck": { value: "warn" },
      "koophone:maxRunAmount": { value: "300" },
    });
    const before = await cloud.admin.state();
    const due = duePhones(before, 30, ids);
    const soonestFirst = [...due].sort((a, b) =>
      (expiries(before).get(a) ?? "").localeCompare(expiries(before).get(b) ?? ""),
    );
    const preview = await previewSteps(test.stack);
    expect(preview.output).to.contain('koophone:balanceCheck is "warn", so the run goes on');
    const renewed = phonesToRenew(preview.steps);
    // Each monthly renewal of the seeded SKU costs 129.00 CNY: two fit under 300.00.
    expect(renewed).to.deep.equal(soonestFirst.slice(0, 2).sort());
    for (const deferred of soonestFirst.slice(2)) {
      expect(preview.output).to.contain(
        `${deferred}: left for a later run: the run's cap of 300.00 CNY is reached (`,
      );
    }
    expect(apiOrders(await cloud.admin.state())).to.have.length(0);
  });
});
