// What a native resource's lifecycle answers, in the engine's terms: the dynamic door's results plus what only the
// native protocol carries (a detailed diff, inputs read back for an import).
import type { CheckFailure } from "../planner/check-failures";
import type { Properties } from "./struct-values";

/** How one property changes, as the engine displays it (old value from the outputs, new from the inputs). */
export type DiffKind = "add" | "delete" | "update" | "updateReplace";

export interface NativeCheck {
  inputs: Properties;
  failures?: CheckFailure[];
}

export interface NativeDiff {
  /** undefined: unknown (some input is not known yet). */
  changes?: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
  /** Absent when the change cannot be told property by property (unknown inputs). */
  detailedDiff?: Record<string, DiffKind>;
}

export interface NativeRead {
  /** Absent: the resource is gone. */
  id?: string;
  props?: Properties;
  /** Only for an import: the inputs a program would declare for what was read. */
  inputs?: Properties;
}

/** One native resource type over one provider instance. */
export interface NativeResource {
  check(news: Properties): Promise<NativeCheck>;
  diff(id: string, olds: Properties, news: Properties): Promise<NativeDiff>;
  create(inputs: Properties): Promise<{ id: string; outs: Properties }>;
  read(id: string, props: Properties): Promise<NativeRead>;
  update(id: string, olds: Properties, news: Properties): Promise<{ outs: Properties }>;
  delete(id: string, props: Properties): Promise<void>;
}

/** The top-level properties whose values differ, as detailed-diff entries (for resources whose outputs are inputs). */
export function differingProperties(olds: Properties, news: Properties): Record<string, DiffKind> {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  const changed: Record<string, DiffKind> = {};
  for (const key of keys) {
    if (canonical(olds[key]) === canonical(news[key])) continue;
    changed[key] = olds[key] === undefined ? "add" : news[key] === undefined ? "delete" : "update";
  }
  return changed;
}

/** A value as JSON with its object keys sorted: Structs decode their fields in no particular order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}
