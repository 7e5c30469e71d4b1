// What a preview says about each phone: the expiry target before and after, the mode, the renewal step.
import { z } from "zod";
import { parseApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import type { RenewalDay } from "../provider/planner/renewal-day";
import { MODES, Mode, mergeSettings } from "../provider/planner/settings";
import { isUnknown } from "../provider/planner/unknown";
import { POLICY_TYPE, Preview, PreviewStep, SUBSCRIPTION_TYPE, resourceNameOf } from "./preview-json";

/** One KooPhoneSubscription of the preview. */
export interface PhoneChange {
  phoneId: string;
  /** The Pulumi resource name (last part of the URN). */
  resourceName: string;
  op: string;
  /** `targetExpireTime` in state; absent for a create, or when the resource now manages another phone. */
  oldTarget?: string;
  /** `targetExpireTime` after `up`; absent while it is unknown at preview. */
  newTarget?: string;
  /** The expiry state recorded at the last `up` or refresh (same absences as `oldTarget`). */
  stateExpiry?: string;
  /** The mode state recorded (the mode the phone was in). */
  stateMode?: Mode;
  /** The mode after `up`: the phone's own, else its policy's, else manual. */
  newMode: Mode;
  /** The renewal step: the phone's own period, else its policy's, else 1 month. */
  period: Period;
}

/** The subscriptions of a preview: those with a known phone id, and the names of those without one yet. */
export interface PhoneChanges {
  changes: PhoneChange[];
  /** Resource names of subscriptions whose phone id is unknown at preview. */
  unresolved: string[];
}

const apiTime = z.string().refine((text) => {
  try {
    parseApiTime(text);
    return true;
  } catch {
    return false;
  }
});
// Not blank, not "[secret]", not the value Pulumi passes for what is unknown at preview.
const phoneId = z
  .string()
  .regex(/^[^\s[\]]+$/)
  .refine((id) => !isUnknown(id));
const period = z.object({ unit: z.enum(["month", "year"]), count: z.number().int().min(1) });
const mode = z.enum(MODES);
const renewalDay = z.union([z.number().int().min(1).max(28), z.literal("last")]);
const policy = z.looseObject({});

/** The value when it fits the schema; undefined for anything else (unknown at preview, secret, absent). */
function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function isSubscription(step: PreviewStep): boolean {
  return step.newState?.type === SUBSCRIPTION_TYPE;
}

function changeOf(step: PreviewStep, id: string): PhoneChange {
  const inputs = step.newState?.inputs ?? {};
  const policyInputs = valid(policy, inputs.policy) ?? {};
  const settings = mergeSettings(
    {
      period: valid(period, policyInputs.period),
      mode: valid(mode, policyInputs.mode),
      renewalDay: valid(renewalDay, policyInputs.renewalDay),
    },
    { period: valid(period, inputs.period), mode: valid(mode, inputs.mode) },
  );
  // Old values describe this phone only when the resource managed the same phone before.
  const old = step.oldState !== undefined && step.oldState.inputs.phoneId === id ? step.oldState : undefined;
  return {
    phoneId: id,
    resourceName: resourceNameOf(step.urn),
    op: step.op,
    oldTarget: valid(apiTime, old?.inputs.targetExpireTime ?? old?.outputs.targetExpireTime),
    newTarget: valid(apiTime, inputs.targetExpireTime),
    stateExpiry: valid(apiTime, old?.outputs.expireTime),
    stateMode: valid(mode, old?.outputs.mode),
    newMode: settings.mode,
    period: settings.period,
  };
}

/**
 * The subscriptions that exist after `up`, one per resource (a replacement shown as several steps counts once),
 * in preview order. Deleted subscriptions are left out: deleting one renews nothing.
 */
export function phoneChanges(preview: Preview): PhoneChanges {
  const seen = new Set<string>();
  const result: PhoneChanges = { changes: [], unresolved: [] };
  for (const step of preview.steps.filter(isSubscription)) {
    if (seen.has(step.urn)) continue;
    seen.add(step.urn);
    const id = valid(phoneId, step.newState?.inputs.phoneId);
    if (id === undefined) result.unresolved.push(resourceNameOf(step.urn));
    else result.changes.push(changeOf(step, id));
  }
  return result;
}

/**
 * The account's standard renewal day: the RenewalPolicy's, else the one a subscription inherited. Undefined
 * when the preview declares none (then Billing Center's own setting, unknown here, applies).
 */
export function renewalDayOf(preview: Preview): RenewalDay | undefined {
  const fromPolicy = preview.steps
    .filter((step) => step.newState?.type === POLICY_TYPE)
    .map((step) => valid(renewalDay, step.newState?.inputs.renewalDay))
    .find((day) => day !== undefined);
  if (fromPolicy !== undefined) return fromPolicy;
  return preview.steps
    .filter(isSubscription)
    .map((step) => valid(renewalDay, valid(policy, step.newState?.inputs.policy)?.renewalDay))
    .find((day) => day !== undefined);
}
