import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { PartialFailure } from "../../provider/resources/partial-failure";
import type { SubscriptionOutputs } from "../../provider/resources/subscription-state";
import { renewIfDue } from "../../provider/renewal";
import { DEFAULT_SETTINGS } from "../../provider/planner/settings";
import { NOW, providerRuns, SERIALIZED_PROVIDER } from "./provider-fixture";

// The subscription provider's lifecycle called as the engine calls it (check, diff, create, update, read, delete),
// against the emulator over HTTP, with no engine.

type Raw = Record<string, unknown>;

let cloud: RunningEmulator;
const { newRun, seed, checked, calls, providers, runtime } = providerRuns(() => cloud);

async function expiryOf(phoneId: string): Promise<string> {
  const sub = (await cloud.admin.state()).subscriptions.find((s) => s.resourceId === phoneId);
  return sub?.expireTime ?? "";
}

async function paidOrdersOf(phoneId: string): Promise<string[]> {
  const { orders } = await cloud.admin.state();
  return orders
    .filter((o) => o.status === 5 && o.lineItems.some((l) => l.resourceId === phoneId))
    .map((o) => o.orderId);
}

describe("subscription provider, in-process against the emulator", function () {
  this.timeout(30_000);

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());
  beforeEach(() => newRun());

  describe("check: the renewal appears on exactly the phones up will renew", () => {
    it("puts renewal { from, to, periods, extra days } on a due phone and none on a phone that is not due", async () => {
      const [due, later] = await seed(3, 80);
      const dueInputs = await checked({ phoneId: due, renewBefore: "P30D" });
      expect(dueInputs.expireTime).to.equal("2027-11-02T15:59:59Z");
      expect(dueInputs.renewal).to.deep.equal({
        from: "2027-11-02T15:59:59Z",
        to: "2027-12-02T15:59:59Z",
        periodUnit: "month",
        periodCount: 1,
        extraDays: 0,
        renewalDay: "none",
      });
      const laterInputs = await checked({ phoneId: later, renewBefore: "P30D" });
      expect(laterInputs).to.not.have.property("renewal");
      expect(laterInputs.expireTime).to.equal(await expiryOf(later));
    });

    it("records the policy's settings flat under the phone's own, not the policy object", async () => {
      const [phone] = await seed(80);
      const inputs = await checked({
        phoneId: phone,
        mode: "auto",
        policy: { renewalDay: 15, mode: "manual", period: { unit: "year", count: 1 }, autoPay: false },
      });
      expect(inputs).to.not.have.property("policy");
      expect(inputs).to.deep.include({
        phoneId: phone,
        mode: "auto",
        renewalDay: 15,
        period: { unit: "year", count: 1 },
        autoPay: false,
      });
    });

    it("fails at preview, naming phoneId, for a phone Billing Center does not list", async () => {
      await seed(80);
      const result = await providers().subscription.check({}, { phoneId: "no-such-phone" });
      expect(result.failures?.map((f) => f.property)).to.deep.equal(["phoneId"]);
      expect(result.failures?.[0].reason).to.contain('"no-such-phone"');
    });
  });

  describe("the account's renewal day (account day 1, phone expiring 2027-11-02T15:59:59Z, now 2027-10-30)", () => {
    async function accountDayOne(): Promise<string> {
      const [phone] = await seed(3);
      await providers().policy.create({ renewalDay: 1 }); // as another stack's policy would have set it
      return phone;
    }

    it("without a policy or koophone:renewalDay: the plan says its day is unknown, and a warning says so", async () => {
      const phone = await accountDayOne();
      newRun({ "koophone:renewalDay": "" }); // not set
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (message: string) => warnings.push(message);
      try {
        const inputs = await checked({ phoneId: phone });
        expect(inputs.renewal).to.include({ to: "2027-12-02T15:59:59Z", renewalDay: "unknown" });
      } finally {
        console.warn = warn;
      }
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain(phone).and.contain("koophone:renewalDay");
    });

    it("with koophone:renewalDay 1: preview shows what up buys (1 month + 30 days), and up buys exactly that", async () => {
      const phone = await accountDayOne();
      newRun({ "koophone:renewalDay": "1" });
      const inputs = await checked({ phoneId: phone });
      expect(inputs.renewal).to.deep.equal({
        from: "2027-11-02T15:59:59Z",
        to: "2028-01-01T15:59:59Z",
        periodUnit: "month",
        periodCount: 1,
        extraDays: 30,
        renewalDay: 1,
      });
      const { outs } = await providers().subscription.create(inputs);
      expect(await expiryOf(phone)).to.equal(inputs.renewal?.to);
      expect(outs?.expireTime).to.equal(inputs.renewal?.to);
      expect(outs?.lastRenewal).to.include({ from: inputs.renewal?.from, to: inputs.renewal?.to });
      expect(outs?.lastRenewal?.period).to.deep.equal({ unit: "month", count: 1 });
    });

    it("refuses a koophone:renewalDay that is not a day, naming the key, the value and what is allowed", async () => {
      const [phone] = await seed(80);
      newRun({ "koophone:renewalDay": "31" });
      const failure = await providers()
        .subscription.check({}, { phoneId: phone })
        .catch((e: Error) => e);
      expect(String(failure)).to.match(
        /koophone:renewalDay "31" is not allowed: .*1-28 or "last", or "none"/,
      );
    });
  });

  describe("create and update", () => {
    it("adopts a phone that is not due with no read beyond the check listing and one renewal-order listing, and no mutating call", async () => {
      const [phone] = await seed(80);
      const inputs = await checked({ phoneId: phone });
      await cloud.admin.resetCounters();
      const { id, outs } = await providers().subscription.create(inputs);
      expect(await calls()).to.deep.equal({ "orders-list": 1 });
      expect(id).to.equal(phone);
      expect(outs).to.deep.include({
        phoneId: phone,
        expireTime: await expiryOf(phone),
        status: "inUse",
        mode: "manual",
        onDelete: "retain",
      });
      expect(outs).to.not.have.property("lastRenewal");
    });

    it("renews a due phone once, records it, and the next check and diff show no change", async () => {
      const [phone] = await seed(3);
      const inputs = await checked({ phoneId: phone });
      const { outs } = await providers().subscription.create(inputs);
      const [orderId] = await paidOrdersOf(phone);
      expect(outs?.lastRenewal).to.deep.include({ orderId, from: "2027-11-02T15:59:59Z" });
      expect(outs?.expireTime).to.equal(await expiryOf(phone));
      expect(outs?.expireTime).to.equal(inputs.renewal?.to);

      newRun();
      const again = await checked({ phoneId: phone }, inputs);
      expect(again).to.not.have.property("renewal");
      expect(await providers().subscription.diff(phone, outs as SubscriptionOutputs, again)).to.deep.equal({
        changes: false,
      });
    });

    it("a policy change that moves no plan changes nothing; the phones it moves show their new renewal", async () => {
      const [due, later] = await seed(3, 80);
      const policy = (renewalDay: number) => ({ renewalDay });
      const outputs = new Map<string, SubscriptionOutputs>();
      for (const phone of [later]) {
        const { outs } = await providers().subscription.create(
          await checked({ phoneId: phone, policy: policy(15) }),
        );
        outputs.set(phone, outs as SubscriptionOutputs);
      }
      const laterDiff = await providers().subscription.diff(
        later,
        outputs.get(later) as SubscriptionOutputs,
        await checked({ phoneId: later, policy: policy(20) }),
      );
      expect(laterDiff).to.deep.equal({ changes: false });

      const dueInputs = await checked({ phoneId: due, policy: policy(20) });
      expect(dueInputs.renewal).to.include({ to: "2027-12-20T15:59:59Z", renewalDay: 20 });
    });

    it("a mode to set is a change; update sets it with no read of a phone that is not due", async () => {
      const [phone] = await seed(80);
      const { outs } = await providers().subscription.create(await checked({ phoneId: phone }));
      const news = await checked({ phoneId: phone, mode: "auto" });
      expect(await providers().subscription.diff(phone, outs as SubscriptionOutputs, news)).to.deep.equal({
        changes: true,
      });
      await cloud.admin.resetCounters();
      const updated = await providers().subscription.update(phone, outs as SubscriptionOutputs, news);
      expect(await calls()).to.deep.equal({ "autorenew-on": 1 });
      expect(updated.outs?.mode).to.equal("auto");
      const sub = (await cloud.admin.state()).subscriptions.find((s) => s.resourceId === phone);
      expect(sub?.autoRenew).to.deep.equal({ periodUnit: "month" });
    });

    it("onDelete and state in an older shape are changes; other settings that move no plan are not", async () => {
      const [phone] = await seed(80);
      const { outs } = await providers().subscription.create(await checked({ phoneId: phone }));
      const recorded = outs as SubscriptionOutputs;
      const diff = async (news: Raw, olds: Raw = recorded) =>
        (await providers().subscription.diff(phone, olds as SubscriptionOutputs, await checked(news)))
          .changes;
      expect(await diff({ phoneId: phone, onDelete: "manual" })).to.equal(true);
      expect(
        await diff({ phoneId: phone, autoPay: false, maxOrderAmount: 10, renewBefore: "P40D" }),
      ).to.equal(false);
      expect(await diff({ phoneId: phone }, { ...recorded, targetExpireTime: recorded.expireTime })).to.equal(
        true,
      );
      const replaced = await providers().subscription.diff(phone, recorded, { phoneId: "other" });
      expect(replaced).to.deep.equal({ changes: true, replaces: ["phoneId"], deleteBeforeReplace: true });
    });
  });

  describe("after a crash: the state catches up with Billing Center", () => {
    it("a renewal the state missed shows as a change, and update records the new expiry and its order", async () => {
      const [phone] = await seed(3);
      const { outs } = await providers().subscription.create(
        await checked({ phoneId: phone, renewBefore: "P1D" }),
      );
      const before = outs as SubscriptionOutputs;
      // A run that crashed after paying: the renewal happened, the state never heard of it.
      const session = runtime().batches;
      const [listed] = await session.client.queryAllResources([phone]);
      const missed = await renewIfDue(session, listed, {
        ...DEFAULT_SETTINGS,
        period: { unit: "month", count: 1 },
      });
      expect(missed?.orderId).to.be.a("string");

      newRun();
      const news = await checked({ phoneId: phone, renewBefore: "P1D" });
      expect(news).to.not.have.property("renewal");
      expect(await providers().subscription.diff(phone, before, news)).to.deep.equal({ changes: true });
      await cloud.admin.resetCounters();
      const { outs: updated } = await providers().subscription.update(phone, before, news);
      expect((await calls()).renew ?? 0).to.equal(0);
      expect(updated?.expireTime).to.equal(await expiryOf(phone));
      expect(updated?.lastRenewal).to.deep.equal(missed);
      expect(await paidOrdersOf(phone)).to.have.length(1);
    });

    it("refresh records the new expiry and the order that renewed it, and keeps the inputs", async () => {
      const [phone] = await seed(3);
      const { outs } = await providers().subscription.create(
        await checked({ phoneId: phone, renewBefore: "P1D" }),
      );
      const session = runtime().batches;
      const [listed] = await session.client.queryAllResources([phone]);
      const missed = await renewIfDue(session, listed, { ...DEFAULT_SETTINGS });
      newRun();
      const refreshed = await providers().subscription.read(phone, outs as SubscriptionOutputs);
      expect(refreshed).to.not.have.property("inputs");
      expect(refreshed.id).to.equal(phone);
      expect(refreshed.props?.expireTime).to.equal(await expiryOf(phone));
      expect(refreshed.props?.lastRenewal).to.deep.equal(missed);
    });
  });

  describe("partial failures record the renewal, and destroy and refresh still work", () => {
    it("the mode cannot be set after a paid renewal: an Error with id, properties (with __provider), reasons", async () => {
      const [phone] = await seed(3);
      const inputs = await checked({ phoneId: phone, mode: "auto" });
      const client = runtime().batches.client;
      client.enableAutoRenew = () => Promise.reject(new Error("auto-renew answered HTTP 500 (CBC.0999)"));
      const failure = await providers()
        .subscription.create(inputs)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      newRun();
      expect(failure).to.be.instanceOf(Error).and.instanceOf(PartialFailure);
      const partial = failure as PartialFailure;
      const [orderId] = await paidOrdersOf(phone);
      expect(partial.id).to.equal(phone);
      expect(partial.message).to.be.a("string").and.contain(orderId);
      expect(partial.reasons.join(" ")).to.contain(phone);
      expect(partial.properties.__provider).to.equal(SERIALIZED_PROVIDER);
      const recorded = partial.properties as SubscriptionOutputs;
      expect(recorded.lastRenewal?.orderId).to.equal(orderId);
      expect(recorded.expireTime).to.equal(await expiryOf(phone));
      expect(recorded.mode).to.equal("manual");

      const refreshed = await providers().subscription.read(phone, recorded);
      expect(refreshed.props?.lastRenewal?.orderId).to.equal(orderId);
      const news = await checked({ phoneId: phone, mode: "auto" });
      expect(news).to.not.have.property("renewal");
      const { outs } = await providers().subscription.update(phone, recorded, news);
      expect(outs?.mode).to.equal("auto");
      expect(await paidOrdersOf(phone)).to.deep.equal([orderId]);
      await providers().subscription.delete(phone, { ...recorded, onDelete: "manual" });
      const sub = (await cloud.admin.state()).subscriptions.find((s) => s.resourceId === phone);
      expect(sub?.autoRenew).to.equal(undefined);
    });

    it("the read after a paid renewal fails: the renewal is recorded with the expiry its order gives", async () => {
      const [phone] = await seed(3);
      const inputs = await checked({ phoneId: phone });
      const session = runtime().batches;
      const read = session.readPhone.bind(session);
      let reads = 0;
      session.readPhone = (id: string) => {
        reads += 1;
        // The pipeline's read before paying passes (the plan comes from the check's listing); the one after fails.
        return reads >= 2 ? Promise.reject(new Error("connect ECONNREFUSED")) : read(id);
      };
      try {
        const failure = await providers()
          .subscription.create(inputs)
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(failure).to.be.instanceOf(PartialFailure);
        const partial = failure as PartialFailure;
        const [orderId] = await paidOrdersOf(phone);
        expect(partial.message).to.contain(orderId).and.not.contain("nothing was changed");
        const recorded = partial.properties as SubscriptionOutputs;
        expect(recorded.lastRenewal?.orderId).to.equal(orderId);
        expect(recorded.expireTime).to.equal(await expiryOf(phone));
        expect(partial.properties.__provider).to.equal(SERIALIZED_PROVIDER);
      } finally {
        session.readPhone = read;
      }
    });
  });
});
