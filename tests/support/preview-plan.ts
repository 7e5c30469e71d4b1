import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";

/** One subscription step of a preview, as an auditor reads it. */
export interface PlannedStep {
  phoneId: string;
  op: string;
  oldTarget?: string;
  newTarget?: string;
}

/** Runs `pulumi preview --diff` and returns the subscription steps with their targetExpireTime before and after. */
export async function previewSteps(
  stack: Stack,
): Promise<{ steps: PlannedStep[]; changeSummary: Record<string, number>; stdout: string }> {
  const steps: PlannedStep[] = [];
  const onEvent = (event: EngineEvent) => {
    const meta = event.resourcePreEvent?.metadata;
    if (!meta || !meta.type.endsWith(":KooPhoneSubscription")) return;
    const inputs = (meta.new?.inputs ?? meta.old?.inputs ?? {}) as Record<string, unknown>;
    steps.push({
      phoneId: String(inputs.phoneId),
      op: meta.op,
      oldTarget: meta.old?.inputs?.targetExpireTime as string | undefined,
      newTarget: meta.new?.inputs?.targetExpireTime as string | undefined,
    });
  };
  const result = await stack.preview({ diff: true, onEvent });
  return { steps, changeSummary: result.changeSummary as Record<string, number>, stdout: result.stdout };
}

/** The phones whose targetExpireTime a preview changes. */
export function phonesToRenew(steps: PlannedStep[], currentExpiry: Map<string, string>): string[] {
  return steps
    .filter((s) => s.newTarget !== undefined && s.newTarget !== (s.oldTarget ?? currentExpiry.get(s.phoneId)))
    .map((s) => s.phoneId)
    .sort();
}
