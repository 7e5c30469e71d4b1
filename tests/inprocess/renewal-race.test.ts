import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import {
  MONTH_PRICE,
  callsArrived,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  readPhone,
  renewEach,
  seedDuePhones,
  startCloud,
  unpaidOrders,
} from "./renewal-fixture";

// Two stacks (two provider processes) renewing the same phones against one cloud at the same time.

describe("renewal: two stacks racing for the same phones", function () {
  let cloud: RunningEmulator;

  before(async () => (cloud = await startCloud()));
  after(() => cloud.stop());

  it("the stack whose order the other paid ends green, recording that order, with no cancel failure", async () => {
    const phones = await seedDuePhones(cloud, 10);
    const [first, second] = [newBatches(cloud), newBatches(cloud)];
    const planned = await Promise.all(phones.map((id) => readPhone(first, id)));
    await cloud.admin.resetCounters();
    // The first stack's check, after ordering, that no one renewed its phones meanwhile is slow...
    await cloud.admin.addFault({ kind: "latency", api: "query", latencyMs: 400 });
    const firstRun = renewEach(first, planned);
    await callsArrived(cloud, "query", 1);
    // ...and meanwhile the second stack finds the first one's unpaid order holding the phones, and pays it.
    const secondRun = (await renewEach(second, planned)).map(fulfilled);
    const firstRunResults = (await firstRun).map(fulfilled);

    const paid = await paidRenewalsPerPhone(cloud);
    const [orderId] = paid.get(phones[0]) ?? [];
    for (const phone of phones) expect(paid.get(phone), phone).to.deep.equal([orderId]);
    for (const renewal of [...firstRunResults, ...secondRun]) {
      expect(renewal).to.deep.include({ orderId, amount: MONTH_PRICE });
    }
    const counters = await cloud.admin.counters();
    expect([counters.renew, counters.pay, counters["order-cancel"]]).to.deep.equal([2, 1, 1]);
    expect(await unpaidOrders(cloud)).to.deep.equal([]);
  });

  for (const round of [1, 2, 3]) {
    it(`two stacks started at the same moment renew each phone exactly once, both green (round ${round})`, async () => {
      const phones = await seedDuePhones(cloud, 10);
      const [first, second] = [newBatches(cloud), newBatches(cloud)];
      const planned = await Promise.all(phones.map((id) => readPhone(first, id)));
      const [a, b] = await Promise.all([renewEach(first, planned), renewEach(second, planned)]);
      const paid = await paidRenewalsPerPhone(cloud);
      for (const phone of phones) expect(paid.get(phone), phone).to.have.length(1);
      for (const [i, phone] of phones.entries()) {
        const orderId = paid.get(phone)?.[0];
        // Each stack records the order that renewed the phone, whichever stack placed or paid it.
        for (const outcome of [a[i], b[i]]) {
          expect(fulfilled(outcome)).to.deep.include({ orderId, amount: MONTH_PRICE });
        }
      }
      expect(await unpaidOrders(cloud)).to.deep.equal([]);
    });
  }
});
