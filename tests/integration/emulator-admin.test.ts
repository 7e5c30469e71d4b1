import { expect } from "chai";
import { API_NAMES, EmulatorAdminError, RunningEmulator, startEmulator } from "../../emulator";
import { RawApi } from "../helpers/official-signer";

// The admin API: seeding, the clock, counters, console renewals, the balance, the state dump.

describe("emulator: admin API", () => {
  let emulator: RunningEmulator;
  let api: RawApi;

  before(async () => {
    emulator = await startEmulator({ now: "2026-03-10T04:00:00Z", rateLimit: 1000 });
    api = new RawApi(emulator.url);
  });
  after(() => emulator.stop());
  beforeEach(async () => {
    await emulator.admin.reset();
    await emulator.admin.setClock("2026-03-10T04:00:00Z");
  });

  it("seeds the same fleet for the same rngSeed, with the asked shares", async () => {
    const opts = {
      count: 20,
      rngSeed: 42,
      autoRenewShare: 0.25,
      payPerUseShare: 0.1,
      frozenShare: 0.1,
      payPerUseBilledShare: 0.05,
      namePrefix: "fleet",
    };
    const { phones } = await emulator.admin.seed(opts);
    await emulator.admin.reset();
    expect((await emulator.admin.seed(opts)).phones).to.deep.equal(phones);
    await emulator.admin.reset();
    expect((await emulator.admin.seed({ ...opts, rngSeed: 43 })).phones).to.not.deep.equal(phones);

    const count = (pick: (p: (typeof phones)[number]) => boolean) => phones.filter(pick).length;
    expect(count((p) => p.expirePolicy === 3)).to.equal(5);
    expect(count((p) => p.expirePolicy === 1)).to.equal(2);
    expect(count((p) => p.status === 4)).to.equal(2);
    expect(count((p) => p.billingMode === "postPaid")).to.equal(1);
    expect(phones.map((p) => p.name)).to.include.members(["fleet-001", "fleet-020"]);
    for (const phone of phones.filter((p) => p.status === 2)) {
      const days = (Date.parse(phone.expireTime ?? "") - Date.parse("2026-03-10T04:00:00Z")) / 86_400_000;
      expect(days).to.be.within(1, 91);
      expect(phone.expireTime).to.match(/T15:59:59Z$/);
    }
    // A pay-per-use billed phone is a KooPhone instance without a BSS subscription.
    const billed = phones.find((p) => p.billingMode === "postPaid");
    expect((await api.query({ resource_ids: [billed?.resourceId] })).json.total_count).to.equal(0);
    const listed = await api.instances({ page_no: "1", page_size: "50" });
    expect(listed.json.data.total_count).to.equal(20);
  });

  it("continues the numbering of names on a second seed and refuses shares over the whole", async () => {
    await emulator.admin.seed({ count: 2 });
    const { phones } = await emulator.admin.seed({ count: 2, rngSeed: 9 });
    expect(phones.map((p) => p.name)).to.deep.equal(["phone-003", "phone-004"]);
    await emulator.admin.seed({ count: 2, autoRenewShare: 0.8, frozenShare: 0.8 }).then(
      () => expect.fail("shares over 1 should be refused"),
      (error: EmulatorAdminError) => expect(error.status).to.equal(400),
    );
  });

  it("sets and advances the clock", async () => {
    expect(await emulator.admin.setClock("2026-05-01T10:20:30.999+08:00")).to.equal("2026-05-01T02:20:30Z");
    expect(await emulator.admin.advanceClock({ days: 1, hours: 2, minutes: 3 })).to.equal(
      "2026-05-02T04:23:30Z",
    );
    expect(await emulator.admin.getClock()).to.equal("2026-05-02T04:23:30Z");
  });

  it("counts every API under its short name", async () => {
    const [phone] = (await emulator.admin.seed({ count: 1 })).phones.map((p) => p.resourceId);
    const renewal = { resource_ids: [phone], period_type: 2, period_num: 1 };
    await api.query({});
    const [orderId] = (await api.renew(renewal)).json.order_ids;
    await api.rate(renewal);
    await api.autoRenewOn(phone);
    await api.autoRenewOff(phone);
    await api.toOnDemand({ operation: "CANCEL", resource_ids: [phone] });
    await api.renewConfig({ config_name: "DEDUCTION_DATE", config_value: "5" });
    await api.listOrders();
    await api.order(orderId);
    await api.cancel(orderId);
    await api.pay(orderId);
    await api.instances({ page_no: "1", page_size: "10" });
    await api.instanceStatus([phone]);
    await api.balances();
    expect(await emulator.admin.counters()).to.deep.equal(
      Object.fromEntries(API_NAMES.map((name) => [name, 1])),
    );
    await emulator.admin.resetCounters();
    expect(await emulator.admin.counters()).to.deep.equal({});
  });

  it("renews from the console: a paid renewal order, and no second one over a pending order", async () => {
    const [a, b] = (await emulator.admin.seed({ count: 2, expiryWithinDays: [20, 20] })).phones.map(
      (p) => p.resourceId,
    );
    const renewal = await emulator.admin.consoleRenew(a, { unit: "month", count: 2 });
    expect(renewal).to.include({ expireTime: "2026-05-30T15:59:59Z", amount: 258 });
    const details = await api.order(renewal.orderId);
    expect(details.json.order_info).to.include({ status: 5, order_type: 2 });
    expect(await emulator.admin.getBalance()).to.equal(100000 - 258);

    await api.renew({ resource_ids: [b], period_type: 2, period_num: 1 });
    await emulator.admin.consoleRenew(b, { unit: "month", count: 1 }).then(
      () => expect.fail("a pending order should block the console too"),
      (error: EmulatorAdminError) => expect([error.status, error.code]).to.deep.equal([409, "CBC.99003100"]),
    );
  });

  it("sets the balance and dumps the whole state", async () => {
    await emulator.admin.seed({ count: 2, autoRenewShare: 0.5 });
    expect(await emulator.admin.setBalance(12.34)).to.equal(12.34);
    const state = await emulator.admin.state();
    expect(state.balance).to.equal(12.34);
    expect(state.now).to.match(/Z$/);
    expect(state.config).to.deep.equal({ DEDUCTION_DATE: "7" });
    expect(state.phones).to.have.length(2);
    expect(state.subscriptions.map((s) => s.expirePolicy).sort()).to.deep.equal([0, 3]);
    expect(state.orders).to.deep.equal([]);
    expect(state.faults).to.deep.equal([]);
  });

  it("refuses a bad fault or an unknown operation", async () => {
    await emulator.admin.addFault({ kind: "frozen-phone" }).then(
      () => expect.fail("frozen-phone needs a resourceId"),
      (error: EmulatorAdminError) => expect(error.status).to.equal(400),
    );
    await emulator.admin.addFault({ kind: "5xx", api: "no-such-api" }).then(
      () => expect.fail("an unknown api should be refused"),
      (error: EmulatorAdminError) => expect(error.message).to.include("api"),
    );
  });
});
