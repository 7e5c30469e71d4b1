import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { callsPerSecondOf } from "../../provider/call-rate";
import { KooPhoneClient } from "../../provider/client";
import { apiOrders } from "../support/emulator-state";

// Four stacks' clients (four processes' worth: each its own access key, so no client-side limiter is shared) calling
// one account at once, under the emulator's account-wide limit of 10 calls a second per API.

const SHARDS = 4;
const keys = Array.from({ length: SHARDS }, (_, i) => ({
  accessKey: `EMULATORSHARDAK00000${i}`,
  secretKey: `shard-${i}-emulator-secret`,
}));

describe("one account's rate budget shared by several clients", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ now: "2026-11-26T04:00:00Z", credentials: keys });
  });
  after(() => emulator.stop());

  /** Each client reads 8 times and renews 3 phones of its own (an unpaid order each), all clients at once. */
  async function shardsAtOnce(callsPerSecond: number) {
    await emulator.admin.reset();
    const { phones } = await emulator.admin.seed({
      count: SHARDS * 3,
      expiryWithinDays: [5, 20],
      rngSeed: 11,
    });
    const ids = phones.map((p) => p.resourceId);
    await emulator.admin.resetCounters();
    const clients = keys.map(
      (credentials) =>
        new KooPhoneClient({
          endpoint: emulator.url,
          koophoneEndpoint: emulator.url,
          credentials,
          callsPerSecond,
          retryBaseDelayMs: 100,
          retryMaxDelayMs: 1_000,
          retryBudgetMs: 30_000,
          maxRetries: 30,
          log: () => {},
        }),
    );
    await Promise.all(
      clients.map(async (client, i) => {
        const own = ids.slice(i * 3, i * 3 + 3);
        const reads = Array.from({ length: 8 }, () => client.queryResources({ resource_ids: own }));
        const renewals = own.map((id) =>
          client.renew({ resource_ids: [id], period_type: 2, period_num: 1, is_auto_pay: 0 }),
        );
        await Promise.all([...reads, ...renewals]);
      }),
    );
    const state = await emulator.admin.state();
    const ordersPerPhone = new Map<string, number>();
    for (const order of apiOrders(state)) {
      for (const item of order.lineItems) {
        ordersPerPhone.set(item.resourceId, (ordersPerPhone.get(item.resourceId) ?? 0) + 1);
      }
    }
    return {
      ids,
      ordersPerPhone,
      counters: await emulator.admin.counters(),
      throttled: await emulator.admin.throttled(),
    };
  }

  it("at 10 calls a second each, the gateway's 429s are ridden out: every read answers, every renewal is placed once", async () => {
    const { ids, ordersPerPhone, counters, throttled } = await shardsAtOnce(10);
    expect(throttled.query ?? 0, "the four clients overshoot the account's budget").to.be.greaterThan(0);
    for (const id of ids) expect(ordersPerPhone.get(id), id).to.equal(1);
    // Each throttled renew was sent again and carried out once: the renews that got through are one a phone.
    expect((counters.renew ?? 0) - (throttled.renew ?? 0)).to.equal(ids.length);
    expect((counters.query ?? 0) - (throttled.query ?? 0)).to.equal(SHARDS * 8);
  });

  it("at the default share for 4 shards (koophone:shard i/4), no call is answered 429", async () => {
    const share = callsPerSecondOf(undefined, `0/${SHARDS}`);
    expect(share).to.equal(2);
    const { ids, ordersPerPhone, counters, throttled } = await shardsAtOnce(share);
    expect(throttled).to.deep.equal({});
    for (const id of ids) expect(ordersPerPhone.get(id), id).to.equal(1);
    expect(counters).to.deep.equal({ query: SHARDS * 8, renew: ids.length });
  });
});
