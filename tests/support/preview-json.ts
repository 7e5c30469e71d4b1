import type { EngineEvent } from "@pulumi/pulumi/automation";

/** One step of `pulumi preview --json`. */
export interface PreviewJsonStep {
  op: string;
  urn: string;
  oldState?: unknown;
  newState?: unknown;
  diffReasons?: string[];
}

/**
 * Collects a preview's engine events into the shape `pulumi preview --json` prints ({ steps }), for runs driven
 * through the Automation API (inline programs cannot be previewed by the CLI alone).
 */
export class PreviewJsonCollector {
  readonly steps: PreviewJsonStep[] = [];
  readonly onEvent = (event: EngineEvent): void => {
    const meta = event.resourcePreEvent?.metadata;
    if (!meta || meta.op === "same") return;
    this.steps.push({
      op: meta.op,
      urn: meta.urn,
      oldState: meta.old,
      newState: meta.new,
      diffReasons: meta.diffs,
    });
  };

  json(): string {
    return JSON.stringify({ steps: this.steps }, null, 2);
  }
}
