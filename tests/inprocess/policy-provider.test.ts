import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import type { PolicyOutputs } from "../../provider/resources/policy-state";
import { configure } from "../../provider";
import { createProviders, Providers } from "../../provider/providers";
import { createRuntime } from "../../provider/runtime";

// The renewal policy provider's lifecycle called as the engine calls it, against the emulator over HTTP.

describe("policy provider, in-process against the emulator", function () {
  let cloud: RunningEmulator;
  let provider: Providers;
  const providers = () => provider;

  let config: Record<string, string>;

  before(async () => {
    cloud = await startEmulator({ now: "2027-10-30T00:00:00Z", rateLimit: 1000 });
    config = {
      "koophone:accessKey": DEFAULT_CREDENTIALS.accessKey,
      "koophone:secretKey": DEFAULT_CREDENTIALS.secretKey,
      "koophone:endpoint": cloud.url,
      "koophone:koophoneEndpoint": cloud.url,
    };
    provider = createProviders(createRuntime((key) => config[key], {}));
  });
  after(() => cloud.stop());
  beforeEach(async () => {
    await cloud.admin.reset();
    await cloud.admin.resetCounters();
  });

  it("check refuses a bad renewal day, naming the field, and hands back the checked inputs otherwise", async () => {
    const bad = await providers().policy.check({}, { renewalDay: 31 });
    expect(bad.failures?.map((f) => f.property)).to.deep.equal(["renewalDay"]);
    const good = await providers().policy.check({}, { renewalDay: 5, period: { unit: "year", count: 1 } });
    expect(good).to.deep.equal({ inputs: { renewalDay: 5, period: { unit: "year", count: 1 } } });
  });

  it("create sets the account's renewal configuration; update sends only what changed", async () => {
    const { outs } = await providers().policy.create({ renewalDay: 1, deductionDaysBeforeExpiry: 3 });
    expect((await cloud.admin.state()).config).to.deep.equal({ EXPIRE_DATE: "1", DEDUCTION_DATE: "3" });
    await cloud.admin.resetCounters();
    const news = { renewalDay: "last" as const, deductionDaysBeforeExpiry: 3 };
    expect(await providers().policy.diff("p", outs as PolicyOutputs, news)).to.deep.equal({ changes: true });
    await providers().policy.update("p", outs as PolicyOutputs, news);
    expect(await cloud.admin.counters()).to.include({ "renew-config": 1 });
    expect((await cloud.admin.state()).config.EXPIRE_DATE).to.equal("-1");
  });

  it("the same inputs are no change; refresh reports what was applied and leaves the inputs to the engine", async () => {
    const inputs = { renewalDay: 10, mode: "auto" as const };
    const { outs } = await providers().policy.create(inputs);
    const recorded = { ...(outs as PolicyOutputs), __provider: "serialized" } as PolicyOutputs;
    expect(await providers().policy.diff("p", recorded, { ...inputs })).to.deep.equal({ changes: false });
    expect(await providers().policy.read("p", recorded)).to.deep.equal({ id: "p", props: recorded });
  });

  it("check starts the account listing that the subscriptions' checks then plan from, without listing again", async () => {
    const { phones } = await cloud.admin.seed({ count: 150, expiryWithinDays: [40, 90], rngSeed: 3 });
    await cloud.admin.resetCounters();
    const runtime = createRuntime((key) => config[key], {});
    const fresh = createProviders(runtime);

    await fresh.policy.check({}, { renewalDay: 5 });
    // Nothing else calls: the listing's two pages arrive on their own.
    const deadline = Date.now() + 5_000;
    while ((await cloud.admin.counters()).query !== 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await cloud.admin.counters()).to.deep.equal({ query: 2 });

    const checked = await fresh.subscription.check({}, { phoneId: phones[0].resourceId, __provider: "p" });
    expect(checked.failures ?? []).to.deep.equal([]);
    expect(await cloud.admin.counters()).to.deep.equal({ query: 2 });
  });

  it("the dynamic door's two handles, configured apart with one stack config, share that listing", async () => {
    const { phones } = await cloud.admin.seed({ count: 150, expiryWithinDays: [40, 90], rngSeed: 4 });
    await cloud.admin.resetCounters();
    // A configuration of its own (a timeout no other test sets): no runtime of an earlier test is reused.
    const stackConfig: Record<string, string> = { ...config, "koophone:timeoutMs": "29999" };
    const policyHandle = configure((key) => stackConfig[key]);
    const subscriptionHandle = configure((key) => stackConfig[key]);

    await policyHandle.policy.check({}, { renewalDay: 5 });
    const checked = await subscriptionHandle.subscription.check(
      {},
      { phoneId: phones[0].resourceId, __provider: "p" },
    );
    expect(checked.failures ?? []).to.deep.equal([]);
    expect(await cloud.admin.counters()).to.deep.equal({ query: 2 });
  });

  it("delete leaves the account configuration as it is", async () => {
    await providers().policy.create({ renewalDay: 12 });
    await cloud.admin.resetCounters();
    await providers().policy.delete();
    expect((await cloud.admin.state()).config.EXPIRE_DATE).to.equal("12");
    expect(await cloud.admin.counters()).to.not.have.property("renew-config");
  });
});
