import { floorsOf, mutating, sibling, total } from "./results-table";
import { OperationFigures, RunSettings, ScenarioFigures } from "./run-scenario";

const s = (seconds: number) => seconds.toFixed(1);
const x = (ratio: number) => `${ratio.toFixed(2)}x`;

/**
 * The native door against the dynamic one, a few lines per fleet size and checkpoint mode that ran both (the
 * native kind and the batched kind, the same fleet and settings): the figures the issue asks for side by side, so
 * that a reader need not pick them out of two columns. No targets: the native door has none of its own yet, and
 * these lines say what it costs next to the door whose targets the run checks.
 */
export function nativeComparisonLines(all: ScenarioFigures[], settings: RunSettings): string[] {
  const pairs = all
    .filter((f) => f.scenario.kind === "native")
    .flatMap((native) => {
      const dynamic = sibling(all, native, "batched");
      return dynamic ? [{ native, dynamic }] : [];
    });
  if (pairs.length === 0)
    return ["native door: not compared (no native run with a batched run of the same fleet)"];
  return pairs.flatMap(({ native, dynamic }) => {
    const floor = floorsOf(native, settings)?.up.totalCalls ?? 0; // both kinds have the same floor: same fleet
    const calls = (f: ScenarioFigures) =>
      `${total(f.up.calls)} calls (${x(total(f.up.calls) / floor)} the floor)`;
    const orders = (f: ScenarioFigures) =>
      `${f.orders} orders (exactly the due phones: ${f.renewedExactlyDue ? "yes" : "NO"})`;
    const second = (op: OperationFigures | undefined) =>
      op ? `${s(op.seconds)} s, ${total(op.calls)} calls, ${mutating(op.calls)} mutating` : "not run";
    const provider = (f: ScenarioFigures) =>
      f.state.providerCopies > 0
        ? `${f.state.providerBytes} × ${f.state.providerCopies} of it \`__provider\``
        : "no `__provider`";
    const { phones, skipCheckpoints } = native.scenario;
    const label = `${phones} phones, ${skipCheckpoints ? "without" : "with"} checkpoints`;
    return [
      `${label}: up ${s(native.up.seconds)} s native against ${s(dynamic.up.seconds)} s dynamic ` +
        `(${x(native.up.seconds / dynamic.up.seconds)})`,
      `${label}: up ${calls(native)} native against ${calls(dynamic)} dynamic, floor ${floor}; ` +
        `${orders(native)} against ${orders(dynamic)}`,
      `${label}: second up ${second(native.secondUp)} native against ${second(dynamic.secondUp)} dynamic`,
      `${label}: state ${native.state.bytesPerResource.toFixed(0)} bytes per subscription native ` +
        `(${provider(native)}) against ${dynamic.state.bytesPerResource.toFixed(0)} dynamic (${provider(dynamic)}), ` +
        `${x(native.state.bytesPerResource / dynamic.state.bytesPerResource)}`,
    ];
  });
}
