import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import type { SubscriptionOutputs } from "../../provider/resources/subscription-state";
import { placeUnpaidOrder } from "./renewal-fixture";
import { NOW, providerRuns } from "./provider-fixture";

// An existing stack's up killed after paying (the update path): the state keeps each phone's record from before,
// and the recovery up (or a refresh alone) must record the order that renewed it, with that order's own line for
// the phone, never the order before.

let cloud: RunningEmulator;
const { newRun, seed, checked, providers } = providerRuns(() => cloud);

/** Phones recorded by a first up (not due yet), then due once the clock moved 40 days; their records. */
async function recordedThenDue(
  ...days: number[]
): Promise<{ phones: string[]; records: SubscriptionOutputs[] }> {
  const phones = await seed(...days);
  newRun();
  await providers().policy.create({ renewalDay: 15 }); // the account's day: renewals from different days end on the 15th
  const records: SubscriptionOutputs[] = [];
  for (const id of phones) {
    const { outs } = await providers().subscription.create(await checked({ phoneId: id, renewalDay: 15 }));
    records.push(outs as SubscriptionOutputs);
  }
  await cloud.admin.advanceClock({ days: 40 });
  return { phones, records };
}

/** The paid renewal orders Billing Center has for a phone, newest last, with that phone's line. */
async function paidLinesOf(phoneId: string) {
  const { orders } = await cloud.admin.state();
  return orders
    .filter((o) => o.status === 5)
    .flatMap((o) =>
      o.lineItems.filter((l) => l.resourceId === phoneId).map((line) => ({ orderId: o.orderId, line })),
    );
}

describe("subscription provider: the record after an existing stack's up was killed", function () {
  this.timeout(30_000);

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());

  it("update records the order the killed up paid, each phone with its own line, not the order before", async () => {
    const { phones, records } = await recordedThenDue(50, 55, 60);
    newRun(); // the killed up: it renews and pays, and its records are lost with it
    const killed = await Promise.all(
      phones.map(async (id, i) =>
        providers().subscription.update(
          id,
          records[i],
          await checked({ phoneId: id, renewalDay: 15 }, records[i]),
        ),
      ),
    );
    const paid = killed.map(({ outs }) => outs?.lastRenewal?.orderId);
    expect(new Set(paid).size, "one order for the three phones").to.equal(1);

    newRun(); // the recovery up, from the state before the killed one
    for (const [i, id] of phones.entries()) {
      const news = await checked({ phoneId: id, renewalDay: 15 }, records[i]);
      expect(news, "renewed already: not due").to.not.have.property("renewal");
      expect((await providers().subscription.diff(id, records[i], news)).changes).to.equal(true);
      const { outs } = await providers().subscription.update(id, records[i], news);
      const [last] = (await paidLinesOf(id)).slice(-1);
      expect(outs?.lastRenewal, id).to.deep.equal({
        orderId: last.orderId,
        period: { unit: last.line.periodUnit, count: last.line.periodCount },
        amount: last.line.amountCents / 100,
        currency: "CNY",
        from: records[i].expireTime,
        to: outs?.expireTime,
      });
      expect(outs?.lastRenewal?.orderId).to.not.equal(records[i].lastRenewal?.orderId);
    }
  });

  it("refresh alone records the same: the new expiry and the order that gave it", async () => {
    const { phones, records } = await recordedThenDue(50, 58);
    newRun();
    await Promise.all(
      phones.map(async (id, i) =>
        providers().subscription.update(
          id,
          records[i],
          await checked({ phoneId: id, renewalDay: 15 }, records[i]),
        ),
      ),
    );
    newRun();
    for (const [i, id] of phones.entries()) {
      const refreshed = await providers().subscription.read(id, records[i]);
      const [last] = (await paidLinesOf(id)).slice(-1);
      expect(refreshed.props?.lastRenewal).to.deep.include({
        orderId: last.orderId,
        amount: last.line.amountCents / 100,
        from: records[i].expireTime,
      });
      expect(refreshed.props?.expireTime).to.equal(refreshed.props?.lastRenewal?.to);
    }
  });

  it("a killed provider's unpaid order is paid by the first recovery up and recorded with it", async () => {
    const { phones, records } = await recordedThenDue(50, 56);
    const unpaid = await placeUnpaidOrder(cloud, phones); // placed by the killed provider, never paid
    newRun();
    const outcomes = await Promise.all(
      phones.map(async (id, i) =>
        providers().subscription.update(
          id,
          records[i],
          await checked({ phoneId: id, renewalDay: 15 }, records[i]),
        ),
      ),
    );
    for (const [i, { outs }] of outcomes.entries()) {
      expect(outs?.lastRenewal?.orderId, phones[i]).to.equal(unpaid);
      expect(outs?.lastRenewal?.from).to.equal(records[i].expireTime);
      expect(outs?.expireTime).to.equal(outs?.lastRenewal?.to);
    }
    const orders = (await cloud.admin.state()).orders.filter((o) =>
      o.lineItems.some((l) => phones.includes(l.resourceId)),
    );
    expect(
      orders
        .filter((o) => o.status === 5 && o.orderId !== records[0].lastRenewal?.orderId)
        .map((o) => o.orderId),
    ).to.include(unpaid);
    expect(
      orders.filter((o) => o.status === 6),
      "unpaid orders left",
    ).to.deep.equal([]);
  });

  it("a phone renewed again after the killed up (in the console) records the newer order, not the killed up's", async () => {
    const { phones, records } = await recordedThenDue(50);
    newRun();
    const news = await checked({ phoneId: phones[0], renewalDay: 15 }, records[0]);
    const killed = (await providers().subscription.update(phones[0], records[0], news)).outs?.lastRenewal;
    const console = await cloud.admin.consoleRenew(phones[0], { unit: "month", count: 2 });
    newRun();
    const again = await checked({ phoneId: phones[0], renewalDay: 15 }, records[0]);
    const { outs } = await providers().subscription.update(phones[0], records[0], again);
    expect(outs?.lastRenewal).to.deep.include({
      orderId: console.orderId,
      amount: console.amount,
      period: { unit: "month", count: 2 },
      from: killed?.to,
      to: console.expireTime,
    });
  });
});
