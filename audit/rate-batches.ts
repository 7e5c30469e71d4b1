// The renew-rate calls that price the planned renewals: one per period (unit and number), as the API allows.
import type { PlannedRenewal } from "./phone-changes";

/** The renewals grouped by period, in batches of at most `limit` phones, in the order given. */
export function rateBatches(
  renewals: ReadonlyMap<string, PlannedRenewal>,
  limit: number,
): [string, PlannedRenewal][][] {
  const groups = new Map<string, [string, PlannedRenewal][]>();
  for (const entry of renewals) {
    const key = `${entry[1].period.unit}:${entry[1].period.count}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / limit) }, (_, i) =>
      group.slice(i * limit, (i + 1) * limit),
    ),
  );
}
