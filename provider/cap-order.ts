// The order koophone:maxRunAmount takes phones in: soonest expiry first (ties by id), whatever order the engine
// checks them in (it takes registrations as they arrive, which does not keep the program's order). A check asks
// what the renewals ahead of its phone cost: those of the listed phones expiring before it that the same settings
// make due, priced once per run. A listed phone this stack does not declare counts too (a check cannot know which
// phones the stack holds), except those of other shards under koophone:shard: the cap may bite earlier than needed
// when the account has due phones that no shard of this stack's count declares.
import type { DateTime } from "luxon";
import type { CheckQuotes, QuoteRequest } from "./check-quotes";
import type { SubscriptionResource } from "./client";
import { unmanageableReason } from "./phone-state";
import { parseApiTime } from "./planner/billing-time";
import { PlanError, planRenewal } from "./planner/plan";
import { planInputOf } from "./planner/planned-renewal";
import type { EffectiveSettings } from "./planner/settings";
import { toCents } from "./cents";

/** The due phones of the listing under one set of settings, soonest first, and what those ahead cost. */
interface DueLine {
  due: { request: QuoteRequest; at: number }[];
  /** cents[i]: what due[0..i-1] cost; filled as far as asked. */
  cents: number[];
}

export class CapOrder {
  private readonly lines = new Map<string, DueLine>();

  constructor(private readonly quotes: CheckQuotes) {}

  /** What the renewals ahead of `phone` cost, in cents (a phone that cannot be priced counts nothing). */
  async aheadCents(
    listing: readonly SubscriptionResource[],
    phone: { phoneId: string; expireTime: string },
    now: DateTime,
    settings: EffectiveSettings,
  ): Promise<number> {
    const line = this.lineFor(listing, now, settings);
    const ahead = positionOf(line, parseApiTime(phone.expireTime).toMillis(), phone.phoneId);
    const filled = line.cents.length - 1;
    if (ahead > filled) {
      const results = await this.quotes.quoteAll(line.due.slice(filled, ahead).map((d) => d.request));
      let sum = line.cents[filled];
      results.forEach((result, i) => {
        sum += result instanceof Error ? 0 : toCents(result.amount);
        line.cents[filled + i + 1] = sum;
      });
    }
    return line.cents[ahead];
  }

  private lineFor(
    listing: readonly SubscriptionResource[],
    now: DateTime,
    settings: EffectiveSettings,
  ): DueLine {
    const key = JSON.stringify([
      settings.period,
      settings.renewBefore,
      settings.expireNotBefore,
      settings.renewalDay,
    ]);
    let line = this.lines.get(key);
    if (line === undefined) {
      line = { due: dueInOrder(listing, now, settings), cents: [0] };
      this.lines.set(key, line);
    }
    return line;
  }
}

/** How many due phones come before one expiring at `at` (ties by id): a binary search of the sorted line. */
function positionOf(line: DueLine, at: number, phoneId: string): number {
  let [low, high] = [0, line.due.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    const d = line.due[middle];
    if (d.at < at || (d.at === at && d.request.phoneId < phoneId)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function dueInOrder(
  listing: readonly SubscriptionResource[],
  now: DateTime,
  settings: EffectiveSettings,
): DueLine["due"] {
  const due: DueLine["due"] = [];
  for (const phone of listing) {
    if (unmanageableReason(phone) !== undefined) continue;
    try {
      const plan = planRenewal(planInputOf(phone.resource_id, phone.expire_time, now, settings));
      if (plan !== undefined) {
        due.push({
          request: { phoneId: phone.resource_id, plan },
          at: parseApiTime(phone.expire_time).toMillis(),
        });
      }
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
    }
  }
  return due.sort((a, b) => a.at - b.at || (a.request.phoneId < b.request.phoneId ? -1 : 1));
}
