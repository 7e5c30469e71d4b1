// Which line item of an order is a given phone's. Line items name no resource (OrderLineItemEntityV2), so a line
// is matched by what it does: the expiry it renews to, or the expiry it renews from.
import { parseApiTime } from "../planner/billing-time";
import { periodUnitOfCode } from "../client";
import type { PeriodUnit } from "../planner/period";
import type { LastRenewal } from "./records";

/** One line item of an order, in the official fields (OrderLineItemEntityV2); no resource id among them. */
export interface ChargeLine {
  amount?: number;
  periodType?: number;
  periodNum?: number;
  effectiveTime?: string;
  expireTime?: string;
}

export interface OrderCharges {
  orderId: string;
  status: number;
  currency: string;
  /** The order's amount after discount (order_info). */
  total?: number;
  lines: ChargeLine[];
}

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
 * The record of the renewal an order made for a phone that it renewed to `to` (its expiry now): the line ending
 * there, and starting at `from` (the expiry recorded before) when given and one does. When several lines end there
 * and none tells the phone's apart (phones renewed to the same day from different ones), the record keeps what they
 * all agree on: the order, the period (one period per renewal order) and the end; the amount and start only if
 * shared, and a note says what is not known. Undefined when no line ends at `to`: the order did not give that expiry.
 */
export function renewalRecord(
  charges: OrderCharges,
  { to, from }: { to: string; from?: string },
): LastRenewal | undefined {
  const ending = distinct(charges.lines.filter((l) => sameTime(l.expireTime, to))).map(fromLine);
  const own = from === undefined ? [] : ending.filter((r) => sameTime(r.from, from));
  const lines = own.length === 1 ? own : ending;
  if (lines.length === 0) return undefined;
  const shared = <T>(value: (r: LineRenewal) => T): T | undefined => {
    const values = new Set(lines.map((r) => JSON.stringify(value(r) ?? null)));
    return values.size === 1 ? value(lines[0]) : undefined;
  };
  const period = shared((r) => r.period);
  if (period === undefined) return undefined;
  const amount = shared((r) => r.amount);
  const start = shared((r) => r.from);
  const unknown = [
    amount === undefined ? "amount" : undefined,
    start === undefined ? "start" : undefined,
  ].filter((w) => w !== undefined);
  return {
    orderId: charges.orderId,
    period,
    ...(amount === undefined ? {} : { amount }),
    currency: charges.currency,
    ...(start === undefined ? {} : { from: start }),
    to,
    ...(unknown.length > 0
      ? {
          note:
            `this phone's ${unknown.join(" and ")} in order ${charges.orderId} cannot be told: the order renewed ` +
            `${lines.length} phones to this expiry with different ${unknown.map((w) => `${w}s`).join(" and ")}, ` +
            `and its lines name no phone`,
        }
      : {}),
  };
}

function fromLine(line: ChargeLine): LineRenewal {
  return {
    amount: line.amount,
    period: periodOf(line),
    from: line.effectiveTime,
    to: line.expireTime,
  };
}

function periodOf(line: ChargeLine): LineRenewal["period"] {
  const unit = periodUnitOfCode(line.periodType);
  return unit !== undefined && line.periodNum !== undefined ? { unit, count: line.periodNum } : undefined;
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
