// What a preview says about each phone: the renewal the provider planned for it, and its mode before and after.
import { z } from "zod";
import { parseApiTime } from "../provider/planner/billing-time";
import { PERIOD_LIMITS, Period } from "../provider/planner/period";
import type { PlannedRenewal } from "../provider/planner/planned-renewal";
import type { RenewalDay } from "../provider/planner/renewal-day";
import { DEFAULT_SETTINGS, MODES, Mode } from "../provider/planner/settings";
import { containsUnknown, isUnknown } from "../provider/planner/unknown";
import { apiTimeSchema, isApiTime } from "./api-time";
import { POLICY_TYPE, Preview, PreviewStep, SUBSCRIPTION_TYPE, resourceNameOf } from "./preview-json";
import { InputError } from "./input-error";

/** The periods a planned renewal orders, as the period helpers and the report take them. */
export function plannedPeriod(renewal: PlannedRenewal): Period {
  return { unit: renewal.periodUnit, count: renewal.periodCount };
}

/** One KooPhoneSubscription of the preview. */
export interface PhoneChange {
  phoneId: string;
  /** The Pulumi resource name (last part of the URN). */
  resourceName: string;
  op: string;
  /** Set only for a phone that `up` renews: the provider's plan, as its check wrote it (input `renewal`). */
  renewal?: PlannedRenewal;
  /** The expiry `check` read from Billing Center at this preview (input `expireTime`). */
  checkedExpiry?: string;
  /** The expiry state recorded at the last `up` or refresh; absent for a create or another phone before. */
  stateExpiry?: string;
  /** The mode state recorded (the mode the phone was in). */
  stateMode?: Mode;
  /** The mode after `up`: the phone's own, else its policy's, else manual. */
  newMode: Mode;
}

/** The subscriptions of a preview: those with a known phone and plan, and the names of the others. */
export interface PhoneChanges {
  changes: PhoneChange[];
  /** Resource names of subscriptions whose phone id, or whose renewal, is unknown until `up`. */
  unresolved: string[];
}

// Not blank, not "[secret]", not the value Pulumi passes for what is unknown at preview.
const phoneId = z
  .string()
  .regex(/^[^\s[\]]+$/)
  .refine((id) => !isUnknown(id));
const mode = z.enum(MODES);
const renewalDay = z.union([z.number().int().min(1).max(28), z.literal("last")]);
const policy = z.looseObject({});

// The provider's own shape: the type says so, so that a change to it is a compile error here.
const renewalSchema: z.ZodType<PlannedRenewal> = z
  .object({
    from: apiTimeSchema,
    to: apiTimeSchema,
    periodUnit: z.enum(["month", "year"]),
    periodCount: z.number().int(),
    extraDays: z.number().int().min(0),
    // A plan that states no day is one made without it, which the provider writes as "unknown".
    renewalDay: z.union([renewalDay, z.enum(["none", "unknown"])]).default("unknown"),
  })
  .refine(
    (r) =>
      r.periodCount >= PERIOD_LIMITS[r.periodUnit].min && r.periodCount <= PERIOD_LIMITS[r.periodUnit].max,
    {
      message:
        `periodCount must be ${PERIOD_LIMITS.month.min}-${PERIOD_LIMITS.month.max} months or ` +
        `${PERIOD_LIMITS.year.min}-${PERIOD_LIMITS.year.max} years`,
    },
  )
  // Only once both times parsed: zod runs object refinements even when a field failed.
  .refine((r) => !isApiTime(r.from) || !isApiTime(r.to) || parseApiTime(r.to) > parseApiTime(r.from), {
    message: "to must be after from",
  });

/** The value when it fits the schema; undefined for anything else (unknown at preview, secret, absent). */
function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The planned renewal: undefined when the phone is not renewed, "unknown" while some input is unknown at
 * preview. A renewal of any other shape means the preview does not come from this provider: an error.
 */
function plannedRenewal(step: PreviewStep, value: unknown): PlannedRenewal | "unknown" | undefined {
  if (value === undefined || value === null) return undefined;
  if (containsUnknown(value)) return "unknown";
  const parsed = renewalSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${step.urn}: input renewal${issue.path.length > 0 ? `.${issue.path.join(".")}` : ""} is ` +
        `${JSON.stringify(value)}: ${issue.message}; expected { from, to, periodUnit, periodCount, extraDays } ` +
        "as the KooPhone provider's check writes it",
    );
  }
  return parsed.data;
}

function isSubscription(step: PreviewStep): boolean {
  return step.newState?.type === SUBSCRIPTION_TYPE;
}

function modeAfterUp(inputs: Record<string, unknown>): Mode {
  return valid(mode, inputs.mode) ?? valid(mode, valid(policy, inputs.policy)?.mode) ?? DEFAULT_SETTINGS.mode;
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
    const inputs = step.newState?.inputs ?? {};
    const id = valid(phoneId, inputs.phoneId);
    const renewal = plannedRenewal(step, inputs.renewal);
    if (id === undefined || renewal === "unknown") {
      result.unresolved.push(resourceNameOf(step.urn));
      continue;
    }
    // Old values describe this phone only when the resource managed the same phone before.
    const old = step.oldState?.inputs.phoneId === id ? step.oldState : undefined;
    result.changes.push({
      phoneId: id,
      resourceName: resourceNameOf(step.urn),
      op: step.op,
      renewal,
      checkedExpiry: valid(apiTimeSchema, inputs.expireTime),
      stateExpiry: valid(apiTimeSchema, old?.outputs.expireTime),
      stateMode: valid(mode, old?.outputs.mode),
      newMode: modeAfterUp(inputs),
    });
  }
  return result;
}

/** The renewal day the RenewalPolicy of a resource state declares. */
function declaredDay(state: PreviewStep["oldState"]): RenewalDay | undefined {
  return state?.type === POLICY_TYPE ? valid(renewalDay, state.inputs.renewalDay) : undefined;
}

/** The renewal day a subscription's inputs carry: inherited from its policy, or the one its renewal lined up with. */
function subscriptionDay(inputs: Record<string, unknown>): RenewalDay | undefined {
  return (
    valid(renewalDay, inputs.renewalDay) ??
    valid(renewalDay, valid(policy, inputs.policy)?.renewalDay) ??
    valid(renewalDay, valid(policy, inputs.renewal)?.renewalDay)
  );
}

/**
 * The account's standard renewal day after `up`: the RenewalPolicy's, else the one a subscription inherited or
 * planned with. Undefined when the preview states none (then Billing Center's own setting, unknown here, applies).
 */
export function renewalDayOf(preview: Preview): RenewalDay | undefined {
  const fromPolicy = preview.steps.map((step) => declaredDay(step.newState)).find((day) => day !== undefined);
  if (fromPolicy !== undefined) return fromPolicy;
  return preview.steps
    .filter(isSubscription)
    .map((step) => subscriptionDay(step.newState?.inputs ?? {}))
    .find((day) => day !== undefined);
}

/** A renewal day that this `up` sets in Billing Center before it renews, and the day it replaces. */
export interface RenewalDayChange {
  /** The day the stack's state recorded before; undefined for a new policy (assumed unset in Billing Center). */
  before?: RenewalDay;
  after: RenewalDay;
}

/**
 * The renewal day this `up` applies first (a new RenewalPolicy, or one whose day changes); undefined when the
 * account's day stays as it is. Until it is applied, Billing Center prices renewals with the day it has.
 */
export function renewalDayChangeOf(preview: Preview): RenewalDayChange | undefined {
  for (const step of preview.steps) {
    const after = declaredDay(step.newState);
    if (after === undefined) continue;
    const before = declaredDay(step.oldState);
    if (before !== after) return { before, after };
  }
  return undefined;
}
