import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { ORDER_STATUS } from "../../provider/client";
import { parseApiTime } from "../../provider/planner/billing-time";
import { orderOfPhones } from "../../provider/renewal/order-gateway";
import {
  MONTH_PRICE,
  SETTINGS,
  START,
  callsArrived,
  chargedPerPhone,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  payOrder,
  placeUnpaidOrder,
  readPhone,
  seenNow,
  renewAll,
  renewEach,
  seedDuePhones,
  startCloud,
  unpaidOrders,
} from "./renewal-fixture";

// Reconciliation against the local cloud: which order renewed which phone, learnt from the cloud alone (an
// order's line items name no phone), and recorded with what that order charged for the phone.

describe("renewal reconciliation", function () {
  let cloud: RunningEmulator;

  before(async () => (cloud = await startCloud()));
  after(() => cloud.stop());

  it("a held phone whose order another batch pays meanwhile is recorded with that order and its amount", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const held = await placeUnpaidOrder(cloud, [phone]);
    const session = newBatches(cloud);
    const before = await readPhone(session, phone);
    await cloud.admin.resetCounters();
    // The order listings are slow: the other batch pays while this one looks for the order holding the phone.
    await cloud.admin.addFault({ kind: "latency", api: "orders-list", latencyMs: 300, count: -1 });
    const running = renewEach(session, [before]);
    await callsArrived(cloud, "orders-list", 1);
    await payOrder(cloud, held);
    const [outcome] = await running;
    expect(fulfilled(outcome)).to.deep.include({ orderId: held, amount: MONTH_PRICE, currency: "CNY" });
    expect((await paidRenewalsPerPhone(cloud)).get(phone)).to.deep.equal([held]);
    expect((await cloud.admin.counters()).pay).to.equal(1); // the other batch's payment only
  });

  it("a held phone whose order is found unpaid, then paid by another batch before it is settled, is recorded with it", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const held = await placeUnpaidOrder(cloud, [phone]);
    const session = newBatches(cloud);
    const before = await readPhone(session, phone);
    await cloud.admin.resetCounters();
    // Listed as pending; the query of the phones it holds is slow, and the other batch pays it meanwhile.
    await cloud.admin.addFault({ kind: "latency", api: "query", latencyMs: 300 });
    const running = renewEach(session, [before]);
    await callsArrived(cloud, "query", 1);
    await payOrder(cloud, held);
    const [outcome] = await running;
    expect(fulfilled(outcome)).to.deep.include({ orderId: held, amount: MONTH_PRICE });
    expect((await paidRenewalsPerPhone(cloud)).get(phone)).to.deep.equal([held]);
    expect((await cloud.admin.counters()).pay).to.equal(1);
  });

  it("a held phone whose order its placer cancels before this batch pays it is ordered once more, and renewed once", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const held = await placeUnpaidOrder(cloud, [phone]);
    const session = newBatches(cloud);
    const before = await readPhone(session, phone);
    await cloud.admin.resetCounters();
    // Listed as pending; the query of the phones it holds is slow, and the pipeline that placed it cancels it
    // meanwhile (it found another of its phones renewed elsewhere): the payment then finds it cancelled.
    await cloud.admin.addFault({ kind: "latency", api: "query", latencyMs: 300 });
    const running = renewEach(session, [before]);
    await callsArrived(cloud, "query", 1);
    await newBatches(cloud).client.cancelOrder(held);
    const [outcome] = await running;
    const orderId = fulfilled(outcome)?.orderId;
    expect(orderId).to.be.a("string").and.not.equal(held);
    expect((await paidRenewalsPerPhone(cloud)).get(phone)).to.deep.equal([orderId]);
  });

  it("a phone renewed by another stack just before this one ordered: cancels its own order, records the other", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const session = newBatches(cloud);
    const stale = await readPhone(session, phone); // planned from before the other stack's renewal
    const other = await placeUnpaidOrder(cloud, [phone]);
    await payOrder(cloud, other);
    const [outcome] = await renewEach(session, [stale]);
    expect(fulfilled(outcome)).to.deep.include({ orderId: other, amount: MONTH_PRICE });
    expect((await paidRenewalsPerPhone(cloud)).get(phone)).to.deep.equal([other]);
    expect(await unpaidOrders(cloud)).to.deep.equal([]);
    expect((await cloud.admin.counters())["order-cancel"]).to.equal(1);
  });

  it("phones held by several unpaid orders: one renew call, each order paid once, each phone with its own order", async () => {
    const phones = await seedDuePhones(cloud, 4);
    const first = await placeUnpaidOrder(cloud, phones.slice(0, 2));
    const second = await placeUnpaidOrder(cloud, phones.slice(2));
    await cloud.admin.resetCounters();
    const renewals = (await renewAll(newBatches(cloud), phones)).map(fulfilled);
    expect(renewals.map((r) => r?.orderId)).to.deep.equal([first, first, second, second]);
    expect(renewals.every((r) => r?.amount === MONTH_PRICE)).to.equal(true);
    const counters = await cloud.admin.counters();
    expect([counters.renew, counters.pay]).to.deep.equal([1, 2]);
    const paid = await paidRenewalsPerPhone(cloud);
    expect(phones.map((p) => paid.get(p))).to.deep.equal([[first], [first], [second], [second]]);
  });

  it("reads each order's phones once per runtime: a second search for a phone no order holds reads none", async () => {
    const phones = await seedDuePhones(cloud, 4);
    const orders = [
      await placeUnpaidOrder(cloud, [phones[0]]),
      await placeUnpaidOrder(cloud, [phones[1]]),
      await placeUnpaidOrder(cloud, [phones[2]]),
    ];
    const { history } = newBatches(cloud);
    const scope = { anyAge: [ORDER_STATUS.pendingPayment] };
    await cloud.admin.resetCounters();
    expect((await history.findOrdersForPhones([phones[3]], scope)).size).to.equal(0);
    expect((await cloud.admin.counters()).query).to.equal(orders.length);
    await cloud.admin.resetCounters();
    expect((await history.findOrdersForPhones([phones[3]], scope)).size).to.equal(0);
    expect((await cloud.admin.counters()).query ?? 0).to.equal(0);
    // A phone an order holds is still read anew (its expiry now), once.
    const found = await history.findOrdersForPhones([phones[1]], scope);
    expect(found.get(phones[1])?.orderId).to.equal(orders[1]);
    expect((await cloud.admin.counters()).query).to.equal(1);
  });

  it("tells which phones each of several orders holds from the subscriptions query by order id", async () => {
    const phones = await seedDuePhones(cloud, 3);
    const first = await placeUnpaidOrder(cloud, [phones[0], phones[2]]);
    const second = await placeUnpaidOrder(cloud, [phones[1]]);
    const byPhone = await orderOfPhones(newBatches(cloud).history, [first, second], phones);
    expect(Object.fromEntries(byPhone)).to.deep.equal({
      [phones[0]]: first,
      [phones[1]]: second,
      [phones[2]]: first,
    });
  });

  it("each phone of an order is recorded with its own line's amount, pro-rata days of the renewal day included", async () => {
    await cloud.admin.reset();
    const { phones: seeded } = await cloud.admin.seed({ count: 4, expiryWithinDays: [5, 15], rngSeed: 7 });
    const phones = seeded.map((p) => p.resourceId);
    const session = newBatches(cloud);
    await session.client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "28" });
    const held = await placeUnpaidOrder(cloud, phones); // unpriceable while held: amounts come from the order
    const renewals = (await renewAll(session, phones, { ...SETTINGS, renewalDay: 28 })).map(fulfilled);
    const charged = await chargedPerPhone(cloud, held);
    expect(new Set(charged.values()).size).to.be.greaterThan(1); // the phones' extra days differ
    for (const [i, phone] of phones.entries()) {
      expect(renewals[i]).to.deep.include({ orderId: held, amount: charged.get(phone) });
      expect(renewals[i]?.amount).to.be.greaterThan(MONTH_PRICE);
    }
  });

  it("finds the last completed renewal of a phone since a time, with its period and amount", async () => {
    const [renewed, untouched] = await seedDuePhones(cloud, 2);
    const console = await cloud.admin.consoleRenew(renewed, { unit: "month", count: 2 });
    const batches = newBatches(cloud);
    const since = parseApiTime(START);
    const last = await batches.history.lastRenewal(await seenNow(batches, renewed), { since });
    const none = await batches.history.lastRenewal(await seenNow(batches, untouched), { since });
    expect(none).to.equal(undefined);
    expect(last).to.deep.include({
      orderId: console.orderId,
      period: { unit: "month", count: 2 },
      amount: console.amount,
      to: console.expireTime,
    });
  });

  it("finds an order created before the time asked for and paid after it (an earlier run's unpaid order)", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const waited = await placeUnpaidOrder(cloud, [phone]);
    const since = await cloud.admin.advanceClock({ hours: 2 });
    await payOrder(cloud, waited);
    const renewed = await seenNow(newBatches(cloud), phone);
    const last = await newBatches(cloud).history.lastRenewal(renewed, { since: parseApiTime(since) });
    expect(last).to.deep.include({ orderId: waited, amount: MONTH_PRICE });
    const later = parseApiTime(await cloud.admin.advanceClock({ hours: 1 }));
    expect(await newBatches(cloud).history.lastRenewal(renewed, { since: later })).to.equal(undefined);
  });
});
