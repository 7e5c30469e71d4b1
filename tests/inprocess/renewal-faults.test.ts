import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { PaidRenewalError, RenewalError } from "../../provider/renewal";
import {
  MONTH_PRICE,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  placeUnpaidOrder,
  readPhone,
  rejected,
  renewAll,
  renewEach,
  seedDuePhones,
  startCloud,
  unpaidOrders,
} from "./renewal-fixture";

// Each fault of the cloud, met by the renewal pipeline in-process: every due phone ends renewed exactly once, and a
// run that cannot finish says what to do; the next run finishes without renewing anything twice.

describe("renewal under faults: never renews a phone twice", function () {
  let cloud: RunningEmulator;
  let phones: string[];

  before(async () => (cloud = await startCloud()));
  after(() => cloud.stop());
  beforeEach(async () => (phones = await seedDuePhones(cloud, 3)));

  async function expectRenewedOnce(): Promise<void> {
    const paid = await paidRenewalsPerPhone(cloud);
    for (const phone of phones) expect(paid.get(phone), phone).to.have.length(1);
    expect(await unpaidOrders(cloud)).to.deep.equal([]);
  }

  it("renew answers 5xx before doing anything: finds no order, orders once more, renews each phone once", async () => {
    await cloud.admin.addFault({ kind: "5xx", api: "renew" });
    const outcomes = await renewAll(newBatches(cloud), phones);
    const renewals = outcomes.map(fulfilled);
    await expectRenewedOnce();
    expect(renewals.map((r) => r?.amount)).to.deep.equal([MONTH_PRICE, MONTH_PRICE, MONTH_PRICE]);
    expect((await cloud.admin.counters()).renew).to.equal(2);
  });

  it("the connection is reset before renew is carried out: orders once more, renews each phone once", async () => {
    await cloud.admin.addFault({ kind: "reset", api: "renew" });
    (await renewAll(newBatches(cloud), phones)).forEach(fulfilled);
    await expectRenewedOnce();
  });

  it("renew is carried out but its answer is lost: pays the order it finds, orders nothing more", async () => {
    await cloud.admin.addFault({ kind: "commit-then-drop", api: "renew" });
    const renewals = (await renewAll(newBatches(cloud), phones)).map(fulfilled);
    await expectRenewedOnce();
    const [orderId] = (await paidRenewalsPerPhone(cloud)).get(phones[0]) ?? [];
    expect(renewals.map((r) => r?.orderId)).to.deep.equal([orderId, orderId, orderId]);
    expect(renewals.every((r) => r?.amount === MONTH_PRICE)).to.equal(true);
    expect((await cloud.admin.counters()).renew).to.equal(1);
  });

  it("renew times out and lands later: orders nothing more this run, says to run again; the next run pays it", async () => {
    await cloud.admin.addFault({ kind: "latency", api: "renew", latencyMs: 600 });
    const first = await renewAll(newBatches(cloud, { timeoutMs: 200 }), phones);
    for (const outcome of first) {
      const error = rejected(outcome);
      expect(error).to.be.instanceOf(RenewalError);
      expect(error.message).to.match(/outcome of the renewal of .* is unknown.*run pulumi up again/);
    }
    await new Promise((resolve) => setTimeout(resolve, 700)); // the delayed renew lands, unpaid
    expect(await unpaidOrders(cloud)).to.have.length(1);
    const second = (await renewAll(newBatches(cloud), phones)).map(fulfilled);
    await expectRenewedOnce();
    expect(second.every((r) => r?.amount === MONTH_PRICE)).to.equal(true);
  });

  it("renew is throttled (429), which does nothing: sent again, each phone renewed once in the same run", async () => {
    await cloud.admin.addFault({ kind: "429", api: "renew" });
    (await renewAll(newBatches(cloud), phones)).forEach(fulfilled);
    await expectRenewedOnce();
    expect((await cloud.admin.counters()).renew).to.equal(2);
  });

  it("pay answers 5xx: the order stays unpaid, the run says so; the next run pays that order, not a new one", async () => {
    await cloud.admin.addFault({ kind: "5xx", api: "pay" });
    const first = await renewAll(newBatches(cloud), phones);
    for (const outcome of first) {
      const error = rejected(outcome);
      expect(error.message).to.match(
        /got no answer and the order is still unpaid; run pulumi up again: it pays that order/,
      );
      expect(error.message).not.to.include("nothing was changed");
    }
    expect(await unpaidOrders(cloud)).to.have.length(1);
    (await renewAll(newBatches(cloud), phones)).forEach(fulfilled);
    await expectRenewedOnce();
    expect((await cloud.admin.counters()).renew).to.equal(2); // the second run's renew was refused: held
  });

  it("pay is carried out but its answer is lost: learns from the order that it is paid", async () => {
    await cloud.admin.addFault({ kind: "commit-then-drop", api: "pay" });
    (await renewAll(newBatches(cloud), phones)).forEach(fulfilled);
    await expectRenewedOnce();
  });

  it("too little balance to pay: cancels the order and says to top up; after topping up, renews once", async () => {
    await cloud.admin.addFault({ kind: "insufficient-balance", api: "pay" });
    const first = await renewAll(newBatches(cloud), phones);
    for (const outcome of first) {
      const error = rejected(outcome);
      expect(error.message).to.match(
        /insufficient balance .* the unpaid order was cancelled\. Top up the account/,
      );
    }
    expect(await unpaidOrders(cloud)).to.deep.equal([]);
    expect(await paidRenewalsPerPhone(cloud)).to.have.property("size", 0);
    (await renewAll(newBatches(cloud), phones)).forEach(fulfilled);
    await expectRenewedOnce();
  });

  it("too little balance to pay an order found unpaid (not placed by this run): leaves it, says so; the next run pays it", async () => {
    const held = await placeUnpaidOrder(cloud, phones); // a colleague's console order, or an interrupted run's
    await cloud.admin.addFault({ kind: "insufficient-balance", api: "pay" });
    const first = await renewAll(newBatches(cloud), phones);
    for (const outcome of first) {
      expect(rejected(outcome).message)
        .to.include(`renewal order ${held}`)
        .and.to.match(/left as it is/);
    }
    expect(await unpaidOrders(cloud)).to.deep.equal([held]);
    const renewals = (await renewAll(newBatches(cloud), phones)).map(fulfilled);
    for (const renewal of renewals) expect(renewal?.orderId).to.equal(held);
    await expectRenewedOnce();
  });

  it("the payment's answer is lost and the order cannot be looked up: names the order that may be paid", async () => {
    await cloud.admin.addFault({ kind: "commit-then-drop", api: "pay" });
    await cloud.admin.addFault({ kind: "5xx", api: "order-details", count: -1 });
    const outcomes = await renewAll(newBatches(cloud), phones);
    await cloud.admin.clearFaults();
    const [orderId] = (await paidRenewalsPerPhone(cloud)).get(phones[0]) ?? [];
    for (const outcome of outcomes) {
      const error = rejected(outcome);
      expect(error).to.be.instanceOf(PaidRenewalError);
      expect((error as PaidRenewalError).paidOrderIds).to.deep.equal([orderId]);
      expect(error.message).to.include(`renewal order ${orderId}`);
      expect(error.message).not.to.include("nothing was changed");
    }
    // The next run finds the phones covered and orders nothing.
    const renewsBefore = (await cloud.admin.counters()).renew;
    (await renewAll(newBatches(cloud), phones)).forEach((o) => expect(fulfilled(o)).to.equal(undefined));
    expect((await cloud.admin.counters()).renew).to.equal(renewsBefore);
    await expectRenewedOnce();
  });

  it("the phones cannot be read again after ordering: the order is left unpaid and named; the next run pays it", async () => {
    const session = newBatches(cloud);
    const planned = await Promise.all(phones.map((id) => readPhone(session, id)));
    await cloud.admin.addFault({ kind: "5xx", api: "query", count: -1 });
    const first = await renewEach(session, planned);
    await cloud.admin.clearFaults();
    const [orderId] = await unpaidOrders(cloud);
    for (const outcome of first) {
      const error = rejected(outcome);
      expect(error.message).to.include(`renewal order ${orderId} was placed but not paid`);
      expect(error.message).not.to.include("nothing was changed");
    }
    const second = (await renewAll(newBatches(cloud), phones)).map(fulfilled);
    expect(second.map((r) => r?.orderId)).to.deep.equal([orderId, orderId, orderId]);
    await expectRenewedOnce();
  });

  it("held phones whose orders cannot be looked up: says an unfinished order holds them and pays nothing", async () => {
    const held = await placeUnpaidOrder(cloud, phones);
    await cloud.admin.addFault({ kind: "5xx", api: "orders-list", count: -1 });
    const outcomes = await renewAll(newBatches(cloud), phones);
    await cloud.admin.clearFaults();
    for (const [i, outcome] of outcomes.entries()) {
      const error = rejected(outcome);
      expect(error.message).to.include(`renewal orders of ${phones[i]} could not be looked up`);
      expect(error.message).to.include("an unfinished order holds it, and nothing was paid for it");
    }
    expect(await unpaidOrders(cloud)).to.deep.equal([held]);
    (await renewAll(newBatches(cloud), phones)).forEach(fulfilled);
    await expectRenewedOnce();
  });
});
