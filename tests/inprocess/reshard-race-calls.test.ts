import { expect } from "chai";
import { RunningEmulator, StateDump, startEmulator } from "../../emulator";
import { inShard, parseShard } from "../../provider/shard";
import { duePhones, renewalsPerPhone } from "../support/emulator-state";
import { NOW, providerRuns, SHORT_WINDOWS } from "./provider-fixture";
import { ModelStack } from "./stack-model";

// The resharding race of the bench (bench/shard-scenario.ts) at a scale that runs in seconds: four stacks still at
// "i/4" and the new "4/5" up at once, every phone due, so that a fifth of the fleet is declared by two stacks and both
// renew it. The guard must hold (each due phone renewed once), and finding the order that renewed or holds a phone
// the other stack got first must not read the phones of every order the racing stacks placed.

const PHONES = 400;
const RENEW_BEFORE_DAYS = 30;
const keys = Array.from({ length: 5 }, (_, i) => ({
  accessKey: `EMULATORRACEAK00000${i}`,
  secretKey: `race-${i}-emulator-secret`,
}));

/**
 * Subscriptions queries the race may make. The same five stacks with disjoint shards make 69: the five stacks' account listings
 * (20 pages) and the reads of the renewed phones (in batches kept small by the short windows). Before each stack
 * learned orders from its own renew calls and searched the orders it knew first, the race made 256 (the paid orders
 * newer than the one sought read in every search, and two searches at once reading the same order twice); now 139.
 */
const MAX_QUERIES = 180;

describe("the resharding race's calls (in-process)", function () {
  this.timeout(120_000);
  let cloud: RunningEmulator;
  let ids: string[];

  before(async () => {
    // The emulator's limit raised and each stack's rate with it: the race's calls, not its pace, are measured here.
    cloud = await startEmulator({ now: NOW, credentials: keys, rateLimit: 1000 });
    const seeded = await cloud.admin.seed({
      count: PHONES,
      expiryWithinDays: [2, 29],
      rngSeed: 7,
      balance: 10_000_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
  });
  after(() => cloud.stop());

  /** Stack `i` (its own access key), declaring the phones of `shard` ("index/count", also its koophone:shard). */
  function stack(i: number, shard: string): ModelStack {
    const phoneIds = ids.filter((id) => inShard(id, parseShard("shard", shard)));
    return new ModelStack(
      providerRuns(() => cloud, SHORT_WINDOWS),
      { fleet: { renewBefore: `P${RENEW_BEFORE_DAYS}D`, phoneIds } },
      {
        "koophone:accessKey": keys[i].accessKey,
        "koophone:secretKey": keys[i].secretKey,
        "koophone:shard": shard,
        "koophone:callsPerSecond": "50",
      },
    );
  }

  it("4 stacks at i/4 and the new 4/5 at once: each due phone renewed once, in a bounded number of queries", async () => {
    const before: StateDump = await cloud.admin.state();
    const due = duePhones(before, RENEW_BEFORE_DAYS, ids);
    expect(due).to.have.length(PHONES);
    const moved = ids.filter((id) => inShard(id, { index: 4, count: 5 }));
    expect(moved.length).to.be.greaterThan(PHONES / 6);

    await cloud.admin.resetCounters();
    const stacks = [...[0, 1, 2, 3].map((i) => stack(i, `${i}/4`)), stack(4, "4/5")];
    const results = await Promise.all(stacks.map((s) => s.up()));
    const calls = await cloud.admin.counters();
    for (const result of results) expect(result.errors).to.deep.equal([]);

    const was = renewalsPerPhone(before);
    const now = renewalsPerPhone(await cloud.admin.state());
    const renewed = (id: string) => (now.get(id) ?? 0) - (was.get(id) ?? 0);
    expect(
      ids.filter((id) => renewed(id) > 1),
      "phones renewed twice",
    ).to.deep.equal([]);
    expect(
      due.filter((id) => renewed(id) !== 1),
      "due phones not renewed",
    ).to.deep.equal([]);
    // The new stack holds every phone it declares, the ones the old stacks renewed first too.
    for (const id of moved) {
      expect(stacks[4].state.has(id), `4/5 holds ${id}`).to.equal(true);
    }
    expect(calls.query, JSON.stringify(calls)).to.be.at.most(MAX_QUERIES);
  });
});
