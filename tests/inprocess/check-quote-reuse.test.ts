// An up prices each due phone once: the quote its check took for the run's ledger is the price its create orders
// at (and holds against the money guard), so the renew-rate calls of an up are not doubled.
import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import type { SubscriptionOutputs } from "../../provider/resources/subscription-state";
import { NOW, providerRuns, SHORT_WINDOWS } from "./provider-fixture";

describe("in-process: the check's quote serves the create", function () {
  this.timeout(60_000);
  let cloud: RunningEmulator;
  const runs = providerRuns(() => cloud, SHORT_WINDOWS);

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());

  it("renews three due phones with one renew-rate call in all, at the quoted price", async () => {
    const phones = await runs.seed(3, 5, 7);
    await cloud.admin.resetCounters();
    runs.newRun();

    const inputs = [];
    for (const phoneId of phones) inputs.push(await runs.checked({ phoneId }));
    const created = await Promise.all(inputs.map((i) => runs.providers().subscription.create(i)));

    const calls = await runs.calls();
    expect(calls.rate, JSON.stringify(calls)).to.equal(1);
    expect(calls.renew, JSON.stringify(calls)).to.equal(1);
    const amounts = created.map((c) => (c.outs as SubscriptionOutputs).lastRenewal?.amount);
    expect(amounts).to.deep.equal([129, 129, 129]);
  });

  it("refuses a renewal whose check quote is over maxOrderAmount, ordering nothing", async () => {
    const [phone] = await runs.seed(3);
    await cloud.admin.resetCounters();
    runs.newRun();

    const inputs = await runs.checked({ phoneId: phone, maxOrderAmount: 100 });
    const outcome = await runs
      .providers()
      .subscription.create(inputs)
      .then(
        () => "created",
        (error: Error) => error.message,
      );

    expect(outcome).to.equal(
      `maxOrderAmount exceeded, nothing was ordered for this batch: ${phone} 129.00 CNY (limit 100). ` +
        `Raise maxOrderAmount or shorten the period, then run pulumi up again.`,
    );
    const calls = await runs.calls();
    expect(calls.rate, JSON.stringify(calls)).to.equal(1);
    expect(calls.renew ?? 0).to.equal(0);
  });
});
