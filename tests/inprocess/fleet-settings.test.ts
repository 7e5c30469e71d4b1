import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { providerRuns, SHORT_WINDOWS } from "./provider-fixture";
import { ModelStack } from "./stack-model";
import { apiOrders, duePhones, expiries } from "../support/emulator-state";

// A fleet under a RenewalPolicy across runs, in-process, the providers called as the engine calls them for
// FLEET_PROJECT: modes set and undone, deletion with onDelete manual and retain, the money guard, and autoPay off
// with too little balance. The e2e tests of the same fleet (tests/e2e/renewal.test.ts) keep what only the engine
// shows: batching by --parallel, the state's size, the policy set before the renewals of the same up.

const NOW = "2026-11-26T04:00:00Z";

/** Thirty phones' mode calls a run, paced for the emulator (rateLimit 1000) rather than for Billing Center. */
const FAST = { ...SHORT_WINDOWS, client: { callsPerSecond: 1000 } };

/** Every step of a preview that is not "same". */
async function changesOf(stack: ModelStack): Promise<string[]> {
  const preview = await stack.preview();
  expect(preview.errors).to.deep.equal([]);
  return [...preview.ops].filter(([, op]) => op !== "same").map(([id, op]) => `${id} ${op}`);
}

/** The up's errors, joined as the CLI's failure shows them all. */
function failureOf(result: { errors: { message: string }[] }): string {
  return result.errors.map((e) => e.message).join("\n");
}

describe("a fleet's modes and deletion (in-process)", function () {
  this.timeout(30_000);
  let cloud: RunningEmulator;
  let stack: ModelStack;
  let ids: string[];
  const policy = { renewalDay: 20, period: { unit: "month", count: 1 }, renewBefore: "P30D", autoPay: true };

  before(async () => {
    cloud = await startEmulator({ now: NOW, rateLimit: 1000 });
    // Not due: the runs below change modes only, as the e2e fleet's did once its due phones were renewed.
    const seeded = await cloud.admin.seed({
      count: 30,
      expiryWithinDays: [40, 60],
      rngSeed: 7,
      balance: 1_000_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
    stack = new ModelStack(
      providerRuns(() => cloud, FAST),
      { policy, fleet: { phoneIds: ids } },
    );
    expect((await stack.up()).errors).to.deep.equal([]);
  });
  after(() => cloud.stop());

  it("mode changes: auto enables auto-renew, payPerUseAfterExpiry sets it up, manual undoes both", async () => {
    const modeOf = async () => {
      const state = await cloud.admin.state();
      return new Set(
        state.subscriptions
          .filter((s) => ids.includes(s.resourceId))
          .map((s) => `${s.autoRenew ? "autoRenew" : "-"}/${s.payPerUseAfterExpiry ? "payPerUse" : "-"}`),
      );
    };
    stack.declared = { policy, fleet: { phoneIds: ids, mode: "auto" } };
    expect((await stack.up()).errors).to.deep.equal([]);
    expect([...(await modeOf())]).to.deep.equal(["autoRenew/-"]);

    stack.declared = { policy, fleet: { phoneIds: ids, mode: "payPerUseAfterExpiry" } };
    expect((await stack.up()).errors).to.deep.equal([]);
    expect([...(await modeOf())]).to.deep.equal(["-/payPerUse"]);

    stack.declared = { policy, fleet: { phoneIds: ids, mode: "manual" } };
    expect((await stack.up()).errors).to.deep.equal([]);
    expect([...(await modeOf())]).to.deep.equal(["-/-"]);
    expect(await changesOf(stack)).to.deep.equal([]);
  });

  it("destroy with onDelete manual turns auto-renew off and unsubscribes nothing", async () => {
    stack.declared = { policy, fleet: { phoneIds: ids, mode: "auto", onDelete: "manual" } };
    expect((await stack.up()).errors).to.deep.equal([]);
    const before = await cloud.admin.state();
    expect(before.subscriptions.filter((s) => s.autoRenew)).to.have.length(30);
    const destroy = await stack.destroy();
    expect(destroy.result, failureOf(destroy)).to.equal("succeeded");
    expect([...stack.state.keys()]).to.deep.equal([]);
    const after = await cloud.admin.state();
    expect(after.subscriptions.filter((s) => s.autoRenew)).to.have.length(0);
    expect(after.subscriptions.filter((s) => s.status === 3)).to.have.length(0);
    expect(expiries(after)).to.deep.equal(expiries(before));
  });
});

describe("money guard, autoPay off, destroy with retain (in-process)", function () {
  this.timeout(30_000);
  let cloud: RunningEmulator;
  let stack: ModelStack;
  let ids: string[];
  const policy = { renewalDay: 15, renewBefore: "P30D" };

  before(async () => {
    cloud = await startEmulator({ now: NOW, rateLimit: 1000 });
    const seeded = await cloud.admin.seed({
      count: 6,
      expiryWithinDays: [2, 20],
      rngSeed: 3,
      balance: 100_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
    stack = new ModelStack(
      providerRuns(() => cloud, FAST),
      {
        policy,
        fleet: { phoneIds: ids, maxOrderAmount: 1 },
      },
    );
  });
  after(() => cloud.stop());

  it("maxOrderAmount too low: up fails before any order, naming phones and amounts; raised, up succeeds", async () => {
    const balance = (await cloud.admin.state()).balance;
    const up = await stack.up();
    expect(up.result).to.equal("failed");
    const failure = failureOf(up);
    expect(failure).to.contain("maxOrderAmount");
    for (const id of ids) expect(failure).to.contain(id);
    expect(failure).to.match(/\d+\.\d{2} CNY/);
    const state = await cloud.admin.state();
    expect(apiOrders(state)).to.have.length(0);
    expect(state.balance).to.equal(balance);
    expect((await cloud.admin.counters()).renew ?? 0).to.equal(0);

    stack.declared = { policy, fleet: { phoneIds: ids, maxOrderAmount: 10_000 } };
    const raised = await stack.up();
    expect(raised.result, failureOf(raised)).to.equal("succeeded");
    expect(apiOrders(await cloud.admin.state())).to.have.length(1);
  });

  it("autoPay off with too little balance: clear error, unpaid order cancelled; after a top-up, renewed once", async () => {
    await cloud.admin.advanceClock({ days: 25 });
    const before = await cloud.admin.state();
    const due = duePhones(before, 30, ids);
    expect(due.length).to.be.greaterThan(0);
    await cloud.admin.setBalance(0);
    // The payment's own failure: with balanceCheck "fail" the check would stop the run before any order.
    stack.config = { "koophone:balanceCheck": "warn" };
    stack.declared = { policy: { ...policy, autoPay: false }, fleet: { phoneIds: ids } };
    const up = await stack.up();
    expect(up.result).to.equal("failed");
    const failure = failureOf(up);
    expect(failure).to.contain("insufficient balance");
    expect(failure).to.contain("cancelled");
    const failed = await cloud.admin.state();
    const unpaid = apiOrders(failed).slice(apiOrders(before).length);
    expect(unpaid).to.have.length(1);
    expect(unpaid[0].status).to.equal(4);
    expect(expiries(failed)).to.deep.equal(expiries(before));

    await cloud.admin.setBalance(100_000);
    stack.config = {};
    const toppedUp = await stack.up();
    expect(toppedUp.result, failureOf(toppedUp)).to.equal("succeeded");
    const after = await cloud.admin.state();
    const paid = apiOrders(after)
      .filter((o) => o.status === 5)
      .slice(1);
    expect(paid).to.have.length(1);
    expect(paid[0].lineItems.map((l) => l.resourceId).sort()).to.deep.equal(due);
    expect(await changesOf(stack)).to.deep.equal([]);
  });

  it("destroy with onDelete retain touches nothing", async () => {
    stack.declared = { policy, fleet: { phoneIds: ids, mode: "auto" } };
    expect((await stack.up()).errors).to.deep.equal([]);
    const before = await cloud.admin.state();
    await cloud.admin.resetCounters();
    const destroy = await stack.destroy();
    expect(destroy.result, failureOf(destroy)).to.equal("succeeded");
    const after = await cloud.admin.state();
    expect(after.subscriptions).to.deep.equal(before.subscriptions);
    expect(after.config).to.deep.equal(before.config);
    const counters = await cloud.admin.counters();
    expect(Object.keys(counters).filter((api) => api !== "query" && (counters[api] ?? 0) > 0)).to.deep.equal(
      [],
    );
  });
});
