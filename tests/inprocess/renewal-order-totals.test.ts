import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import {
  callsArrived,
  chargedPerPhone,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  payOrder,
  placeUnpaidOrder,
  renewAll,
  seedDuePhones,
  startCloud,
} from "./renewal-fixture";

// What each phone was charged comes from its quote when the order's total is its phones' quotes; the totals of the
// orders paid together come from one order listing. Any other order's line items are read.

describe("renewal: what each phone was charged, checked against its order's total", function () {
  let cloud: RunningEmulator;

  before(async () => {
    cloud = await startCloud();
  });
  after(async () => {
    await cloud.stop();
  });

  it("30 phones in 3 orders: one order listing checks all three, no order is read, each phone records its line", async () => {
    const phones = await seedDuePhones(cloud, 30);
    await cloud.admin.resetCounters();
    // Order totals wait up to 500 ms for the other batches under way, as in a provider process.
    const renewals = (await renewAll(newBatches(cloud, { followWindowMs: 100 }), phones)).map(fulfilled);
    const counters = await cloud.admin.counters();
    expect(counters).to.include({ renew: 3, pay: 3, "orders-list": 1 });
    expect(counters).to.not.have.property("order-details");
    const paid = await paidRenewalsPerPhone(cloud);
    for (const [i, renewal] of renewals.entries()) {
      const [orderId] = paid.get(phones[i]) ?? [];
      expect(renewal?.orderId).to.equal(orderId);
      expect(renewal?.amount).to.equal((await chargedPerPhone(cloud, orderId)).get(phones[i]));
    }
  });

  it("among 120 renewal orders paid just before, the totals of the order just paid take one listing call", async () => {
    const phones = await seedDuePhones(cloud, 122);
    for (const phone of phones.slice(2)) await payOrder(cloud, await placeUnpaidOrder(cloud, [phone]));
    await cloud.admin.resetCounters();
    const renewals = (await renewAll(newBatches(cloud), phones.slice(0, 2))).map(fulfilled);
    expect(await cloud.admin.counters()).to.include({ renew: 1, pay: 1, "orders-list": 1 });
    expect(await cloud.admin.counters()).to.not.have.property("order-details");
    expect(renewals.map((r) => r?.amount)).to.deep.equal([129, 129]);
  });

  it("the renewal day set between the quote and the order: the total differs, so the lines are read, and each phone records what its line charged", async () => {
    const phones = await seedDuePhones(cloud, 2);
    const session = newBatches(cloud);
    await cloud.admin.resetCounters();
    await cloud.admin.addFault({ kind: "latency", api: "renew", latencyMs: 300 });
    const running = renewAll(session, phones);
    await callsArrived(cloud, "renew", 1);
    // A colleague sets the account's renewal day while the renew call is on its way: the order adds the extra days.
    await newBatches(cloud).client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "28" });
    const renewals = (await running).map(fulfilled);
    const counters = await cloud.admin.counters();
    expect(counters).to.include({ renew: 1, pay: 1, "order-details": 1 });
    const [orderId] = (await paidRenewalsPerPhone(cloud)).get(phones[0]) ?? [];
    const charged = await chargedPerPhone(cloud, orderId);
    const { subscriptions } = await cloud.admin.state();
    for (const [i, renewal] of renewals.entries()) {
      expect(renewal?.amount).to.equal(charged.get(phones[i]));
      expect(renewal?.to).to.equal(subscriptions.find((s) => s.resourceId === phones[i])?.expireTime);
    }
    expect(renewals[0]?.amount).to.be.greaterThan(129); // the month and the extra days to the 28th
  });
});
