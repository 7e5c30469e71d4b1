// The run's budget at check, in-process against the emulator: the balance read once and held against the run's
// renewals (fail, warn), the cap that renews the soonest-expiring phones and leaves the rest for a later run, a bad
// cap, and the quotes priced in rounds rather than one call per check.
import { expect } from "chai";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { providerService } from "../../provider/native/provider-service";
import { sdkModules } from "../../provider/native/sdk-modules";
import type { SubscriptionInputs } from "../../provider/resources/subscription-state";
import { inShard } from "../../provider/shard";
import { NOW, providerRuns, SERIALIZED_PROVIDER, SHORT_WINDOWS } from "./provider-fixture";

/** The default SKU's month (CNY); the fixture's runs state no renewal day, so no pro-rata days are added. */
const MONTH = 129;

describe("in-process: the run's budget (balance and cap) at check", function () {
  this.timeout(60_000);
  let cloud: RunningEmulator;
  const warnings: string[] = [];
  const runs = providerRuns(() => cloud, {
    ...SHORT_WINDOWS,
    warn: (message) => {
      warnings.push(message);
      return Promise.resolve();
    },
  });

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());
  beforeEach(() => (warnings.length = 0));

  /** The engine's check of each phone in turn, as it registers them; the outcome of each. */
  async function checkInTurn(phoneIds: string[]) {
    const outcomes: ({ inputs: SubscriptionInputs } | { error: string })[] = [];
    for (const phoneId of phoneIds) {
      try {
        const result = await runs
          .providers()
          .subscription.check({}, { phoneId, __provider: SERIALIZED_PROVIDER });
        expect(result.failures ?? []).to.deep.equal([]);
        outcomes.push({ inputs: result.inputs as SubscriptionInputs });
      } catch (error) {
        outcomes.push({ error: (error as Error).message });
      }
    }
    return outcomes;
  }

  it("fails the check that passes the balance, naming amount, balance and shortfall, with no order", async () => {
    const phones = await runs.seed(3, 5, 7);
    await cloud.admin.setBalance(200);
    await cloud.admin.resetCounters();
    runs.newRun();

    const outcomes = await checkInTurn(phones);

    expect(outcomes[0]).to.have.nested.property("inputs.renewal");
    const failed = outcomes[1] as { error: string };
    expect(failed.error).to.equal(
      "the account cannot pay this run's renewals: at least 258.00 CNY is due, the balance that can pay it " +
        "(cash and available credit) is 200.00 CNY, 58.00 CNY short. Nothing was ordered. Top up the account by " +
        "at least 58.00 CNY, or set koophone:maxRunAmount to renew the soonest-expiring phones up to that " +
        "amount, or, for an account that pays in a way the balance does not show (monthly settlement), pulumi " +
        "config set koophone:balanceCheck warn.",
    );
    const calls = await runs.calls();
    expect(calls).to.deep.equal({ query: 1, rate: 1, balances: 1 });
    expect(await cloud.admin.getBalance()).to.equal(200);
  });

  it('with koophone:balanceCheck "warn", passes every check and says so once', async () => {
    const phones = await runs.seed(3, 5, 7);
    await cloud.admin.setBalance(200);
    runs.newRun({ "koophone:balanceCheck": "warn" });

    const outcomes = await checkInTurn(phones);

    expect(outcomes.map((o) => "inputs" in o && o.inputs.renewal !== undefined)).to.deep.equal([
      true,
      true,
      true,
    ]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain("at least 258.00 CNY is due").and.to.contain("58.00 CNY short");
    expect(warnings[0]).to.contain('koophone:balanceCheck is "warn", so the run goes on');
  });

  it('with koophone:balanceCheck "off", reads no balance', async () => {
    const phones = await runs.seed(3);
    await cloud.admin.setBalance(0);
    await cloud.admin.resetCounters();
    runs.newRun({ "koophone:balanceCheck": "off" });
    const [outcome] = await checkInTurn(phones);
    expect(outcome).to.have.nested.property("inputs.renewal");
    expect(await runs.calls()).to.deep.equal({ query: 1 });
  });

  it("with a cap, renews the soonest-expiring phones up to it, whatever the check order, and leaves the rest untouched", async () => {
    const [late, soonest, third, second] = await runs.seed(9, 3, 7, 5);
    const byExpiry = [soonest, second, third, late];
    runs.newRun({ "koophone:maxRunAmount": "300" });

    // The engine takes registrations as they arrive: not in expiry order, nor in the program's.
    const outcomes = await checkInTurn([late, third, soonest, second]);
    const inputs = outcomes.map((o) => (o as { inputs: SubscriptionInputs }).inputs);
    expect(inputs.map((i) => i.renewal !== undefined)).to.deep.equal([false, false, true, true]);
    const deferred = (phoneId: string, ahead: string) =>
      `${phoneId}: left for a later run: the run's cap of 300.00 CNY is reached (${ahead} planned for the phones ` +
      `ahead of it, this renewal 129.00); it is not renewed by this up. Raise koophone:maxRunAmount to ` +
      `renew it now.`;
    expect(warnings).to.deep.equal([deferred(late, "387.00"), deferred(third, "258.00")]);

    const before = await expiries(byExpiry);
    const balance = await cloud.admin.getBalance();
    await Promise.all(
      inputs.map((i) =>
        runs.providers().subscription.create({ ...i, __provider: SERIALIZED_PROVIDER } as SubscriptionInputs),
      ),
    );
    const after = await expiries(byExpiry);
    expect(byExpiry.map((id) => after.get(id) !== before.get(id))).to.deep.equal([true, true, false, false]);
    expect(await cloud.admin.getBalance()).to.equal(balance - 2 * MONTH);
  });

  it("refuses a bad koophone:maxRunAmount at the first check, naming key, value and what is allowed", async () => {
    const [phone] = await runs.seed(3);
    runs.newRun({ "koophone:maxRunAmount": "lots" });
    const [outcome] = await checkInTurn([phone]);
    expect(outcome).to.deep.equal({
      error:
        `koophone:maxRunAmount "lots" is not allowed: use a positive amount of the account's currency with at ` +
        `most 2 decimals, the most one run of the stack may pay for renewals in all, e.g. 500`,
    });
  });

  it("prices 120 due phones in rounds of 50 (12 renew-rate calls), not one call per check", async () => {
    const { admin } = cloud;
    await admin.reset();
    await admin.setClock(NOW);
    const seeded = await admin.seed({ count: 120, expiryWithinDays: [2, 20], rngSeed: 7, balance: 100_000 });
    const byExpiry = [...seeded.phones]
      .sort((a, b) => (a.expireTime ?? "").localeCompare(b.expireTime ?? ""))
      .map((p) => p.resourceId);
    await admin.resetCounters();
    runs.newRun();

    const outcomes = await checkInTurn(byExpiry);

    expect(outcomes.every((o) => "inputs" in o && o.inputs.renewal !== undefined)).to.equal(true);
    expect(await runs.calls()).to.deep.equal({ query: 2, rate: 12, balances: 1 });
    expect(runs.runtime().ledger.planned).to.equal(120 * MONTH * 100);
  });

  it("with koophone:shard, counts and prices the shard's due phones only, not the other shards'", async () => {
    const { admin } = cloud;
    await admin.reset();
    await admin.setClock(NOW);
    const seeded = await admin.seed({ count: 40, expiryWithinDays: [2, 20], rngSeed: 9, balance: 100_000 });
    const byExpiry = [...seeded.phones]
      .sort((a, b) => (a.expireTime ?? "").localeCompare(b.expireTime ?? ""))
      .map((p) => p.resourceId);
    const own = byExpiry.filter((id) => inShard(id, { index: 1, count: 4 }));
    expect(own.length).to.be.within(5, 15);
    await admin.resetCounters();
    // A cap that the shard's renewals fill exactly: counting the other shards' due phones ahead would defer most.
    runs.newRun({ "koophone:shard": "1/4", "koophone:maxRunAmount": String(own.length * MONTH) });

    const outcomes = await checkInTurn(own);

    expect(outcomes.map((o) => "inputs" in o && o.inputs.renewal !== undefined)).to.deep.equal(
      own.map(() => true),
    );
    expect(warnings).to.deep.equal([]);
    expect(await runs.calls()).to.deep.equal({ query: 1, rate: Math.ceil(own.length / 10), balances: 1 });
  });

  async function expiries(phoneIds: string[]): Promise<Map<string, string>> {
    const listed = await runs.runtime().client.queryAllResources(phoneIds);
    return new Map(listed.map((p) => [p.resource_id, p.expire_time]));
  }
});

describe("in-process: the run's budget through the native plugin's check", function () {
  this.timeout(30_000);
  let cloud: RunningEmulator;
  const { provider: proto, struct } = sdkModules();

  before(async () => (cloud = await startEmulator({ now: NOW, rateLimit: 1000 })));
  after(() => cloud.stop());

  function call<Request, Response>(handler: unknown, request: Request): Promise<Response> {
    type Unary = (
      call: { request: Request },
      done: (error: unknown, response: Response | null) => void,
    ) => void;
    return new Promise((resolve, reject) =>
      (handler as Unary)({ request }, (error, response) =>
        error ? reject(error) : resolve(response as Response),
      ),
    );
  }

  async function configured(extra: Record<string, string>) {
    const service = providerService({ version: "0.0.1-test", engineAddress: undefined });
    const request = new proto.ConfigureRequest()
      .setUrn("urn:pulumi:t::p::pulumi:providers:koophone::u")
      .setId("id");
    const variables = request.getVariablesMap();
    const config = {
      accessKey: DEFAULT_CREDENTIALS.accessKey,
      secretKey: DEFAULT_CREDENTIALS.secretKey,
      endpoint: cloud.url,
      koophoneEndpoint: cloud.url,
      renewalDay: "none",
      ...extra,
    };
    for (const [key, value] of Object.entries(config)) variables.set(`koophone:config:${key}`, value);
    await call(service.configure, request);
    return service;
  }

  async function check(service: ReturnType<typeof providerService>, phoneId: string) {
    const request = new proto.CheckRequest()
      .setUrn(`urn:pulumi:t::p::koophone:index:Subscription::${phoneId}`)
      .setNews(struct.Struct.fromJavaScript({ phoneId }))
      .setOlds(struct.Struct.fromJavaScript({}));
    const response = await call<ProviderProto.CheckRequest, ProviderProto.CheckResponse>(
      service.check,
      request,
    );
    return response.getInputs()?.toJavaScript();
  }

  async function seed(...days: number[]): Promise<string[]> {
    await cloud.admin.reset();
    await cloud.admin.setClock(NOW);
    const ids: string[] = [];
    for (const [i, d] of days.entries()) {
      const { phones } = await cloud.admin.seed({ count: 1, expiryWithinDays: [d, d], rngSeed: i + 1 });
      ids.push(phones[0].resourceId);
    }
    return ids;
  }

  it("leaves the phone past koophone:maxRunAmount without a renewal, checked first or not", async () => {
    const [first, second] = await seed(3, 5);
    const service = await configured({ maxRunAmount: "150" });
    const warned = await capturingWarnings(async () => {
      expect(await check(service, second)).to.not.have.property("renewal");
      expect(await check(service, first)).to.have.property("renewal");
    });
    expect(warned).to.deep.equal([
      `warning: ${second}: left for a later run: the run's cap of 150.00 CNY is reached (129.00 planned for the ` +
        `phones ahead of it, this renewal 129.00); it is not renewed by this up. Raise ` +
        `koophone:maxRunAmount to renew it now.`,
    ]);
  });

  it("fails the check the balance cannot pay, and with balanceCheck warn passes it", async () => {
    const [phone] = await seed(3);
    await cloud.admin.setBalance(100);
    const failing = await check(await configured({}), phone).then(
      () => "passed",
      (error: { details?: string }) => error.details,
    );
    expect(failing).to.contain("at least 129.00 CNY is due").and.to.contain("is 100.00 CNY, 29.00 CNY short");
    const warned = await capturingWarnings(async () => {
      expect(await check(await configured({ balanceCheck: "warn" }), phone)).to.have.property("renewal");
    });
    expect(warned).to.have.length(1);
    expect(warned[0]).to.contain('koophone:balanceCheck is "warn", so the run goes on');
  });
});

/** What `work` printed through console.warn (a plugin started without an engine warns on stderr). */
async function capturingWarnings(work: () => Promise<void>): Promise<string[]> {
  const printed: string[] = [];
  const original = console.warn;
  console.warn = (message: string) => printed.push(message);
  try {
    await work();
  } finally {
    console.warn = original;
  }
  return printed;
}
