import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { applyMode, releaseToManual } from "../../provider/modes";
import { newBatches, readPhone, seedDuePhones, startCloud } from "./renewal-fixture";

// Moving a phone between the Billing Center's renewal tabs, against the local cloud: expire_policy 3 is
// auto-renew, 1 pay-per-use after expiry, 0 neither (manual renewal).

describe("renewal modes", function () {
  let cloud: RunningEmulator;

  before(async () => (cloud = await startCloud()));
  after(() => cloud.stop());

  it("moves a phone manual -> auto -> pay-per-use after expiry -> manual, with one or two calls each", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const session = newBatches(cloud);
    const policy = async () => (await readPhone(session, phone)).expire_policy;
    await cloud.admin.resetCounters();

    await applyMode(session.client, phone, "manual", "auto", "month");
    expect(await policy()).to.equal(3);
    await applyMode(session.client, phone, "auto", "payPerUseAfterExpiry", "month");
    expect(await policy()).to.equal(1);
    await releaseToManual(session.client, phone, "payPerUseAfterExpiry");
    expect(await policy()).to.equal(0);

    const counters = await cloud.admin.counters();
    expect([counters["autorenew-on"], counters["autorenew-off"], counters["to-on-demand"]]).to.deep.equal([
      1, 1, 2,
    ]);
  });

  it("makes no call when the phone is already in its mode", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const session = newBatches(cloud);
    await cloud.admin.resetCounters();
    await applyMode(session.client, phone, "manual", "manual", "year");
    expect(await cloud.admin.counters()).to.deep.equal({});
  });

  it("a phone the switch refuses fails naming the phone, the operation and the code", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    await cloud.admin.addFault({ kind: "frozen-phone", resourceId: phone });
    const session = newBatches(cloud);
    const error = await applyMode(session.client, phone, "manual", "auto", "month").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.include(phone).and.to.include("autorenew-on").and.to.include("CBC.99003602");
  });
});
