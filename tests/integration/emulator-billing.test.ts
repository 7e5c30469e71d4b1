import { expect } from "chai";
import { parseApiTime, formatApiTime } from "../../provider/planner/billing-time";
import { renewedExpiry } from "../../provider/planner/renewal-day";
import { RunningEmulator, startEmulator } from "../../emulator";
import { RawApi } from "../helpers/official-signer";

// Billing behaviours through the API: pending orders, the grace period, the renewal day and its pro-rata price,
// auto-renew charges as the clock moves, and what happens to a phone as its expiry passes.

const START = "2026-03-10T04:00:00Z"; // 12:00 in UTC+8
const MAR_30_END = "2026-03-30T15:59:59Z"; // 23:59:59 UTC+8, 20 days after START
const STANDARD_MONTH = 129; // koophone.standard.4u8g, yuan
const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("emulator: billing", () => {
  let emulator: RunningEmulator;
  let api: RawApi;

  before(async () => {
    emulator = await startEmulator({ now: START, rateLimit: 1000 });
    api = new RawApi(emulator.url);
  });
  after(() => emulator.stop());
  beforeEach(async () => {
    await emulator.admin.reset();
    await emulator.admin.setClock(START);
  });

  async function seed(count: number, extra: Record<string, unknown> = {}): Promise<string[]> {
    const { phones } = await emulator.admin.seed({ count, expiryWithinDays: [20, 20], ...extra });
    return phones.map((p) => p.resourceId);
  }

  async function resource(id: string) {
    const res = await api.query({ resource_ids: [id] });
    expect(res.status).to.equal(200);
    return res.json.data[0];
  }

  async function orderStatus(orderId: string): Promise<number> {
    return (await api.order(orderId)).json.order_info.status;
  }

  it("answers ShowCustomerAccountBalances with the cash account, moved by each payment and top-up", async () => {
    const cash = async () => {
      const { account_balances } = (await api.balances()).json;
      expect(account_balances).to.have.length(1);
      expect(account_balances[0]).to.include({ account_type: 1, currency: "CNY", designated_amount: 0 });
      return account_balances[0].amount as number;
    };
    const [a] = await seed(1, { balance: 1000 });
    expect(await cash()).to.equal(1000);
    const unpaid = await api.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 0 });
    expect(await cash()).to.equal(1000);
    await api.pay(unpaid.json.order_ids[0]);
    expect(await cash()).to.equal(1000 - STANDARD_MONTH);
    expect(await emulator.admin.topUp(29)).to.equal(1000 - STANDARD_MONTH + 29);
    expect(await cash()).to.equal(900);
  });

  it("leaves an unpaid order pending; it blocks a second renewal until paid or cancelled", async () => {
    const [a, b] = await seed(2);
    const first = await api.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 0 });
    expect(first.status).to.equal(200);
    const [orderA] = first.json.order_ids;
    expect(await orderStatus(orderA)).to.equal(6);
    expect(await emulator.admin.getBalance()).to.equal(100000);

    const again = await api.renew({ resource_ids: [a], period_type: 2, period_num: 1 });
    expect(again.status).to.equal(400);
    expect(again.json.error_code).to.equal("CBC.99003100");
    expect(again.json.fail_resource_infos).to.deep.include({
      resource_id: a,
      error_code: "CBC.99003100",
      error_msg: again.json.error_msg,
    });

    const partial = await api.renew({ resource_ids: [a, b], period_type: 2, period_num: 1 });
    expect(partial.status).to.equal(200);
    expect(partial.json.order_ids).to.have.length(1);
    expect(partial.json.fail_resource_infos.map((f: { resource_id: string }) => f.resource_id)).to.deep.equal(
      [a],
    );
    const [orderB] = partial.json.order_ids;

    const rate = await api.rate({ resource_ids: [a], period_type: 2, period_num: 1 });
    expect(rate.status).to.equal(200);
    expect(rate.json.error_code).to.equal("CBC.30050010");
    expect(rate.json.fail_resource_infos[0]).to.include({ resource_id: a, error_code: "CBC.30050010" });
    expect((await resource(a)).expire_time).to.equal(MAR_30_END);

    expect((await api.pay(orderA)).status).to.equal(204);
    expect(await orderStatus(orderA)).to.equal(5);
    expect((await resource(a)).expire_time).to.equal("2026-04-30T15:59:59Z");
    expect(await emulator.admin.getBalance()).to.equal(100000 - STANDARD_MONTH);
    const repay = await api.pay(orderA);
    expect([repay.status, repay.json.error_code]).to.deep.equal([400, "CBC.99003106"]);

    const cancel = await api.cancel(orderB);
    expect(cancel.status).to.equal(204);
    expect(cancel.json).to.equal(undefined);
    expect(await orderStatus(orderB)).to.equal(4);
    expect(
      (await api.renew({ resource_ids: [b], period_type: 2, period_num: 1, is_auto_pay: 1 })).status,
    ).to.equal(200);
  });

  it("cancels an order left unpaid past its deadline; paying it then is CBC.99003110", async () => {
    const [a] = await seed(1);
    const [orderId] = (await api.renew({ resource_ids: [a], period_type: 2, period_num: 1 })).json.order_ids;
    const details = await api.order(orderId);
    expect(details.json.order_info.pending_payment_end_time).to.equal("2026-03-17T04:00:00Z");
    await emulator.admin.advanceClock({ days: 8 });
    expect(await orderStatus(orderId)).to.equal(4);
    const pay = await api.pay(orderId);
    expect([pay.status, pay.json.error_code]).to.deep.equal([400, "CBC.99003110"]);
    expect(
      (await api.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 1 })).status,
    ).to.equal(200);
  });

  it("renews a phone in its grace period from its original expiry, not from now", async () => {
    const [a] = await seed(1);
    await emulator.admin.setClock("2026-04-05T00:00:00Z"); // six days after expiry
    expect((await resource(a)).status).to.equal(5);
    const res = await api.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 1 });
    expect(res.status).to.equal(200);
    const after = await resource(a);
    expect(after.expire_time).to.equal("2026-04-30T15:59:59Z");
    expect(after.status).to.equal(2);
    const line = (await api.order(res.json.order_ids[0])).json.order_line_items[0];
    expect(line.effective_time).to.equal(MAR_30_END);
  });

  it("lines the new expiry up with the renewal day and charges the extra days pro rata, as the rate says", async () => {
    const [a, b] = await seed(2);
    const config = await api.renewConfig({ config_name: "EXPIRE_DATE", config_value: "1" });
    expect(config.json).to.deep.equal({ error_code: "CBC.0000", error_msg: "success" });

    // Mar 30 + 1 month = Apr 30, moved to May 1: one extra day at 129/30.
    const expected = renewedExpiry(parseApiTime(MAR_30_END), { unit: "month", count: 1 }, 1);
    expect(formatApiTime(expected)).to.equal("2026-05-01T15:59:59Z");
    const rate = await api.rate({ resource_ids: [a], period_type: 2, period_num: 1 });
    expect(rate.json.renew_inquiry_results[0]).to.include({ resource_id: a, amount: "133.30" });
    const renew = await api.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 1 });
    const details = await api.order(renew.json.order_ids[0]);
    expect(details.json.order_info.amount_after_discount).to.equal(133.3);
    expect(details.json.order_line_items[0].expire_time).to.equal("2026-05-01T15:59:59Z");
    expect((await resource(a)).expire_time).to.equal("2026-05-01T15:59:59Z");
    expect(await emulator.admin.getBalance()).to.equal(100000 - 133.3);

    // Last day of the month, yearly: Mar 30 2027 -> Mar 31 2027, one day at 1290/365.
    await api.renewConfig({ config_name: "EXPIRE_DATE", config_value: "-1" });
    const yearly = await api.rate({ resource_ids: [b], period_type: 3, period_num: 1 });
    expect(yearly.json.renew_inquiry_results[0].amount).to.equal("1293.53");
    expect(yearly.json.official_website_rating_result.official_website_amount).to.equal("1293.53");
    await api.renew({ resource_ids: [b], period_type: 3, period_num: 1, is_auto_pay: 1 });
    expect((await resource(b)).expire_time).to.equal("2027-03-31T15:59:59Z");
    expect(await emulator.admin.getBalance()).to.be.closeTo(100000 - 133.3 - 1293.53, 1e-9);
  });

  it("charges auto-renew at 03:00 UTC+8, DEDUCTION_DATE days before expiry, as the clock passes it", async () => {
    const [a] = await seed(1, { autoRenewShare: 1 });
    expect((await resource(a)).expire_policy).to.equal(3);
    await emulator.admin.setClock("2026-03-22T18:59:59Z"); // Mar 23 02:59:59 UTC+8
    expect((await api.listOrders()).json.total_count).to.equal(0);
    await emulator.admin.advanceClock({ minutes: 1 });
    const orders = (await api.listOrders()).json.order_infos;
    expect(orders).to.have.length(1);
    expect(orders[0]).to.include({ status: 5, order_type: 2, create_time: "2026-03-22T19:00:00Z" });
    expect((await resource(a)).expire_time).to.equal("2026-04-30T15:59:59Z");
    expect(await emulator.admin.getBalance()).to.equal(100000 - STANDARD_MONTH);

    // Three days before the next expiry (Apr 30): Apr 27 03:00 UTC+8. No money then: retried daily at 03:00.
    await api.renewConfig({ config_name: "DEDUCTION_DATE", config_value: "3" });
    await emulator.admin.setBalance(0);
    await emulator.admin.setClock("2026-04-27T00:00:00Z");
    expect((await api.listOrders()).json.total_count).to.equal(1);
    await emulator.admin.setBalance(500);
    await emulator.admin.advanceClock({ days: 1 });
    const later = (await api.listOrders({ order_by: "createTime" })).json.order_infos;
    expect(later.map((o: { create_time: string }) => o.create_time)).to.deep.equal([
      "2026-03-22T19:00:00Z",
      "2026-04-27T19:00:00Z",
    ]);
    expect((await resource(a)).expire_time).to.equal("2026-05-30T15:59:59Z");
  });

  it("runs several phones' charges in time order over a long advance", async () => {
    const ids = await seed(3, { autoRenewShare: 1, expiryWithinDays: [10, 40], rngSeed: 5 });
    await emulator.admin.advanceClock({ days: 100 });
    // The state keeps orders in the order they were placed: placed in time order means sorted by time.
    const times = (await emulator.admin.state()).orders.map((o) => o.createTime);
    expect(times.length).to.be.greaterThan(6);
    expect(times).to.deep.equal([...times].sort());
    for (const id of ids) {
      expect(
        parseApiTime((await resource(id)).expire_time) > parseApiTime(await emulator.admin.getClock()),
      ).to.equal(true);
    }
  });

  it("charges at once when auto-renew is turned on inside the deduction window", async () => {
    const [a] = await seed(1, { expiryWithinDays: [3, 3] });
    expect((await api.autoRenewOn(a, { period_type: "MONTH", auto_renew_times: 0 })).status).to.equal(204);
    const orders = (await api.listOrders()).json.order_infos;
    expect(orders).to.have.length(1);
    expect(orders[0].create_time).to.equal(START);
    expect((await resource(a)).expire_policy).to.equal(3);
    expect((await api.autoRenewOff(a)).status).to.equal(204);
    expect((await resource(a)).expire_policy).to.equal(0);
  });

  it("moves an expired phone through grace, frozen and deleted; a pay-per-use one switches billing", async () => {
    const [manual] = await seed(1, { expiryWithinDays: [1, 1], namePrefix: "manual" });
    const [ppu] = await seed(1, {
      expiryWithinDays: [1, 1],
      namePrefix: "ppu",
      payPerUseShare: 1,
      rngSeed: 2,
    });
    const instance = async (id: string) =>
      (await api.instances({ page_no: "1", page_size: "10", instance_id: id })).json.data.result[0];

    await emulator.admin.advanceClock({ days: 2 });
    expect(await resource(manual)).to.include({ status: 5, expire_policy: 0 });
    expect((await instance(manual)).frozen_status).to.equal(0);
    expect((await resource(ppu)).status).to.equal(3);
    expect((await instance(ppu)).billing_mode).to.equal("postPaid");

    await emulator.admin.advanceClock({ days: 15 });
    expect((await resource(manual)).status).to.equal(4);
    expect(await instance(manual)).to.include({ frozen_status: 1, running_status: 1 });
    expect((await api.query({ status_list: [4] })).json.total_count).to.equal(1);

    await emulator.admin.advanceClock({ days: 15 });
    expect((await resource(manual)).status).to.equal(3);
    expect(await instance(manual)).to.equal(undefined);
    const renew = await api.renew({ resource_ids: [manual], period_type: 2, period_num: 1 });
    expect([renew.status, renew.json.error_code]).to.deep.equal([400, "CBC.99003016"]);
  });

  it("lists renewal orders with their line items (period, times, amounts; no resource) and their phones by order_id", async () => {
    const [a, b] = await seed(2);
    const renew = await api.renew({ resource_ids: [a, b], period_type: 2, period_num: 2, is_auto_pay: 1 });
    const orderId = renew.json.order_ids[0];
    const list = await api.listOrders({ order_type: "2", status: "5", create_time_begin: START });
    expect(list.json.total_count).to.equal(1);
    expect(list.json.order_infos[0]).to.include({
      order_id: orderId,
      order_type: 2,
      status: 5,
      currency: "CNY",
    });
    expect(list.json.order_infos[0].create_time).to.match(API_TIME);
    expect(list.json.order_infos[0]).to.not.have.property("pending_payment_end_time");
    expect((await api.listOrders({ create_time_end: "2026-03-10T03:59:59Z" })).json.total_count).to.equal(0);

    const details = await api.order(orderId);
    expect(details.json.total_count).to.equal(2);
    expect(details.json.order_info.amount_after_discount).to.equal(4 * STANDARD_MONTH);
    expect(details.json.order_line_items[0]).to.not.have.property("resource_id");
    expect(details.json.order_line_items[0]).to.include({
      order_id: orderId,
      period_type: 2,
      period_num: 2,
      effective_time: MAR_30_END,
      expire_time: "2026-05-30T15:59:59Z",
      amount_after_discount: 2 * STANDARD_MONTH,
      official_amount: 2 * STANDARD_MONTH,
    });
    const held = await api.query({ order_id: orderId, only_main_resource: 1 });
    expect(held.json.total_count).to.equal(2);
    expect(held.json.data.map((r: { resource_id: string }) => r.resource_id).sort()).to.deep.equal(
      [a, b].sort(),
    );
    const missing = await api.order("CS0000000000NOSUCH");
    expect([missing.status, missing.json.error_code]).to.deep.equal([400, "CBC.30000010"]);
  });

  it("checks periods: a yearly period over 3 is CBC.99000092, past five years of coverage CBC.99003154", async () => {
    const [a] = await seed(1);
    const four = await api.renew({ resource_ids: [a], period_type: 3, period_num: 4 });
    expect([four.status, four.json.error_code]).to.deep.equal([400, "CBC.99000092"]);
    expect(
      (await api.renew({ resource_ids: [a], period_type: 3, period_num: 3, is_auto_pay: 1 })).status,
    ).to.equal(200);
    const more = await api.renew({ resource_ids: [a], period_type: 3, period_num: 3, is_auto_pay: 1 });
    expect([more.status, more.json.error_code]).to.deep.equal([400, "CBC.99003154"]);
    const rate = await api.rate({ resource_ids: [a], period_type: 3, period_num: 4 });
    expect(rate.json.fail_resource_infos[0].error_code).to.equal("CBC.30050008");
  });

  it("switches to pay-per-use after expiry and back (to-on-demand), reporting unknown ids", async () => {
    const [a] = await seed(1, { autoRenewShare: 1 });
    const set = await api.toOnDemand({ operation: "SET_UP", resource_ids: [a, "no-such-phone"] });
    expect(set.status).to.equal(200);
    expect(set.json.error_details).to.deep.equal([
      { id: "no-such-phone", error_code: "CBC.99003012", error_msg: set.json.error_details[0].error_msg },
    ]);
    expect((await resource(a)).expire_policy).to.equal(1);
    await api.toOnDemand({ operation: "CANCEL", resource_ids: [a] });
    expect((await resource(a)).expire_policy).to.equal(0);
    const off = await api.autoRenewOn("no-such-phone");
    expect([off.status, off.json.error_code]).to.deep.equal([400, "CBC.99003012"]);
  });
});
