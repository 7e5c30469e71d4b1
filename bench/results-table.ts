import { CallCounts, Floor, floorSeconds, previewFloor, upFloor } from "./floor";
import { OperationFigures, RunSettings, scenarioLabel, ScenarioFigures } from "./run-scenario";

/** The targets the benchmark checks, at the largest fleet. */
export const TARGET_CALLS_OVER_FLOOR = 1.2;
export const TARGET_BASELINE_OVER_BATCHED_UP = 5;

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
function sibling(all: ScenarioFigures[], of: ScenarioFigures, kind: string): ScenarioFigures | undefined {
  return all.find(
    (f) =>
      f.scenario.phones === of.scenario.phones &&
      f.scenario.kind === kind &&
      Boolean(f.scenario.skipCheckpoints) === Boolean(of.scenario.skipCheckpoints),
  );
}

const total = (calls: CallCounts) => Object.values(calls).reduce((a, b) => a + b, 0);
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

function rows(all: ScenarioFigures[]): Row[] {
  const cloudOnly =
    (cell: (f: ScenarioFigures, floors: Floors) => string) =>
    (f: ScenarioFigures, floors: Floors | undefined) => (floors ? cell(f, floors) : "—");
  const versus =
    (cell: (batched: ScenarioFigures, baseline: ScenarioFigures) => string) => (f: ScenarioFigures) => {
      const baseline = f.scenario.kind === "batched" ? sibling(all, f, "baseline") : undefined;
      return baseline ? cell(f, baseline) : "—";
    };
  const span = (op: OperationFigures) =>
    op.span.firstCallSeconds === undefined
      ? "—"
      : `${s(op.span.firstCallSeconds)} / ${s(op.span.lastCallSeconds ?? op.span.firstCallSeconds)}`;
  return [
    ["phones due (emulator state)", cloudOnly((f) => `${f.due}`)],
    ["preview wall time, s", (f) => s(f.preview.seconds)],
    ["up wall time, s", (f) => s(f.up.seconds)],
    ["up: first / last API call at, s", cloudOnly((f) => span(f.up))],
    ["preview API calls", cloudOnly((f) => `${total(f.preview.calls)} (${perApi(f.preview.calls)})`)],
    ["up API calls", cloudOnly((f) => `${total(f.up.calls)} (${perApi(f.up.calls)})`)],
    ["floor calls, preview", cloudOnly((_f, fl) => `${fl.preview.totalCalls} (${perApi(fl.preview.calls)})`)],
    ["floor calls, up", cloudOnly((_f, fl) => `${fl.up.totalCalls} (${perApi(fl.up.calls)})`)],
    ["calls ÷ floor, preview", cloudOnly((f, fl) => x(total(f.preview.calls) / fl.preview.totalCalls))],
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
      cloudOnly((f) => `${s(floorSeconds(f.preview.calls, 0, 0))} / ${s(floorSeconds(f.up.calls, 0, 0))}`),
    ],
    ["time ÷ floor, preview", cloudOnly((f, fl) => x(f.preview.seconds / fl.preview.seconds))],
    ["time ÷ floor, up", cloudOnly((f, fl) => x(f.up.seconds / fl.up.seconds))],
    [
      "orders placed (exactly the due phones?)",
      cloudOnly((f) => `${f.orders} (${f.renewedExactlyDue ? "yes" : "NO"})`),
    ],
    ["baseline ÷ batched: up time", versus((b, o) => x(o.up.seconds / b.up.seconds))],
    ["baseline ÷ batched: preview time", versus((b, o) => x(o.preview.seconds / b.preview.seconds))],
    ["baseline ÷ batched: up calls", versus((b, o) => x(total(o.up.calls) / total(b.up.calls)))],
    ["baseline ÷ batched: orders", versus((b, o) => x(o.orders / Math.max(1, b.orders)))],
    [
      "state: exported deployment, bytes",
      (f) => `${f.state.deploymentBytes} (${f.state.resources} resources)`,
    ],
    ["state: bytes per phone resource", (f) => f.state.bytesPerResource.toFixed(0)],
    ["state: `__provider` bytes per resource", (f) => `${f.state.providerBytes} × ${f.state.providerCopies}`],
    [
      "provider peak RSS preview / up, MiB",
      (f) => `${mb(f.preview.usage.provider.peakRssBytes)} / ${mb(f.up.usage.provider.peakRssBytes)}`,
    ],
    [
      "provider CPU preview / up, s",
      (f) => `${s(f.preview.usage.provider.cpuSeconds)} / ${s(f.up.usage.provider.cpuSeconds)}`,
    ],
    [
      "engine CPU preview / up, s",
      (f) => `${s(f.preview.usage.engine.cpuSeconds)} / ${s(f.up.usage.engine.cpuSeconds)}`,
    ],
    ["engine peak RSS up, MiB", (f) => mb(f.up.usage.engine.peakRssBytes)],
  ];
}

/** One markdown table: a row per figure, a column per scenario. */
export function resultsTable(all: ScenarioFigures[], settings: RunSettings): string {
  const header = ["", ...all.map((f) => scenarioLabel(f.scenario))];
  const body = rows(all).map(([label, cell]) => [label, ...all.map((f) => cell(f, floorsOf(f, settings)))]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

/** Whether the targets were met at the largest fleet that has both a batched and a baseline run. */
export function targetLines(all: ScenarioFigures[], settings: RunSettings): string[] {
  const batched = all
    .filter(
      (f) => f.scenario.kind === "batched" && !f.scenario.skipCheckpoints && sibling(all, f, "baseline"),
    )
    .sort((a, b) => b.scenario.phones - a.scenario.phones)[0];
  if (batched === undefined) return ["targets: not checked (no batched + baseline pair)"];
  const baseline = sibling(all, batched, "baseline") as ScenarioFigures; // filtered above
  const floors = floorsOf(batched, settings) as Floors; // a batched run has floors
  const callsRatio = total(batched.up.calls) / floors.up.totalCalls;
  const speedup = baseline.up.seconds / batched.up.seconds;
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  const n = batched.scenario.phones;
  return [
    `target at ${n} phones: up calls ≤ ${TARGET_CALLS_OVER_FLOOR}x the floor: ${x(callsRatio)}, ` +
      verdict(callsRatio <= TARGET_CALLS_OVER_FLOOR),
    `target at ${n} phones: up ≥ ${TARGET_BASELINE_OVER_BATCHED_UP}x faster than the baseline: ${x(speedup)}, ` +
      verdict(speedup >= TARGET_BASELINE_OVER_BATCHED_UP),
  ];
}
