import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { NOW, providerRuns } from "./provider-fixture";

// A stack's first up killed after paying for phones it never recorded: the next up creates those phones again,
// no longer due, and records the renewal that the killed up paid for, from one lookup per provider process.

let cloud: RunningEmulator;
const { newRun, seed, checked, calls, providers } = providerRuns(() => cloud);

describe("subscription provider: creating phones an interrupted up renewed", function () {
  this.timeout(30_000);

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());

  it("records the renewal an earlier process paid for, with its order's id, amount, from and to", async () => {
    const [phone] = await seed(3);
    newRun();
    const killed = (await providers().subscription.create(await checked({ phoneId: phone }))).outs
      ?.lastRenewal;
    expect(killed?.orderId).to.be.a("string");
    await cloud.admin.advanceClock({ minutes: 5 });

    newRun();
    const inputs = await checked({ phoneId: phone });
    expect(inputs).to.not.have.property("renewal");
    await cloud.admin.resetCounters();
    const { outs } = await providers().subscription.create(inputs);
    expect(outs?.lastRenewal).to.deep.equal(killed);
    expect(outs?.expireTime).to.equal(killed?.to);
    expect(await calls()).to.deep.equal({ "orders-list": 1, query: 1, "order-details": 1 });
  });

  it("records a console renewal made before the process started, as its order charged it", async () => {
    const [phone] = await seed(3);
    const renewal = await cloud.admin.consoleRenew(phone, { unit: "month", count: 1 });
    newRun();
    const { outs } = await providers().subscription.create(await checked({ phoneId: phone }));
    expect(outs?.lastRenewal).to.deep.include({
      orderId: renewal.orderId,
      amount: renewal.amount,
      to: renewal.expireTime,
      period: { unit: "month", count: 1 },
    });
  });

  it("records the order, period and end but no amount or start when the order renewed several phones to one day from different days", async () => {
    const phones = await seed(3, 5);
    newRun();
    await providers().policy.create({ renewalDay: 15 }); // the account's day: both renewals end on the 15th
    const killed = await Promise.all(
      (await Promise.all(phones.map((id) => checked({ phoneId: id })))).map((i) =>
        providers().subscription.create(i),
      ),
    );
    const [first, second] = killed.map(({ outs }) => outs?.lastRenewal);
    expect(first?.orderId).to.equal(second?.orderId);
    expect(first?.to).to.equal(second?.to);
    expect(first?.amount).to.not.equal(second?.amount);
    await cloud.admin.advanceClock({ minutes: 5 });

    newRun();
    const inputs = await Promise.all(phones.map((id) => checked({ phoneId: id })));
    await cloud.admin.resetCounters();
    const created = await Promise.all(inputs.map((i) => providers().subscription.create(i)));
    // Its lines name no phone, and two of them end on the 15th with different starts and amounts.
    for (const { outs } of created) {
      expect(outs?.lastRenewal).to.deep.equal({
        orderId: first?.orderId,
        period: first?.period,
        currency: first?.currency,
        to: first?.to,
        note:
          `this phone's amount and start in order ${first?.orderId} cannot be told: the order renewed 2 phones ` +
          `to this expiry with different amounts and starts, and its lines name no phone`,
      });
      expect(outs?.expireTime).to.equal(first?.to);
    }
    expect(await calls()).to.deep.equal({ "orders-list": 1, query: 1, "order-details": 1 });
  });

  it("does not look into orders this process paid: only the listing and the earlier order's phones", async () => {
    const [earlier, adopted, due] = await seed(3, 80, 3);
    newRun();
    await providers().subscription.create(await checked({ phoneId: earlier }));
    await cloud.admin.advanceClock({ minutes: 5 });

    newRun();
    const [adoptedInputs, dueInputs] = [await checked({ phoneId: adopted }), await checked({ phoneId: due })];
    await cloud.admin.advanceClock({ minutes: 1 });
    const renewedNow = (await providers().subscription.create(dueInputs)).outs?.lastRenewal;
    expect(renewedNow?.orderId).to.be.a("string");
    await cloud.admin.resetCounters();
    const { outs } = await providers().subscription.create(adoptedInputs);
    expect(outs).to.not.have.property("lastRenewal");
    expect(await calls()).to.deep.equal({ "orders-list": 1, query: 1 });
  });

  it("costs one listing call per process in an account with no recent renewal order, and records none", async () => {
    const phones = await seed(80, 90);
    newRun();
    const inputs = await Promise.all(phones.map((id) => checked({ phoneId: id })));
    await cloud.admin.resetCounters();
    const created = await Promise.all(inputs.map((i) => providers().subscription.create(i)));
    for (const { outs } of created) expect(outs).to.not.have.property("lastRenewal");
    expect(await calls()).to.deep.equal({ "orders-list": 1 });
  });
});
