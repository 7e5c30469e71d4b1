/**
 * The state of a KooPhoneSubscription, typed once: what its provider takes and records, and what the SDK declares.
 */
import type { PlannedRenewal } from "../planner/planned-renewal";
import type { Mode, OnDelete, SubscriptionSettings } from "../planner/settings";
import type { LastRenewal } from "../renewal";

export type { LastRenewal, PlannedRenewal };

/**
 * The inputs `check` hands the engine, which records them: the settings (own over the policy's, flat; defaults
 * not applied), the expiry Billing Center showed when they were checked, and the renewal when one is due.
 */
export type SubscriptionInputs = SubscriptionSettings & {
  /** The phone's expiry as `check` read it; differs from the recorded output when the state is stale. */
  expireTime?: string;
  renewal?: PlannedRenewal;
};

/** What a subscription records about its phone after create, update or refresh. */
export type SubscriptionOutputs = {
  phoneId: string;
  /** The phone's expiry in Billing Center (UTC) when it was last read. */
  expireTime: string;
  /** When `expireTime` was read, by Billing Center's clock: renewals found later are looked up from then on. */
  seenAt: string;
  /** inUse, frozen, expired or closed. */
  status: string;
  /** The mode the phone is in now. */
  mode: Mode;
  /** What deleting the subscription does; kept here because `delete` gets only the outputs. */
  onDelete: OnDelete;
  /** The renewal that last extended the phone, as its order says: placed by Pulumi, or found in Billing Center. */
  lastRenewal?: LastRenewal;
};

/** Every output key: state written by an earlier version (with other keys) is rewritten at the next `up`. */
export const OUTPUT_KEYS = new Set<string>(
  Object.keys({
    phoneId: true,
    expireTime: true,
    seenAt: true,
    status: true,
    mode: true,
    onDelete: true,
    lastRenewal: true,
  } satisfies Record<keyof SubscriptionOutputs, true>),
);
