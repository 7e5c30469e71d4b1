import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { RawApi } from "../helpers/official-signer";

// Every injected fault kind, seen over HTTP, and what it leaves behind in the state.

describe("emulator: injected faults", () => {
  let emulator: RunningEmulator;
  let api: RawApi;
  let a: string;
  let b: string;

  before(async () => {
    emulator = await startEmulator({ now: "2026-03-10T04:00:00Z", rateLimit: 1000 });
    api = new RawApi(emulator.url);
  });
  after(() => emulator.stop());
  beforeEach(async () => {
    await emulator.admin.reset();
    [a, b] = (await emulator.admin.seed({ count: 2, expiryWithinDays: [20, 20] })).phones.map(
      (p) => p.resourceId,
    );
  });

  const renewA = () => api.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 1 });
  const orderCount = async () => (await emulator.admin.state()).orders.length;
  const expiryOf = async (id: string) => (await api.query({ resource_ids: [id] })).json.data[0].expire_time;

  it("5xx: answers 500 CBC.0999 before committing anything, once", async () => {
    await emulator.admin.addFault({ kind: "5xx", api: "renew" });
    const failed = await renewA();
    expect([failed.status, failed.json.error_code]).to.deep.equal([500, "CBC.0999"]);
    expect(await orderCount()).to.equal(0);
    expect((await renewA()).status).to.equal(200);
    expect(await orderCount()).to.equal(1);
  });

  it("429: answers 429 with Retry-After", async () => {
    await emulator.admin.addFault({ kind: "429", api: "query", count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api.query({});
      expect(res.status).to.equal(429);
      expect(res.headers["retry-after"]).to.equal("1");
      expect(res.json.error_code).to.equal("APIGW.0308");
    }
    expect((await api.query({})).status).to.equal(200);
  });

  it("latency: delays the answer", async () => {
    await emulator.admin.addFault({ kind: "latency", api: "query", latencyMs: 300 });
    const started = Date.now();
    expect((await api.query({})).status).to.equal(200);
    expect(Date.now() - started).to.be.at.least(290);
  });

  it("reset: drops the connection before anything is done", async () => {
    await emulator.admin.addFault({ kind: "reset", api: "renew" });
    await renewA().then(
      () => expect.fail("the connection should have been reset"),
      (error: NodeJS.ErrnoException) => expect(error.code).to.be.oneOf(["ECONNRESET", "EPIPE"]),
    );
    expect(await orderCount()).to.equal(0);
    expect(await expiryOf(a)).to.equal("2026-03-30T15:59:59Z");
  });

  it("commit-then-drop: renews and charges, then drops the connection", async () => {
    await emulator.admin.addFault({ kind: "commit-then-drop", api: "renew" });
    await renewA().then(
      () => expect.fail("the connection should have been dropped"),
      (error: NodeJS.ErrnoException) => expect(error.code).to.be.oneOf(["ECONNRESET", "EPIPE"]),
    );
    const state = await emulator.admin.state();
    expect(state.orders).to.have.length(1);
    expect(state.orders[0].status).to.equal(5);
    expect(state.balance).to.equal(100000 - 129);
    expect(await expiryOf(a)).to.equal("2026-04-30T15:59:59Z");
  });

  it("insufficient-balance: automatic payment fails with no order; paying an order fails and leaves it pending", async () => {
    await emulator.admin.addFault({ kind: "insufficient-balance", api: "renew" });
    const failed = await renewA();
    expect([failed.status, failed.json.error_code]).to.deep.equal([400, "CBC.30050006"]);
    expect(await orderCount()).to.equal(0);
    expect(await emulator.admin.getBalance()).to.equal(100000);

    const [orderId] = (await api.renew({ resource_ids: [b], period_type: 2, period_num: 1 })).json.order_ids;
    await emulator.admin.addFault({ kind: "insufficient-balance", api: "pay" });
    const pay = await api.pay(orderId);
    expect([pay.status, pay.json.error_code]).to.deep.equal([400, "CBC.99005003"]);
    expect((await api.order(orderId)).json.order_info.status).to.equal(6);
    expect((await api.pay(orderId)).status).to.equal(204);
  });

  it("insufficient-balance also follows the real balance", async () => {
    await emulator.admin.setBalance(100);
    const res = await renewA();
    expect(res.json.error_code).to.equal("CBC.30050006");
    expect(await emulator.admin.getBalance()).to.equal(100);
  });

  it("frozen-phone: the phone shows frozen and cannot be renewed or put on auto-renew until faults are cleared", async () => {
    await emulator.admin.addFault({ kind: "frozen-phone", resourceId: a });
    expect((await api.query({ resource_ids: [a] })).json.data[0].status).to.equal(4);
    const instance = (await api.instances({ page_no: "1", page_size: "10", instance_id: a })).json.data
      .result[0];
    expect(instance.frozen_status).to.equal(1);

    const renew = await api.renew({ resource_ids: [a, b], period_type: 2, period_num: 1, is_auto_pay: 1 });
    expect(renew.status).to.equal(200);
    expect(renew.json.order_ids).to.have.length(1);
    expect(renew.json.fail_resource_infos[0]).to.include({ resource_id: a, error_code: "CBC.99003631" });
    const rate = await api.rate({ resource_ids: [a], period_type: 2, period_num: 1 });
    expect(rate.json.fail_resource_infos[0].error_code).to.equal("CBC.30050011");
    const autoRenew = await api.autoRenewOn(a);
    expect([autoRenew.status, autoRenew.json.error_code]).to.deep.equal([400, "CBC.99003602"]);

    await emulator.admin.clearFaults();
    expect((await api.query({ resource_ids: [a] })).json.data[0].status).to.equal(2);
    expect((await renewA()).status).to.equal(200);
  });

  it("aims a fault at one resource, and a count of -1 never runs out", async () => {
    await emulator.admin.addFault({ kind: "5xx", api: "renew", resourceId: b, count: -1 });
    expect((await renewA()).status).to.equal(200);
    for (let i = 0; i < 3; i++) {
      expect((await api.renew({ resource_ids: [b], period_type: 2, period_num: 1 })).status).to.equal(500);
    }
    expect(await emulator.admin.listFaults()).to.have.length(1);
  });
});
