import { CALLS_PER_SECOND, upFloor } from "./floor";
import { TARGET_CALLS_OVER_FLOOR, total } from "./results-table";
import type { RunSettings, ScenarioFigures } from "./run-scenario";
import { PhaseFigures, shardLabel, ShardFigures } from "./shard-scenario";

/** At most this share of the shards' calls answered 429 with the default rate share. */
export const TARGET_THROTTLED_SHARE = 0.01;

const s = (seconds: number) => seconds.toFixed(1);
const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const perApi = (calls: Record<string, number>) =>
  Object.entries(calls)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, n]) => `${api} ${n}`)
    .join(", ") || "none";

function phaseLine(name: string, p: PhaseFigures): string {
  const times = Object.entries(p.seconds)
    .map(([shard, t]) => `${shard} ${s(t)} s`)
    .join(", ");
  const failed = Object.entries(p.failed)
    .map(([shard, error]) => `; ${shard} FAILED: ${error}`)
    .join("");
  return (
    `${name}: up of each stack ${times}; ${total(p.calls)} calls (${perApi(p.calls)}), ${total(p.throttled)} ` +
    `answered 429; due ${p.due}: renewed once ${p.renewedOnce}, twice ${p.renewedTwice}, not renewed ` +
    `${p.dueNotRenewed}${failed}`
  );
}

/** The issue's shard targets, each met or not, next to the single large stack of the same fleet when it ran. */
export function shardLines(shards: ShardFigures[], all: ScenarioFigures[], settings: RunSettings): string[] {
  return shards.flatMap((f) => {
    const { scenario, first } = f;
    const what = shardLabel(scenario);
    const slowest = Math.max(...Object.values(first.seconds));
    const single = all.find(
      (g) =>
        g.scenario.kind === "batched" &&
        g.scenario.phones === scenario.phones &&
        g.scenario.skipCheckpoints &&
        g.up.stopped === undefined,
    );
    const floor = upFloor(scenario.phones, first.dueGroups, settings.latencyMs);
    const calls = total(first.calls);
    const throttled = total(first.throttled);
    const share = throttled / Math.max(1, calls);
    // The busiest API's calls at the account's rate: no set of stacks sharing the budget can be faster.
    const budget = Math.max(0, ...Object.values(first.calls)) / CALLS_PER_SECOND;
    const converged = Object.entries(f.converged);
    const lines = [
      phaseLine(what, first),
      `${what}: 0 phones renewed twice: ${first.renewedTwice}, ${verdict(first.renewedTwice === 0)}`,
      `${what}: every due phone renewed once: ${first.renewedOnce} of ${first.due}, ` +
        verdict(first.renewedOnce === first.due),
      `${what}: all stacks converge (preview --expect-no-changes): ` +
        `${converged.map(([shard, ok]) => `${shard} ${ok ? "yes" : "no"}`).join(", ")}, ` +
        verdict(converged.every(([, ok]) => ok)),
      `${what}: calls of all shards ≤ ${TARGET_CALLS_OVER_FLOOR}x the floor of the whole fleet: ${calls} for a ` +
        `floor of ${floor.totalCalls}, ${x(calls / floor.totalCalls)}, ` +
        verdict(calls / floor.totalCalls <= TARGET_CALLS_OVER_FLOOR),
      `${what}: ≤ ${TARGET_THROTTLED_SHARE * 100}% of calls answered 429 at the default rate share: ${throttled} ` +
        `of ${calls} (${(share * 100).toFixed(2)}%), ${verdict(share <= TARGET_THROTTLED_SHARE)}`,
      `${what}: slowest shard ${s(slowest)} s, against ${single ? `${s(single.up.seconds)} s` : "— (not run)"} ` +
        `for one ${scenario.phones}-phone stack and ${s(budget)} s that the API budget alone sets for these calls ` +
        `(the busiest API's calls at ${CALLS_PER_SECOND} a second)`,
    ];
    const r = f.reshard;
    if (r === undefined) return lines;
    const to = `${scenario.shards} → ${scenario.reshardTo} shards`;
    return [
      ...lines,
      phaseLine(`${to}, the new shard with the old ones still at ${scenario.shards}`, r.racing),
      phaseLine(`${to}, then the old shards at ${scenario.reshardTo}`, r.settling),
      `${to}: ${r.moved} phones moved to the new shard; 0 renewed twice: ${r.renewedTwice}, ` +
        `${verdict(r.renewedTwice === 0)}; 0 in no stack: ${r.unmanaged}, ${verdict(r.unmanaged === 0)}; ` +
        `0 in two stacks: ${r.inTwoStacks}, ${verdict(r.inTwoStacks === 0)}`,
    ];
  });
}
