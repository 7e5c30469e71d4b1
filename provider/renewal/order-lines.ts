// Which line item of an order is a given phone's. Line items name no resource (OrderLineItemEntityV2), so a line
// is matched by what it does: the expiry it renews to, or the expiry it renews from.
import { parseApiTime } from "../planner/billing-time";
import { PeriodUnit, periodUnitFromCode } from "../planner/period";
import type { ChargeLine, OrderCharges } from "./order-gateway";

export interface PhoneTimes {
  /** The expiry the renewal starts from (the phone's expiry while the order is unpaid). */
  from?: string;
  /** The expiry the renewal gives (the phone's expiry once the order is paid, until it is renewed again). */
  to?: string;
}

export interface LineRenewal {
  amount?: number;
  period?: { unit: PeriodUnit; count: number };
  from?: string;
  to?: string;
}

/**
 * The renewal an order made for one phone, from its line item: the line whose start and end are the phone's,
 * else whose end is, else whose start is; lines that match alike count as one. When no single line matches, only
 * what all lines agree on is kept (an order of one line, or lines charging the same amount).
 */
export function renewalInOrder(charges: OrderCharges, times: PhoneTimes): LineRenewal {
  const ends = (l: ChargeLine) => times.to !== undefined && sameTime(l.expireTime, times.to);
  const starts = (l: ChargeLine) => times.from !== undefined && sameTime(l.effectiveTime, times.from);
  const given = [times.to, times.from].filter((t) => t !== undefined).length;
  const both = charges.lines.filter((l) => Number(ends(l)) + Number(starts(l)) === given && given > 0);
  for (const candidates of [both, charges.lines.filter(ends), charges.lines.filter(starts)]) {
    const matched = distinct(candidates);
    if (matched.length === 1) return fromLine(matched[0]);
    if (matched.length > 1) break;
  }
  const all = distinct(charges.lines);
  if (all.length === 1) return fromLine(all[0]);
  const amounts = new Set(charges.lines.map((l) => l.amount));
  return amounts.size === 1 ? { amount: charges.lines[0]?.amount } : {};
}

/**
 * The renewal an order made for the phone it renewed to `to`, from the lines ending there. When several lines do
 * (phones renewed to the same day from different ones), only what they all agree on is kept: the period, since a
 * renewal order has one period for all its phones, and the end; the amount and start only if the lines share
 * them. `lines` says how many distinct lines end there. Undefined when no line ends at `to`.
 */
export function renewalEndingAt(
  charges: OrderCharges,
  to: string,
): (LineRenewal & { lines: number }) | undefined {
  const ending = distinct(charges.lines.filter((l) => sameTime(l.expireTime, to))).map(fromLine);
  if (ending.length === 0) return undefined;
  const shared = <T>(value: (r: LineRenewal) => T): T | undefined => {
    const values = new Set(ending.map((r) => JSON.stringify(value(r) ?? null)));
    return values.size === 1 ? value(ending[0]) : undefined;
  };
  return {
    amount: shared((r) => r.amount),
    period: shared((r) => r.period),
    from: shared((r) => r.from),
    to: ending[0].to,
    lines: ending.length,
  };
}

function fromLine(line: ChargeLine): LineRenewal {
  return {
    amount: line.amount,
    period:
      (line.periodType === 2 || line.periodType === 3) && line.periodNum !== undefined
        ? { unit: periodUnitFromCode(line.periodType), count: line.periodNum }
        : undefined,
    from: line.effectiveTime,
    to: line.expireTime,
  };
}

/** Lines that would say the same thing about a phone, once. */
function distinct(lines: ChargeLine[]): ChargeLine[] {
  const seen = new Map<string, ChargeLine>();
  for (const line of lines) {
    const key = JSON.stringify([
      line.amount,
      line.periodType,
      line.periodNum,
      line.effectiveTime,
      line.expireTime,
    ]);
    if (!seen.has(key)) seen.set(key, line);
  }
  return [...seen.values()];
}

function sameTime(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a === b || parseApiTime(a).toMillis() === parseApiTime(b).toMillis();
}
