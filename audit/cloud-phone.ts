// What Billing Center and KooPhone say about a phone now, and how it wins over what state recorded.
import type { Mode } from "../provider/planner/settings";
import type { PhoneChange } from "./phone-changes";

/** A phone as the cloud reports it at audit time; every field is absent when it was not looked up. */
export interface CloudPhone {
  /** BSS `expire_time` (API format). */
  expireTime?: string;
  /** From BSS `expire_policy`. */
  mode?: Mode;
  /** KooPhone `instance_name`. */
  name?: string;
}

export type CloudPhones = ReadonlyMap<string, CloudPhone>;

/**
 * The phone's expiry before `up`: Billing Center's when it was looked up, else the one `check` read at preview,
 * else the one state recorded. Undefined for a new subscription that nothing read.
 */
export function currentExpiry(change: PhoneChange, cloud: CloudPhones): string | undefined {
  return cloud.get(change.phoneId)?.expireTime ?? change.checkedExpiry ?? change.stateExpiry;
}

/** The phone's mode before `up`, by the same rule as {@link currentExpiry}. */
export function currentMode(change: PhoneChange, cloud: CloudPhones): Mode | undefined {
  return cloud.get(change.phoneId)?.mode ?? change.stateMode;
}
