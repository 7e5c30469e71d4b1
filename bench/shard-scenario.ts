import type { StateDump } from "../emulator";
import { FLEET_PROJECT, fleetConfig } from "../harness/fleet-project";
import { startTestCloud, TestCloud } from "../harness/local-cloud";
import { createTestStack, exportedResources, TestStack } from "../harness/project-stack";
import { ORDER_STATUS } from "../provider/client/billing-codes";
import { BENCH_NOW, BENCH_POLICY, duePhones, renewalGroups, seedFleet } from "./fleet";
import type { CallCounts } from "./floor";
import { BENCH_NAME_FILTER, RunSettings } from "./run-scenario";

/**
 * One account's fleet split into `shards` stacks (`koophone:shard` "index/count" in each stack's config, so each
 * takes the default share of the account's rate), all started at once on one emulator whose rate limit counts the
 * whole account; then, with `reshardTo`, the count changed while phones are due.
 */
export interface ShardScenario {
  phones: number;
  shards: number;
  reshardTo?: number;
}

export function shardLabel(s: ShardScenario): string {
  const reshard = s.reshardTo !== undefined ? `, then ${s.shards} → ${s.reshardTo}` : "";
  return `${s.shards} shards × ${s.phones / s.shards} phones at once${reshard}`;
}

/** One run of stacks started at once, measured on the whole account. */
export interface PhaseFigures {
  /** Each stack's `up` wall time, by shard label ("0/4"). */
  seconds: Record<string, number>;
  /** The stacks whose `up` failed, with the first error the engine printed: a figure of the run, not a crash. */
  failed: Record<string, string>;
  /** Every call the account received during the phase (all stacks together), 429s included. */
  calls: CallCounts;
  throttled: CallCounts;
  /** Phones due when the phase started, and how many paid renewal orders of the phase renewed each. */
  due: number;
  dueGroups: number[];
  renewedOnce: number;
  renewedTwice: number;
  dueNotRenewed: number;
}

export interface ReshardFigures {
  /** The new shard runs while the old ones still run with the old count, then the old ones with the new count. */
  racing: PhaseFigures;
  settling: PhaseFigures;
  /** Over both phases. */
  renewedTwice: number;
  /** After both: selected phones in no stack's state, and in more than one. */
  unmanaged: number;
  inTwoStacks: number;
  /** Phones that moved to the new shard, and the mutating calls of the settling phase (releasing touches none). */
  moved: number;
}

export interface ShardFigures {
  scenario: ShardScenario;
  first: PhaseFigures;
  /** Whether each stack's `preview --expect-no-changes` passed after the first phase. */
  converged: Record<string, boolean>;
  reshard?: ReshardFigures;
}

const label = (index: number, count: number) => `${index}/${count}`;

/** Runs the shard scenario on a fresh emulator: the first phase, convergence, then the resharding if asked. */
export async function runShardScenario(
  scenario: ShardScenario,
  settings: RunSettings,
): Promise<ShardFigures> {
  const cloud = await startTestCloud({ now: BENCH_NOW });
  const stacks = new Map<string, TestStack>();
  try {
    const ids = await seedFleet(cloud.admin, scenario.phones);
    await cloud.admin.addFault({ kind: "latency", count: -1, latencyMs: settings.latencyMs });
    const stackOf = async (index: number, count: number) => {
      const key = `shard-${index}`;
      const existing = stacks.get(key);
      const test = existing ?? (await createShardStack(cloud, index));
      stacks.set(key, test);
      await test.stack.setConfig("koophone:shard", { value: label(index, count) });
      return test;
    };
    const firsts = await Promise.all(range(scenario.shards).map((i) => stackOf(i, scenario.shards)));
    const first = await runPhase(
      cloud,
      ids,
      firsts.map((test, i) => [label(i, scenario.shards), test]),
      settings,
    );
    const verdicts = await Promise.all(
      firsts.map((test) =>
        test.stack.preview({ parallel: settings.parallel, expectNoChanges: true }).then(
          () => true,
          () => false,
        ),
      ),
    );
    const converged = Object.fromEntries(firsts.map((_, i) => [label(i, scenario.shards), verdicts[i]]));
    const figures: ShardFigures = { scenario, first, converged };
    if (scenario.reshardTo === undefined) return figures;

    // A month later more phones are due; the new count reaches the new shards first (as in a CI matrix where
    // the old jobs still run on the previous commit), then the old shards.
    await cloud.admin.advanceClock({ days: 30 });
    const to = scenario.reshardTo;
    const before = new Set((await cloud.admin.state()).orders.map((o) => o.orderId));
    const added = await Promise.all(
      range(to)
        .slice(scenario.shards)
        .map((i) => stackOf(i, to)),
    );
    const racing = await runPhase(
      cloud,
      ids,
      [
        ...firsts.map((test, i): [string, TestStack] => [label(i, scenario.shards), test]),
        ...added.map((test, k): [string, TestStack] => [label(scenario.shards + k, to), test]),
      ],
      settings,
    );
    const settled = await Promise.all(range(scenario.shards).map((i) => stackOf(i, to)));
    const settling = await runPhase(
      cloud,
      ids,
      settled.map((test, i) => [label(i, to), test]),
      settings,
    );
    const after = await cloud.admin.state();
    const owners = await ownersOf([...settled, ...added]);
    const twice = [...renewalsPerPhone(after, before).values()].filter((n) => n > 1).length;
    figures.reshard = {
      racing,
      settling,
      renewedTwice: twice,
      unmanaged: ids.filter((id) => (owners.get(id) ?? 0) === 0).length,
      inTwoStacks: ids.filter((id) => (owners.get(id) ?? 0) > 1).length,
      moved: (await Promise.all(added.map(phonesIn))).reduce((sum, phones) => sum + phones.length, 0),
    };
    return figures;
  } finally {
    for (const test of stacks.values()) await test.remove();
    await cloud.stop();
  }
}

function createShardStack(cloud: TestCloud, index: number): Promise<TestStack> {
  return createTestStack({
    project: FLEET_PROJECT,
    stackName: `shard-${index}`,
    config: { ...cloud.stackConfig, ...fleetConfig(BENCH_POLICY, { nameContains: BENCH_NAME_FILTER }) },
    envVars: { PULUMI_SKIP_CHECKPOINTS: "true" },
  });
}

/** Starts every stack's `up` at once and measures the phase on the account. */
async function runPhase(
  cloud: TestCloud,
  ids: string[],
  stacks: [string, TestStack][],
  settings: RunSettings,
): Promise<PhaseFigures> {
  const start = await cloud.admin.state();
  const due = duePhones(start, ids);
  const before = new Set(start.orders.map((o) => o.orderId));
  await cloud.admin.resetCounters();
  const seconds: Record<string, number> = {};
  const failed: Record<string, string> = {};
  await Promise.all(
    stacks.map(async ([name, test]) => {
      const t = process.hrtime.bigint();
      await test.stack.up({ parallel: settings.parallel }).catch((error: unknown) => {
        failed[name] = firstEngineError(String(error));
      });
      seconds[name] = Number(process.hrtime.bigint() - t) / 1e9;
    }),
  );
  const [calls, throttled, end] = await Promise.all([
    cloud.admin.counters(),
    cloud.admin.throttled(),
    cloud.admin.state(),
  ]);
  const renewals = renewalsPerPhone(end, before);
  return {
    seconds,
    failed,
    calls,
    throttled,
    due: due.length,
    dueGroups: renewalGroups(start, due),
    renewedOnce: due.filter((id) => renewals.get(id) === 1).length,
    renewedTwice: [...renewals.values()].filter((n) => n > 1).length,
    dueNotRenewed: due.filter((id) => !renewals.has(id)).length,
  };
}

/** The first `error:` line of a failed `up`'s output. */
function firstEngineError(output: string): string {
  return /error: ([^\n]+)/.exec(output)?.[1]?.trim() ?? output.split("\n")[0];
}

/** How many paid renewal orders placed since `before` renewed each phone. */
function renewalsPerPhone(state: StateDump, before: Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const paid = state.orders.filter(
    (o) => o.source === "api" && o.status === ORDER_STATUS.completed && !before.has(o.orderId),
  );
  for (const order of paid) {
    for (const line of order.lineItems) counts.set(line.resourceId, (counts.get(line.resourceId) ?? 0) + 1);
  }
  return counts;
}

async function phonesIn(test: TestStack): Promise<string[]> {
  const resources = await exportedResources(test.stack);
  return resources.filter((r) => r.type.endsWith(":KooPhoneSubscription")).map((r) => r.id ?? "");
}

/** In how many of these stacks' states each phone is. */
async function ownersOf(stacks: TestStack[]): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  for (const phones of await Promise.all(stacks.map(phonesIn))) {
    for (const id of phones) owners.set(id, (owners.get(id) ?? 0) + 1);
  }
  return owners;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
