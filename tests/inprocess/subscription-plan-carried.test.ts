import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { NOW, providerRuns } from "./provider-fixture";

// The renewal the preview showed (the `renewal` input) is the renewal ordered: create and update order it as it is,
// and refuse, ordering nothing, when the planner no longer agrees with it.

let cloud: RunningEmulator;
const { newRun, seed, checked, providers, calls } = providerRuns(() => cloud);

describe("subscription provider: the plan shown at preview is the plan ordered", function () {
  this.timeout(30_000);

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());
  beforeEach(() => newRun());

  it("orders the periods and reaches the end the preview showed", async () => {
    const [phone] = await seed(3);
    const inputs = await checked({ phoneId: phone, period: { unit: "month", count: 2 } });
    const { outs } = await providers().subscription.create(inputs);
    expect(outs?.lastRenewal).to.deep.include({
      period: { unit: "month", count: inputs.renewal?.periodCount },
      from: inputs.renewal?.from,
      to: inputs.renewal?.to,
    });
  });

  it("refuses a renewal the planner no longer gives, naming what differs, and orders nothing", async () => {
    const [phone] = await seed(3);
    const inputs = await checked({ phoneId: phone });
    const shown = inputs.renewal;
    if (shown === undefined) throw new Error("the phone should be due");
    const stale = { ...inputs, renewal: { ...shown, periodCount: 2, to: "2028-01-02T15:59:59Z" } };
    await cloud.admin.resetCounters();
    const failure = await providers()
      .subscription.create(stale)
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure?.message).to.equal(
      `the renewal of ${phone} shown at preview is not the one Billing Center's data gives now (to ` +
        `2028-01-02T15:59:59Z -> ${shown.to}, periodCount 2 -> 1); nothing was ordered. Run pulumi preview to see ` +
        `the renewal as it is now, then pulumi up.`,
    );
    const { renew, pay } = await calls();
    expect({ renew, pay }).to.deep.equal({ renew: undefined, pay: undefined });
  });
});
