// The managed phones of a stack and the settings each runs with, from the subscriptions' recorded inputs (the
// settings `check` returned: the subscription's own over its policy's, flat) and outputs.
import {
  AccountRenewalDay,
  PlannedRenewalDay,
  plannedRenewalDay,
} from "../provider/planner/account-renewal-day";
import {
  EffectiveSettings,
  effectiveSettings,
  policyDefaultsSchema,
  subscriptionArgsSchema,
  subscriptionSettings,
} from "../provider/planner/settings";
import { SUBSCRIPTION as NATIVE_SUBSCRIPTION } from "../provider/native/tokens";
import { InputError } from "./input-error";
import { SUBSCRIPTION_TYPE, resourceNameOf } from "./preview-json";
import type { StackExport } from "./stack-export";

export interface ManagedPhone {
  phoneId: string;
  resourceName: string;
  settings: EffectiveSettings;
  /** The renewal day its plans line up with, as its `check` states it. */
  renewalDay: PlannedRenewalDay;
  /** The expiry the state recorded (API format), when it did. */
  stateExpiry?: string;
}

/** Both front doors' subscriptions: the dynamic provider's and the native plugin's record the same settings. */
const SUBSCRIPTION_TYPES = new Set([SUBSCRIPTION_TYPE, NATIVE_SUBSCRIPTION]);

const recordedSchema = subscriptionArgsSchema.extend({
  renewalDay: policyDefaultsSchema.shape.renewalDay,
});

/**
 * The subscriptions of the export with their effective settings; `accountDay` is koophone:renewalDay for those
 * with no policy (the export does not hold the stack's config). A subscription whose recorded settings do not check
 * is an error naming it and the setting.
 */
export function managedPhones(
  state: StackExport,
  label: string,
  accountDay?: AccountRenewalDay,
): ManagedPhone[] {
  return state.deployment.resources
    .filter((resource) => SUBSCRIPTION_TYPES.has(resource.type))
    .map((resource) => {
      const parsed = recordedSchema.safeParse(resource.inputs);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(
          `${label}: ${resource.urn}: input ${issue.path.join(".") || "(all)"}: ${issue.message}; the forecast ` +
            "plans from the settings the subscription's check recorded",
        );
      }
      const { renewalDay, ...args } = parsed.data;
      const settings = { ...subscriptionSettings(args), ...(renewalDay === undefined ? {} : { renewalDay }) };
      const expireTime = resource.outputs.expireTime;
      return {
        phoneId: settings.phoneId,
        resourceName: resourceNameOf(resource.urn),
        settings: effectiveSettings(settings, accountDay),
        renewalDay: plannedRenewalDay(renewalDay, accountDay),
        ...(typeof expireTime === "string" ? { stateExpiry: expireTime } : {}),
      };
    });
}
