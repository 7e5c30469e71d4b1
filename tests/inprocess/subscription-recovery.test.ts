import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { policyProvider } from "../../provider/resources/policy-provider";
import { subscriptionProvider } from "../../provider/resources/subscription-provider";
import type { SubscriptionInputs } from "../../provider/resources/subscription-state";
import { configure } from "../../provider/runtime-config";

// A stack's first up killed after paying for phones it never recorded: the next up creates those phones again,
// no longer due, and records the renewal that the killed up paid for, from one lookup per provider process.

const NOW = "2027-10-30T00:00:00Z";
const SERIALIZED_PROVIDER = "exports.handler = require('pulumi-koophone/provider')";

let cloud: RunningEmulator;
let runs = 0;

/** A new provider process: a configuration of its own (a region nothing reads) starts a session of its own. */
function newRun(): void {
  runs += 1;
  const config: Record<string, string> = {
    "koophone:accessKey": DEFAULT_CREDENTIALS.accessKey,
    "koophone:secretKey": DEFAULT_CREDENTIALS.secretKey,
    "koophone:endpoint": cloud.url,
    "koophone:koophoneEndpoint": cloud.url,
    "koophone:region": `recovery-${runs}`,
    "koophone:renewalDay": "none",
  };
  configure((key) => config[key]);
}

/** Empties the cloud; seeds one phone expiring in `days` days per entry; their ids in the same order. */
async function seed(...days: number[]): Promise<string[]> {
  await cloud.admin.reset();
  await cloud.admin.setClock(NOW);
  const ids: string[] = [];
  for (const [i, d] of days.entries()) {
    const { phones } = await cloud.admin.seed({ count: 1, expiryWithinDays: [d, d], rngSeed: i + 1 });
    ids.push(phones[0].resourceId);
  }
  await cloud.admin.setBalance(100_000);
  return ids;
}

/** What the engine hands create: the checked inputs, with the serialized provider. */
async function checked(phoneId: string): Promise<SubscriptionInputs> {
  const result = await subscriptionProvider.check({}, { phoneId, __provider: SERIALIZED_PROVIDER });
  expect(result.failures ?? [], JSON.stringify(result.failures)).to.deep.equal([]);
  return { ...(result.inputs as SubscriptionInputs), __provider: SERIALIZED_PROVIDER } as SubscriptionInputs;
}

/** Calls per API since the counters were reset, zeros left out. */
async function calls(): Promise<Record<string, number>> {
  const counters = await cloud.admin.counters();
  return Object.fromEntries(Object.entries(counters).filter(([, n]) => (n ?? 0) > 0)) as Record<
    string,
    number
  >;
}

describe("subscription provider: creating phones an interrupted up renewed", function () {
  this.timeout(30_000);

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());

  it("records the renewal an earlier process paid for, with its order's id, amount, from and to", async () => {
    const [phone] = await seed(3);
    newRun();
    const killed = (await subscriptionProvider.create(await checked(phone))).outs?.lastRenewal;
    expect(killed?.orderId).to.be.a("string");
    await cloud.admin.advanceClock({ minutes: 5 });

    newRun();
    const inputs = await checked(phone);
    expect(inputs).to.not.have.property("renewal");
    await cloud.admin.resetCounters();
    const { outs } = await subscriptionProvider.create(inputs);
    expect(outs?.lastRenewal).to.deep.equal(killed);
    expect(outs?.expireTime).to.equal(killed?.to);
    expect(await calls()).to.deep.equal({ "orders-list": 1, query: 1, "order-details": 1 });
  });

  it("records a console renewal made before the process started, as its order charged it", async () => {
    const [phone] = await seed(3);
    const renewal = await cloud.admin.consoleRenew(phone, { unit: "month", count: 1 });
    newRun();
    const { outs } = await subscriptionProvider.create(await checked(phone));
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
    await policyProvider.create({ renewalDay: 15 }); // the account's day: both renewals end on the 15th
    const killed = await Promise.all(
      (await Promise.all(phones.map((id) => checked(id)))).map((i) => subscriptionProvider.create(i)),
    );
    const [first, second] = killed.map(({ outs }) => outs?.lastRenewal);
    expect(first?.orderId).to.equal(second?.orderId);
    expect(first?.to).to.equal(second?.to);
    expect(first?.amount).to.not.equal(second?.amount);
    await cloud.admin.advanceClock({ minutes: 5 });

    newRun();
    const inputs = await Promise.all(phones.map((id) => checked(id)));
    await cloud.admin.resetCounters();
    const created = await Promise.all(inputs.map((i) => subscriptionProvider.create(i)));
    // Its lines name no phone, and two of them end on the 15th with different starts and amounts.
    for (const { outs } of created) {
      expect(outs?.lastRenewal).to.deep.equal({
        orderId: first?.orderId,
        period: first?.period,
        currency: first?.currency,
        to: first?.to,
      });
      expect(outs?.expireTime).to.equal(first?.to);
    }
    expect(await calls()).to.deep.equal({ "orders-list": 1, query: 1, "order-details": 1 });
  });

  it("does not look into orders this process paid: only the listing and the earlier order's phones", async () => {
    const [earlier, adopted, due] = await seed(3, 80, 3);
    newRun();
    await subscriptionProvider.create(await checked(earlier));
    await cloud.admin.advanceClock({ minutes: 5 });

    newRun();
    const [adoptedInputs, dueInputs] = [await checked(adopted), await checked(due)];
    await cloud.admin.advanceClock({ minutes: 1 });
    const renewedNow = (await subscriptionProvider.create(dueInputs)).outs?.lastRenewal;
    expect(renewedNow?.orderId).to.be.a("string");
    await cloud.admin.resetCounters();
    const { outs } = await subscriptionProvider.create(adoptedInputs);
    expect(outs).to.not.have.property("lastRenewal");
    expect(await calls()).to.deep.equal({ "orders-list": 1, query: 1 });
  });

  it("costs one listing call per process in an account with no recent renewal order, and records none", async () => {
    const phones = await seed(80, 90);
    newRun();
    const inputs = await Promise.all(phones.map((id) => checked(id)));
    await cloud.admin.resetCounters();
    const created = await Promise.all(inputs.map((i) => subscriptionProvider.create(i)));
    for (const { outs } of created) expect(outs).to.not.have.property("lastRenewal");
    expect(await calls()).to.deep.equal({ "orders-list": 1 });
  });
});
