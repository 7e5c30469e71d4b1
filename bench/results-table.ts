import { CallCounts, Floor, floorSeconds, previewFloor, upFloor } from "./floor";
import { MUTATING_APIS } from "../provider/client";
import { OperationFigures, RunSettings, scenarioLabel, ScenarioFigures } from "./run-scenario";

/** Issue targets, checked at the reference fleet (the largest of BENCH_PHONES) and the large one. */
export const TARGET_CALLS_OVER_FLOOR = 1.2;
export const TARGET_BATCHED_OVER_NOOP_WITH_CHECKPOINTS = 1.3;
export const TARGET_BASELINE_OVER_BATCHED_WITHOUT_CHECKPOINTS = 8;
export const TARGET_BATCHED_OVER_NOOP_PLUS_FLOOR_WITHOUT_CHECKPOINTS = 2;
export const TARGET_GROWTH_PER_PHONE = 1.3;
/** A page of the account listing holds 100 subscriptions. */
export const LISTING_PAGE = 100;

interface Floors {
  preview: Floor;
  up: Floor;
  /** The same up with every order paid at once (`is_auto_pay: 1`, no PayOrders call): the API's own minimum. */
  upPaidAtOnce: Floor;
}

export function floorsOf(figures: ScenarioFigures, settings: RunSettings): Floors | undefined {
  if (figures.scenario.kind === "noop") return undefined;
  return {
    preview: previewFloor(figures.scenario.phones, settings.latencyMs),
    up: upFloor(figures.scenario.phones, figures.dueGroups, settings.latencyMs),
    upPaidAtOnce: upFloor(figures.scenario.phones, figures.dueGroups, settings.latencyMs, {
      paidAtOnce: true,
    }),
  };
}

/** The scenario of the same fleet size and another kind. */
export function sibling(
  all: ScenarioFigures[],
  of: ScenarioFigures,
  kind: string,
): ScenarioFigures | undefined {
  return all.find(
    (f) =>
      f.scenario.phones === of.scenario.phones &&
      f.scenario.kind === kind &&
      Boolean(f.scenario.skipCheckpoints) === Boolean(of.scenario.skipCheckpoints),
  );
}

export const total = (calls: CallCounts) => Object.values(calls).reduce((a, b) => a + b, 0);
const s = (seconds: number) => seconds.toFixed(1);
const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const perApi = (calls: CallCounts) =>
  Object.entries(calls)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, n]) => `${api} ${n}`)
    .join(", ") || "none";

type Row = [string, (f: ScenarioFigures, floors: Floors | undefined) => string];

/** How many of these calls change something in the account. */
export const mutating = (calls: CallCounts) =>
  Object.entries(calls)
    .filter(([api]) => MUTATING_APIS.includes(api))
    .reduce((sum, [, n]) => sum + n, 0);

function rows(all: ScenarioFigures[]): Row[] {
  const cloudOnly =
    (cell: (f: ScenarioFigures, floors: Floors) => string) =>
    (f: ScenarioFigures, floors: Floors | undefined) => (floors ? cell(f, floors) : "—");
  const withPreview =
    (cell: (f: ScenarioFigures, preview: OperationFigures, floors: Floors | undefined) => string) =>
    (f: ScenarioFigures, floors: Floors | undefined) => (f.preview ? cell(f, f.preview, floors) : "—");
  const cloudPreview = (cell: (f: ScenarioFigures, preview: OperationFigures, floors: Floors) => string) =>
    withPreview((f, p, floors) => (floors ? cell(f, p, floors) : "—"));
  const versus =
    (kind: string, cell: (batched: ScenarioFigures, other: ScenarioFigures) => string) =>
    (f: ScenarioFigures) => {
      const other = f.scenario.kind === "batched" ? sibling(all, f, kind) : undefined;
      return other ? cell(f, other) : "—";
    };
  // The native door's column compares itself with the dynamic door's run of the same fleet (the batched kind).
  const againstDynamic =
    (cell: (native: ScenarioFigures, dynamic: ScenarioFigures) => string) => (f: ScenarioFigures) => {
      const dynamic = f.scenario.kind === "native" ? sibling(all, f, "batched") : undefined;
      return dynamic ? cell(f, dynamic) : "—";
    };
  const span = (op: OperationFigures) =>
    op.span.firstCallSeconds === undefined
      ? "—"
      : `${s(op.span.firstCallSeconds)} / ${s(op.span.lastCallSeconds ?? op.span.firstCallSeconds)}`;
  return [
    ["phones due (emulator state)", cloudOnly((f) => `${f.due}`)],
    ["preview wall time, s", withPreview((_f, p) => s(p.seconds))],
    ["up wall time, s", (f) => s(f.up.seconds)],
    [
      "up stopped at the limit: phones in its last checkpoint; orders placed",
      (f) =>
        f.up.stopped
          ? `after ${f.up.stopped.afterSeconds} s: ${f.up.stopped.checkpointedPhones} of ${f.scenario.phones}; ` +
            `${f.up.stopped.orders}`
          : "—",
    ],
    ["up wall time per phone, ms", (f) => ((f.up.seconds * 1000) / f.scenario.phones).toFixed(1)],
    ["up: first / last API call at, s", cloudOnly((f) => span(f.up))],
    ["preview API calls", cloudPreview((_f, p) => `${total(p.calls)} (${perApi(p.calls)})`)],
    ["up API calls", cloudOnly((f) => `${total(f.up.calls)} (${perApi(f.up.calls)})`)],
    [
      "second up: wall time, s; API calls; mutating calls",
      (f) =>
        f.secondUp
          ? `${s(f.secondUp.seconds)}; ${total(f.secondUp.calls)} (${perApi(f.secondUp.calls)}); ` +
            `${mutating(f.secondUp.calls)}`
          : "—",
    ],
    ["floor calls, preview", cloudOnly((_f, fl) => `${fl.preview.totalCalls} (${perApi(fl.preview.calls)})`)],
    ["floor calls, up", cloudOnly((_f, fl) => `${fl.up.totalCalls} (${perApi(fl.up.calls)})`)],
    ["calls ÷ floor, preview", cloudPreview((_f, p, fl) => x(total(p.calls) / fl.preview.totalCalls))],
    ["calls ÷ floor, up", cloudOnly((f, fl) => x(total(f.up.calls) / fl.up.totalCalls))],
    [
      "floor calls, up, orders paid at once (no pay calls); calls ÷ it",
      cloudOnly(
        (f, fl) => `${fl.upPaidAtOnce.totalCalls}; ${x(total(f.up.calls) / fl.upPaidAtOnce.totalCalls)}`,
      ),
    ],
    [
      "floor time preview / up, s",
      cloudOnly((_f, fl) => `${fl.preview.seconds.toFixed(2)} / ${fl.up.seconds.toFixed(2)}`),
    ],
    [
      "rate-limit time of the calls made, preview / up, s",
      cloudOnly(
        (f) =>
          `${f.preview ? s(floorSeconds(f.preview.calls, 0, 0)) : "—"} / ${s(floorSeconds(f.up.calls, 0, 0))}`,
      ),
    ],
    ["time ÷ floor, preview", cloudPreview((_f, p, fl) => x(p.seconds / fl.preview.seconds))],
    ["time ÷ floor, up", cloudOnly((f, fl) => x(f.up.seconds / fl.up.seconds))],
    [
      "orders placed (exactly the due phones?)",
      cloudOnly((f) => `${f.orders} (${f.renewedExactlyDue ? "yes" : "NO"})`),
    ],
    ["baseline ÷ batched: up time", versus("baseline", (b, o) => x(o.up.seconds / b.up.seconds))],
    [
      "baseline ÷ batched: preview time",
      versus("baseline", (b, o) => (b.preview && o.preview ? x(o.preview.seconds / b.preview.seconds) : "—")),
    ],
    ["baseline ÷ batched: up calls", versus("baseline", (b, o) => x(total(o.up.calls) / total(b.up.calls)))],
    ["baseline ÷ batched: orders", versus("baseline", (b, o) => x(o.orders / Math.max(1, b.orders)))],
    ["batched ÷ noop: up time", versus("noop", (b, o) => x(b.up.seconds / o.up.seconds))],
    ["native ÷ batched: up time", againstDynamic((n, d) => x(n.up.seconds / d.up.seconds))],
    ["native ÷ batched: up calls", againstDynamic((n, d) => x(total(n.up.calls) / total(d.up.calls)))],
    [
      "native ÷ batched: state bytes per phone resource",
      againstDynamic((n, d) => x(n.state.bytesPerResource / d.state.bytesPerResource)),
    ],
    [
      "state: exported deployment, bytes",
      (f) => `${f.state.deploymentBytes} (${f.state.resources} resources)`,
    ],
    ["state: bytes per phone resource", (f) => f.state.bytesPerResource.toFixed(0)],
    [
      "state: `__provider` bytes per resource",
      (f) => (f.state.providerCopies > 0 ? `${f.state.providerBytes} × ${f.state.providerCopies}` : "none"),
    ],
    [
      "provider peak RSS preview / up, MiB",
      (f) =>
        `${f.preview ? mb(f.preview.usage.provider.peakRssBytes) : "—"} / ${mb(f.up.usage.provider.peakRssBytes)}`,
    ],
    [
      "provider CPU preview / up, s",
      (f) =>
        `${f.preview ? s(f.preview.usage.provider.cpuSeconds) : "—"} / ${s(f.up.usage.provider.cpuSeconds)}`,
    ],
    [
      "engine CPU preview / up, s",
      (f) => `${f.preview ? s(f.preview.usage.engine.cpuSeconds) : "—"} / ${s(f.up.usage.engine.cpuSeconds)}`,
    ],
    ["engine peak RSS up, MiB", (f) => mb(f.up.usage.engine.peakRssBytes)],
  ];
}

/** One markdown table per fleet size: a row per figure, a column per scenario. */
export function resultsTables(all: ScenarioFigures[], settings: RunSettings): string {
  const sizes = [...new Set(all.map((f) => f.scenario.phones))].sort((a, b) => a - b);
  return sizes
    .map((phones) => {
      const columns = all.filter((f) => f.scenario.phones === phones);
      const header = ["", ...columns.map((f) => scenarioLabel(f.scenario))];
      const body = rows(all).map(([label, cell]) => [
        label,
        ...columns.map((f) => cell(f, floorsOf(f, settings))),
      ]);
      const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
      const table = [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
      return `## ${phones} phones\n\n${table}`;
    })
    .join("\n\n");
}

const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

function find(all: ScenarioFigures[], kind: string, phones: number, skipCheckpoints: boolean) {
  return all.find(
    (f) =>
      f.scenario.kind === kind &&
      f.scenario.phones === phones &&
      f.scenario.skipCheckpoints === skipCheckpoints,
  );
}

/**
 * The targets as ratios of this run, each met or not; a target whose runs are missing says so. The
 * reference fleet is the largest size with a batched run with checkpoints; growth compares the largest batched run
 * without checkpoints with the reference fleet's.
 */
export function targetLines(all: ScenarioFigures[], settings: RunSettings): string[] {
  // A run stopped at its limit did not finish: it is no reference fleet.
  const sizes = all
    .filter((f) => f.scenario.kind === "batched" && !f.scenario.skipCheckpoints && !f.up.stopped)
    .map((f) => f.scenario.phones);
  if (sizes.length === 0) return ["targets: not checked (no batched run with checkpoints yet)"];
  const n = Math.max(...sizes);
  const lines: string[] = [];
  const missing = (what: string) => lines.push(`${what}: not measured in this run`);

  const batched = find(all, "batched", n, false) as ScenarioFigures; // n is a batched size
  const floors = floorsOf(batched, settings) as Floors; // a batched run has floors
  const callsRatio = total(batched.up.calls) / floors.up.totalCalls;
  lines.push(
    `${n} phones: up calls ≤ ${TARGET_CALLS_OVER_FLOOR}x the API floor: ${total(batched.up.calls)} calls for a ` +
      `floor of ${floors.up.totalCalls}, ${x(callsRatio)}, ${verdict(callsRatio <= TARGET_CALLS_OVER_FLOOR)}`,
  );

  const noop = find(all, "noop", n, false);
  const cpWhat = `${n} phones with checkpoints: batched up ≤ ${TARGET_BATCHED_OVER_NOOP_WITH_CHECKPOINTS}x the no-op up`;
  if (noop === undefined) missing(cpWhat);
  else {
    const r = batched.up.seconds / noop.up.seconds;
    lines.push(
      `${cpWhat}: ${s(batched.up.seconds)} s ÷ ${s(noop.up.seconds)} s = ${x(r)}, ` +
        verdict(r <= TARGET_BATCHED_OVER_NOOP_WITH_CHECKPOINTS),
    );
  }

  const fast = find(all, "batched", n, true);
  const slow = find(all, "baseline", n, true);
  const noopFast = find(all, "noop", n, true);
  const speedWhat =
    `${n} phones without checkpoints: batched up ≥ ${TARGET_BASELINE_OVER_BATCHED_WITHOUT_CHECKPOINTS}x ` +
    `faster than the baseline`;
  if (fast === undefined || slow === undefined) missing(speedWhat);
  else {
    const r = slow.up.seconds / fast.up.seconds;
    lines.push(
      `${speedWhat}: ${s(slow.up.seconds)} s ÷ ${s(fast.up.seconds)} s = ${x(r)}, ` +
        verdict(r >= TARGET_BASELINE_OVER_BATCHED_WITHOUT_CHECKPOINTS),
    );
  }
  const boundWhat =
    `${n} phones without checkpoints: batched up ≤ ` +
    `${TARGET_BATCHED_OVER_NOOP_PLUS_FLOOR_WITHOUT_CHECKPOINTS}x (no-op up + the API floor's time)`;
  if (fast === undefined || noopFast === undefined) missing(boundWhat);
  else {
    const floorTime = (floorsOf(fast, settings) as Floors).up.seconds;
    const bound = noopFast.up.seconds + floorTime;
    const r = fast.up.seconds / bound;
    lines.push(
      `${boundWhat}: ${s(fast.up.seconds)} s ÷ (${s(noopFast.up.seconds)} s + ${floorTime.toFixed(2)} s) = ` +
        `${x(r)}, ${verdict(r <= TARGET_BATCHED_OVER_NOOP_PLUS_FLOOR_WITHOUT_CHECKPOINTS)}`,
    );
  }

  const largest = all
    .filter((f) => f.scenario.kind === "batched" && f.scenario.skipCheckpoints && f.scenario.phones > n)
    .sort((a, b) => b.scenario.phones - a.scenario.phones)[0];
  const growthWhat = `growth without checkpoints: up time per phone within ${TARGET_GROWTH_PER_PHONE}x of the ${n}-phone run`;
  if (largest === undefined || fast === undefined) missing(growthWhat);
  else {
    const m = largest.scenario.phones;
    const per = (f: ScenarioFigures) => (f.up.seconds * 1000) / f.scenario.phones;
    const r = per(largest) / per(fast);
    const rss = (f: ScenarioFigures) => f.up.usage.provider.peakRssBytes;
    lines.push(
      `${growthWhat}: ${m} phones ${per(largest).toFixed(1)} ms/phone against ${per(fast).toFixed(1)} ms/phone, ` +
        `${x(r)}, ${verdict(r <= TARGET_GROWTH_PER_PHONE)}; provider peak RSS ${mb(rss(fast))} → ` +
        `${mb(rss(largest))} MiB (${x(rss(largest) / Math.max(1, rss(fast)))} for ${x(m / n)} the phones)`,
    );
  }

  const seconds = all.filter((f) => f.secondUp !== undefined);
  const secondWhat = "a second up makes 0 mutating calls";
  if (seconds.length === 0) missing(secondWhat);
  else {
    const counts = seconds.map((f) => `${scenarioLabel(f.scenario)}: ${mutating(f.secondUp?.calls ?? {})}`);
    const ok = seconds.every((f) => mutating(f.secondUp?.calls ?? {}) === 0);
    lines.push(`${secondWhat}: ${counts.join("; ")}, ${verdict(ok)}`);
  }

  const previews = all.filter((f) => f.preview !== undefined && f.scenario.kind === "batched");
  const previewWhat = `preview makes only the listing reads (query, ${LISTING_PAGE} phones a page)`;
  const listingOnly = (f: ScenarioFigures) => {
    const calls = f.preview?.calls ?? {};
    return (
      Object.keys(calls).every((api) => api === "query") &&
      (calls.query ?? 0) <= Math.ceil(f.scenario.phones / LISTING_PAGE)
    );
  };
  lines.push(
    `${previewWhat}: ` +
      previews.map((f) => `${scenarioLabel(f.scenario)}: ${perApi(f.preview?.calls ?? {})}`).join("; ") +
      `, ${verdict(previews.length > 0 && previews.every(listingOnly))}`,
  );
  return lines;
}
