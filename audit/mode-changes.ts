// The phones whose Billing Center tab (manual, auto, pay-per-use after expiry) `up` changes.
import type { Mode } from "../provider/planner/settings";
import { CloudPhones, currentMode } from "./cloud-phone";
import type { PhoneChange } from "./phone-changes";

export interface ModeChange {
  phoneId: string;
  resourceName: string;
  name?: string;
  /** Undefined for a new subscription whose phone was not looked up. */
  from?: Mode;
  to: Mode;
}

/** One entry per phone whose mode after `up` differs from its mode now (or is unknown now), by phone id. */
export function modeChanges(changes: PhoneChange[], cloud: CloudPhones): ModeChange[] {
  return changes
    .map((change) => ({
      phoneId: change.phoneId,
      resourceName: change.resourceName,
      name: cloud.get(change.phoneId)?.name,
      from: currentMode(change, cloud),
      to: change.newMode,
    }))
    .filter((change) => change.from !== change.to)
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId));
}
