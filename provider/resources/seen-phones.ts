import type { DateTime } from "luxon";
import type { SubscriptionResource } from "../client";

/** A phone as `check` saw it in the account listing, and when (Billing Center's clock). */
export interface SeenPhone {
  phone: SubscriptionResource;
  seenAt: DateTime;
}

// Per provider process: the engine checks a resource and then creates or updates it in the same process, so the
// create or update of a phone that is not due records what its check saw instead of reading the phone again.
const seen = new Map<string, SeenPhone>();

export function rememberSeen(phone: SubscriptionResource, seenAt: DateTime): void {
  seen.set(phone.resource_id, { phone, seenAt });
}

/** What this process's check saw of the phone, handed out once. */
export function takeSeen(phoneId: string): SeenPhone | undefined {
  const found = seen.get(phoneId);
  seen.delete(phoneId);
  return found;
}
