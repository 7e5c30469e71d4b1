import { z } from "zod";
import { unknownPaths } from "./unknown";

/** A Pulumi `CheckResult` failure. */
export interface CheckFailure {
  /** Dotted path of the input, e.g. `period.count`; empty for the inputs as a whole. */
  property: string;
  /** The whole message, field included, because the engine does not always show the property next to it. */
  reason: string;
}

/** What `check` learns from raw inputs. */
export interface CheckOutcome<T> {
  failures: CheckFailure[];
  /** The parsed inputs; absent when there are failures or when some input is still unknown (preview). */
  value?: T;
}

const SHOWN_LENGTH = 80;

/** A value as a message quotes it: JSON, shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 3)}...` : text;
}

function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Turns zod issues into check failures that name the field. */
export function toCheckFailures(issues: readonly z.core.$ZodIssue[]): CheckFailure[] {
  return issues.map((issue) => {
    const property = dottedPath(issue.path);
    return { property, reason: `${property === "" ? "inputs" : property}: ${issue.message}` };
  });
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => String(key) === String(path[index]));
}

/**
 * Validates raw inputs. An issue at or under a value that is still unknown (preview) is not a failure: the value
 * is checked again once it is known.
 */
export function checkInputs<T>(schema: z.ZodType<T>, raw: unknown): CheckOutcome<T> {
  const unknown = unknownPaths(raw);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return unknown.length === 0 ? { failures: [], value: parsed.data } : { failures: [] };
  const known = parsed.error.issues.filter((issue) => !unknown.some((path) => isPrefix(path, issue.path)));
  return { failures: toCheckFailures(known) };
}
