import { floorsOf, mutating, TARGET_CALLS_OVER_FLOOR, total } from "./results-table";
import type { RunSettings, ScenarioFigures } from "./run-scenario";

/** The issue's targets for the largest fleet without checkpoints, against the no-op fleet and the 1000-phone run. */
export const TARGET_LARGE_OVER_NOOP_PLUS_FLOOR = 2;
export const TARGET_LARGE_PER_PHONE_OVER_REFERENCE = 1;
export const TARGET_SECOND_UP_OVER_NOOP = 1.2;
export const TARGET_LARGE_RSS_OVER_REFERENCE = 2;

const s = (seconds: number) => seconds.toFixed(1);
const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const perPhoneMs = (f: ScenarioFigures) => (f.up.seconds * 1000) / f.scenario.phones;

function withoutCheckpoints(all: ScenarioFigures[], kind: string, phones: number) {
  return all.find(
    (f) =>
      f.scenario.kind === kind &&
      f.scenario.phones === phones &&
      f.scenario.skipCheckpoints &&
      f.up.stopped === undefined,
  );
}

/**
 * The targets at the largest batched fleet run without checkpoints (10,000 phones by default), each met or not,
 * with the run with checkpoints that was stopped at its limit beside it. The reference is the largest smaller
 * batched fleet without checkpoints (1000).
 */
export function largeFleetLines(all: ScenarioFigures[], settings: RunSettings): string[] {
  const batched = all.filter(
    (f) => f.scenario.kind === "batched" && f.scenario.skipCheckpoints && !f.up.stopped,
  );
  const m = Math.max(0, ...batched.map((f) => f.scenario.phones));
  const large = withoutCheckpoints(all, "batched", m);
  if (large === undefined) return ["large fleet: no batched run without checkpoints yet"];
  const reference = batched
    .filter((f) => f.scenario.phones < m)
    .sort((a, b) => b.scenario.phones - a.scenario.phones)[0];
  const noop = withoutCheckpoints(all, "noop", m);
  const floors = floorsOf(large, settings);
  const lines: string[] = [];
  const at = `${m} phones without checkpoints`;

  if (noop === undefined || floors === undefined)
    lines.push(`${at}: no no-op run of that size to compare with`);
  else {
    const bound = noop.up.seconds + floors.up.seconds;
    const r = large.up.seconds / bound;
    lines.push(
      `${at}: batched up ≤ ${TARGET_LARGE_OVER_NOOP_PLUS_FLOOR}x (no-op up + the API floor's time): ` +
        `${s(large.up.seconds)} s ÷ (${s(noop.up.seconds)} s + ${floors.up.seconds.toFixed(2)} s) = ${x(r)}, ` +
        verdict(r <= TARGET_LARGE_OVER_NOOP_PLUS_FLOOR),
    );
    const second = large.secondUp;
    if (second !== undefined) {
      const q = second.seconds / noop.up.seconds;
      lines.push(
        `${at}: second up ≤ ${TARGET_SECOND_UP_OVER_NOOP}x the no-op up with 0 mutating calls: ` +
          `${s(second.seconds)} s ÷ ${s(noop.up.seconds)} s = ${x(q)}, ${total(second.calls)} calls, ` +
          `${mutating(second.calls)} mutating, ` +
          verdict(q <= TARGET_SECOND_UP_OVER_NOOP && mutating(second.calls) === 0),
      );
    }
  }
  if (floors !== undefined) {
    const r = total(large.up.calls) / floors.up.totalCalls;
    lines.push(
      `${at}: up calls ≤ ${TARGET_CALLS_OVER_FLOOR}x the API floor: ${total(large.up.calls)} for a floor of ` +
        `${floors.up.totalCalls}, ${x(r)}, ${verdict(r <= TARGET_CALLS_OVER_FLOOR)}`,
    );
  }
  if (reference === undefined)
    lines.push(`${at}: no smaller batched run to compare time per phone and memory with`);
  else {
    const n = reference.scenario.phones;
    const r = perPhoneMs(large) / perPhoneMs(reference);
    lines.push(
      `${at}: up time per phone ≤ the ${n}-phone run's: ${perPhoneMs(large).toFixed(1)} ms against ` +
        `${perPhoneMs(reference).toFixed(1)} ms, ${x(r)}, ${verdict(r <= TARGET_LARGE_PER_PHONE_OVER_REFERENCE)}`,
    );
    const rss = (f: ScenarioFigures) => f.up.usage.provider.peakRssBytes;
    const q = rss(large) / Math.max(1, rss(reference));
    lines.push(
      `${at}: provider peak RSS ≤ ${TARGET_LARGE_RSS_OVER_REFERENCE}x the ${n}-phone run's: ${mb(rss(large))} MiB ` +
        `against ${mb(rss(reference))} MiB, ${x(q)}, ${verdict(q <= TARGET_LARGE_RSS_OVER_REFERENCE)} ` +
        `(engine ${mb(large.up.usage.engine.peakRssBytes)} MiB against ${mb(reference.up.usage.engine.peakRssBytes)})`,
    );
  }
  if (large.preview !== undefined) {
    const calls = large.preview.calls;
    const reads = Object.entries(calls).filter(([, k]) => k > 0);
    const listingOnly = reads.every(([api]) => api === "query" || api === "instances");
    lines.push(
      `${at}: preview makes only the listing reads: ${reads.map(([api, k]) => `${api} ${k}`).join(", ")}, ` +
        verdict(listingOnly),
    );
  }
  for (const stopped of all.filter((f) => f.up.stopped !== undefined)) {
    const p = stopped.up.stopped as NonNullable<typeof stopped.up.stopped>; // filtered above
    const share = p.checkpointedPhones / stopped.scenario.phones;
    lines.push(
      `${stopped.scenario.phones} phones with checkpoints: stopped after ${p.afterSeconds} s with ` +
        `${p.checkpointedPhones} phones in the last checkpoint (${(share * 100).toFixed(0)}%) and ${p.orders} ` +
        `orders placed, against ${s(large.up.seconds)} s for the whole fleet without checkpoints`,
    );
  }
  return lines;
}
