import type { SubscriptionResource } from "./client";
import { EXPIRE_POLICY, SUBSCRIPTION_STATUS } from "./client/billing-codes";
import type { Mode } from "./planner/settings";

/** The Billing Center tab a phone belongs in (the mode union is defined once, with the settings). */
export type { Mode as RenewalMode } from "./planner/settings";

/** BSS subscription `status` codes, as users read them: the names of the shared table. */
const STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(SUBSCRIPTION_STATUS).map(([name, code]) => [code, name]),
);

/** What the provider reports about a phone's subscription (outputs of KooPhoneSubscription). */
export interface PhoneState {
  expireTime: string;
  status: string;
  /** The mode the phone is in now, read from `expire_policy` (3 auto-renew, 1 pay-per-use, else manual). */
  mode: Mode;
}

export function modeOf(expirePolicy: number): Mode {
  if (expirePolicy === EXPIRE_POLICY.autoRenew) return "auto";
  if (expirePolicy === EXPIRE_POLICY.payPerUse) return "payPerUseAfterExpiry";
  return "manual";
}

export function phoneState(resource: SubscriptionResource): PhoneState {
  return {
    expireTime: resource.expire_time,
    status: STATUS_NAMES[resource.status] ?? `status${resource.status}`,
    mode: modeOf(resource.expire_policy),
  };
}

/** Why a phone cannot be managed (closed or absent), or undefined when it can. */
export function unmanageableReason(resource: SubscriptionResource | undefined): string | undefined {
  if (resource === undefined) return "has no yearly/monthly subscription (absent, pay-per-use, or deleted)";
  if (resource.status === SUBSCRIPTION_STATUS.closed)
    return "is closed (deleted, or switched to pay-per-use, at the end of its subscription); it cannot be renewed";
  return undefined;
}
