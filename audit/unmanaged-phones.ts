// The phones nobody declared: the account's yearly/monthly phones that no subscription of the stack manages and
// that expire within a window, the phones that lapse because nobody put them in code.
import type { DateTime, Duration } from "luxon";
import type { Instance, SubscriptionResource } from "../provider/client";
import { parseApiTime } from "../provider/planner/billing-time";

export interface UnmanagedPhone {
  phoneId: string;
  name?: string;
  /** API format. */
  expireTime: string;
  /** Whole days from now to the expiry; negative in the grace period. */
  daysLeft: number;
}

/** Subscription statuses of a phone that still runs on its subscription: in use (2) or in its grace period (5). */
const RUNNING = new Set([2, 5]);

const DAY_MS = 24 * 3600 * 1000;

/**
 * Of the account's subscriptions, the KooPhone phones (those KooPhone lists) in use or in grace that `managed`
 * does not hold and that expire before `now` + `within`, soonest first.
 */
export function unmanagedPhones(input: {
  resources: SubscriptionResource[];
  instances: Instance[];
  managed: ReadonlySet<string>;
  now: DateTime;
  within: Duration;
}): UnmanagedPhone[] {
  const names = new Map(input.instances.map((i) => [i.instance_id, i.instance_name]));
  const until = input.now.plus(input.within).toMillis();
  return input.resources
    .filter((r) => names.has(r.resource_id) && !input.managed.has(r.resource_id) && RUNNING.has(r.status))
    .filter((r) => parseApiTime(r.expire_time).toMillis() <= until)
    .map((r) => {
      const name = names.get(r.resource_id);
      return {
        phoneId: r.resource_id,
        ...(name === undefined ? {} : { name }),
        expireTime: r.expire_time,
        daysLeft: Math.floor((parseApiTime(r.expire_time).toMillis() - input.now.toMillis()) / DAY_MS),
      };
    })
    .sort((a, b) => a.expireTime.localeCompare(b.expireTime) || a.phoneId.localeCompare(b.phoneId));
}
