import { expect } from "chai";
import { RunningEmulator, StateDump, startEmulator } from "../../emulator";
import { MUTATING_APIS } from "../../provider/client";
import { inShard, parseShard } from "../../provider/shard";
import { duePhones, renewalsPerPhone } from "../support/emulator-state";
import { NOW, providerRuns, SHORT_WINDOWS } from "./provider-fixture";
import { ModelStack } from "./stack-model";

// One account's fleet in shards, each stack its own provider process and access key, all running at once against
// the emulator's account-wide limit (10 calls a second per API), each at its default share of it (koophone:shard).
// Then resharding 4 -> 5 while phones are due, with one pipeline still on the old count for one more run.

const RENEW_BEFORE_DAYS = 20;
const FLEET = { renewBefore: `P${RENEW_BEFORE_DAYS}D` };
const keys = Array.from({ length: 5 }, (_, i) => ({
  accessKey: `EMULATORSHARDAK00000${i}`,
  secretKey: `shard-${i}-emulator-secret`,
}));

describe("shards of one account's fleet, and resharding 4 -> 5 (in-process)", function () {
  this.timeout(120_000);
  let cloud: RunningEmulator;
  let ids: string[];
  const stacks: ModelStack[] = [];

  /** Stack `i` (its own access key), declaring the phones of `shard` ("index/count", also its koophone:shard). */
  function declare(i: number, shard: string): ModelStack {
    const config = {
      "koophone:accessKey": keys[i].accessKey,
      "koophone:secretKey": keys[i].secretKey,
      "koophone:shard": shard,
    };
    const phoneIds = ids.filter((id) => inShard(id, parseShard("shard", shard)));
    const stack =
      stacks[i] ??
      new ModelStack(
        providerRuns(() => cloud, SHORT_WINDOWS),
        { fleet: { phoneIds } },
      );
    stack.declared = { fleet: { ...FLEET, phoneIds } };
    stack.config = config;
    stacks[i] = stack;
    return stack;
  }

  /** `up` of these stacks at once; each must succeed. */
  async function upAtOnce(running: ModelStack[]): Promise<void> {
    const results = await Promise.all(running.map((stack) => stack.up()));
    for (const result of results) expect(result.errors).to.deep.equal([]);
  }

  /** The phones each stack's state holds. */
  const managed = (): string[][] => stacks.map((stack) => [...stack.state.keys()]);

  /** Completed renewals per phone since `before`. */
  function renewedSince(before: StateDump, after: StateDump): Map<string, number> {
    const was = renewalsPerPhone(before);
    const now = renewalsPerPhone(after);
    return new Map(ids.map((id) => [id, (now.get(id) ?? 0) - (was.get(id) ?? 0)]));
  }

  /** Every phone in exactly one stack's state. */
  function expectEachPhoneInOneStack(): void {
    const holders = new Map<string, number>();
    for (const phones of managed()) for (const id of phones) holders.set(id, (holders.get(id) ?? 0) + 1);
    expect(
      ids.filter((id) => holders.get(id) === undefined),
      "phones in no stack",
    ).to.deep.equal([]);
    expect(
      ids.filter((id) => (holders.get(id) ?? 0) > 1),
      "phones in two stacks",
    ).to.deep.equal([]);
  }

  before(async () => {
    cloud = await startEmulator({ now: NOW, credentials: keys });
    const seeded = await cloud.admin.seed({
      count: 60,
      expiryWithinDays: [2, 50],
      rngSeed: 12,
      balance: 1_000_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
  });
  after(() => cloud.stop());

  it("4 shards at once: each due phone renewed once, every phone in one stack, no 429 at the default share", async () => {
    const before = await cloud.admin.state();
    const due = duePhones(before, RENEW_BEFORE_DAYS, ids);
    expect(due.length).to.be.greaterThan(10);
    await cloud.admin.resetCounters();
    await upAtOnce([0, 1, 2, 3].map((i) => declare(i, `${i}/4`)));

    const renewed = renewedSince(before, await cloud.admin.state());
    expect(ids.filter((id) => renewed.get(id) !== (due.includes(id) ? 1 : 0))).to.deep.equal([]);
    expectEachPhoneInOneStack();
    expect(await cloud.admin.throttled()).to.deep.equal({});
  });

  it("4 -> 5 with one pipeline a run behind: 0 renewed twice, 0 in no stack, 0 in two; a released phone untouched", async () => {
    await cloud.admin.advanceClock({ days: 15 });
    const before = await cloud.admin.state();
    const due = duePhones(before, RENEW_BEFORE_DAYS, ids);
    const toNewShard = ids.filter((id) => inShard(id, { index: 4, count: 5 }));
    const fromLagging = toNewShard.filter((id) => inShard(id, { index: 2, count: 4 }));
    // The case that needs the order race's guard: the old shard 2 and the new shard 4 both hold a due phone.
    expect(fromLagging.filter((id) => due.includes(id))).to.not.deep.equal([]);

    // Shards 0, 1 and 3 run with the new count (releasing their phones of shard 4), shard 4 is new, and shard 2's
    // pipeline still has the old count: its phones of shard 4 are held by two stacks during this run.
    const running = [0, 1, 3, 4].map((i) => declare(i, `${i}/5`));
    running.push(declare(2, "2/4"));
    await cloud.admin.resetCounters();
    await upAtOnce(running);
    expect(await cloud.admin.throttled()).to.deep.equal({});
    for (const i of [0, 1, 3]) {
      for (const id of toNewShard)
        expect(stacks[i].state.has(id), `stack ${i} released ${id}`).to.equal(false);
    }

    // Shard 2's next run has the new count: it releases its phones of shard 4, with no call about them.
    const lagging = declare(2, "2/5");
    const preview = await lagging.preview();
    expect(preview.errors).to.deep.equal([]);
    expect(
      [...preview.ops].filter(([, op]) => op !== "same").sort(([a], [b]) => a.localeCompare(b)),
      "the preview deletes the moved phones and changes nothing else",
    ).to.deep.equal(fromLagging.map((id) => [id, "delete"]));
    const held = (await cloud.admin.state()).subscriptions.filter((s) => fromLagging.includes(s.resourceId));
    await cloud.admin.resetCounters();
    await upAtOnce([lagging]);
    const calls = await cloud.admin.counters();
    expect(
      MUTATING_APIS.filter((api) => (calls[api] ?? 0) > 0),
      "Billing Center mutations",
    ).to.deep.equal([]);
    const after = await cloud.admin.state();
    expect(after.subscriptions.filter((s) => fromLagging.includes(s.resourceId))).to.deep.equal(held);

    const renewed = renewedSince(before, after);
    expect(
      ids.filter((id) => (renewed.get(id) ?? 0) > 1),
      "phones renewed twice",
    ).to.deep.equal([]);
    expect(
      due.filter((id) => renewed.get(id) !== 1),
      "due phones not renewed",
    ).to.deep.equal([]);
    expectEachPhoneInOneStack();
    for (const [i, phones] of managed().entries()) {
      expect(phones.sort(), `stack ${i}`).to.deep.equal(
        ids.filter((id) => inShard(id, { index: i, count: 5 })),
      );
    }

    // All five converged: a preview of each changes nothing.
    for (const stack of stacks) {
      const again = await stack.preview();
      expect([...again.ops].filter(([, op]) => op !== "same")).to.deep.equal([]);
    }
  });
});
