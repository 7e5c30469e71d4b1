/**
 * During preview, inputs that are not resolved yet reach a dynamic provider's `check` and `diff` as this string,
 * whatever their declared type.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** The paths (keys from the root) of every unknown value inside `value`, the root itself included. */
export function unknownPaths(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (isUnknown(value)) return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => unknownPaths(item, [...path, index]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => unknownPaths(item, [...path, key]));
  }
  return [];
}

/** Whether any value inside `value` is still unknown. */
export function containsUnknown(value: unknown): boolean {
  return unknownPaths(value).length > 0;
}
