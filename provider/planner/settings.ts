import { z } from "zod";
import { AccountRenewalDay, alignmentDay, plannedRenewalDay } from "./account-renewal-day";
import { CheckOutcome, checkInputs, describeValue } from "./check-failures";
import { parseExpireNotBefore, parseRenewBefore } from "./coverage";
import { PERIOD_LIMITS, Period } from "./period";
import { RenewalDay } from "./renewal-day";

export { UNKNOWN, isUnknown, containsUnknown } from "./unknown";

/**
 * The Billing Center tab a phone belongs in:
 * - `manual`: auto-renew off and no pay-per-use after expiry; Pulumi renews when coverage runs short.
 * - `auto`: auto-renew on (Billing Center charges DEDUCTION_DATE days before expiry).
 * - `payPerUseAfterExpiry`: the phone switches to pay-per-use when it expires.
 * ("Renewals Canceled" has no API and is refused at preview.)
 */
export const MODES = ["manual", "auto", "payPerUseAfterExpiry"] as const;
export type Mode = (typeof MODES)[number];

/** What deleting a subscription does; nothing ever unsubscribes a phone. */
export const ON_DELETE = ["retain", "manual"] as const;
export type OnDelete = (typeof ON_DELETE)[number];

/** A required value is missing, or `input` is not one of the allowed values. */
function notAllowed(input: unknown, allowed: string): string {
  return input === undefined
    ? `a value is required; ${allowed}`
    : `${describeValue(input)} is not allowed; ${allowed}`;
}

/**
 * `schema`, with every failure inside it reported as one issue whose message quotes the value and says what is
 * allowed (zod's own messages name neither).
 */
function described<S extends z.ZodType>(schema: S, message: (input: unknown) => string) {
  return z.custom<z.output<S>>((value) => schema.safeParse(value).success, {
    error: (issue) => message(issue.input),
  });
}

const { month, year } = PERIOD_LIMITS;
const PERIOD_LIMITS_TEXT = `one order renews ${month.min}-${month.max} months or ${year.min}-${year.max} years`;

const renewalDaySchema = described(z.union([z.number().int().min(1).max(28), z.literal("last")]), (input) => {
  const shortMonths =
    typeof input === "number" && input >= 29 && input <= 31
      ? ` (not every month has day ${input}; "last" is the last day of each month)`
      : "";
  return `${notAllowed(input, 'use 1-28 or "last"')}${shortMonths}`;
});

const deductionDaysSchema = described(z.number().int().min(2).max(7), (input) =>
  notAllowed(input, "use a whole number of days from 2 to 7"),
);

const periodUnitSchema = described(z.enum(["month", "year"]), (input) =>
  notAllowed(input, 'use "month" or "year"'),
);

// The upper limit depends on the unit, so it is checked on the whole period below.
const periodCountSchema = described(z.number().int().min(1), (input) =>
  notAllowed(input, `use a whole number of units; ${PERIOD_LIMITS_TEXT}`),
);

export const periodSchema = z
  .object(
    { unit: periodUnitSchema, count: periodCountSchema },
    { error: (issue) => notAllowed(issue.input, 'use { unit: "month" | "year", count: n }') },
  )
  .superRefine((period, ctx) => {
    if (period.count <= PERIOD_LIMITS[period.unit].max) return;
    ctx.addIssue({
      code: "custom",
      path: ["count"],
      input: period.count,
      message: `${period.count} ${period.unit}s is not allowed; ${PERIOD_LIMITS_TEXT}${yearsHint(period)}`,
    });
  });

function yearsHint(period: Period): string {
  const years = period.count / 12;
  return period.unit === "month" && Number.isInteger(years) && years <= year.max
    ? ` (use { unit: "year", count: ${years} })`
    : "";
}

const renewBeforeSchema = described(
  z.string().refine((text) => parseRenewBefore(text) !== undefined),
  (input) =>
    `${describeValue(input)} is not an ISO-8601 duration; use e.g. "P30D" (30 days), "P1M" (1 month) or ` +
    `"PT12H" (12 hours)`,
);

const expireNotBeforeSchema = described(
  z.string().refine((text) => parseExpireNotBefore(text) !== undefined),
  (input) =>
    `${describeValue(input)} is not an ISO-8601 date; use e.g. "2027-01-01" or "2027-01-01T00:00:00+08:00" ` +
    `(without an offset, UTC+8)`,
);

const MODES_TEXT = 'use "manual", "auto" or "payPerUseAfterExpiry"';

// Billing Center tab names, written the way people copy them from the console.
const TAB_MODES: Record<string, Mode> = {
  manual: "manual",
  manualrenewals: "manual",
  auto: "auto",
  autorenew: "auto",
  autorenewals: "auto",
  payperuseafterexpiry: "payPerUseAfterExpiry",
  payperuseafterexpiration: "payPerUseAfterExpiry",
};

const RENEWALS_CANCELED = new Set([
  "renewalscanceled",
  "renewalscancelled",
  "renewalcanceled",
  "renewalcancelled",
]);

function normalizedName(text: string): string {
  return text.toLowerCase().replace(/[\s_-]/g, "");
}

function modeMessage(input: unknown): string {
  if (typeof input !== "string") return notAllowed(input, MODES_TEXT);
  const name = normalizedName(input);
  if (RENEWALS_CANCELED.has(name)) {
    return (
      `${describeValue(input)} is not available: Billing Center's "Renewals Canceled" tab (release at expiry) ` +
      `has no API, it can only be set in the console. Use "manual" (Pulumi renews while coverage runs short) or ` +
      `"payPerUseAfterExpiry"; to let a phone lapse, set "Renewals Canceled" in the console and stop managing ` +
      `it here (onDelete: "retain")`
    );
  }
  const meant = TAB_MODES[name];
  return `${notAllowed(input, MODES_TEXT)}${meant === undefined ? "" : ` (did you mean "${meant}"?)`}`;
}

const modeSchema = described(z.enum(MODES), modeMessage);

const autoPaySchema = described(z.boolean(), (input) => notAllowed(input, "use true or false"));

const maxOrderAmountSchema = described(z.number().positive(), (input) =>
  notAllowed(input, "use a positive amount in CNY, e.g. 500"),
);

const onDeleteSchema = described(z.enum(ON_DELETE), (input) =>
  notAllowed(
    input,
    'use "retain" (stop managing, touch nothing) or "manual" (turn auto-renew and pay-per-use after ' +
      "expiry off); nothing ever unsubscribes a phone",
  ),
);

const phoneIdSchema = described(z.string().trim().min(1), (input) =>
  notAllowed(input, "use the KooPhone instance id (a non-empty string)"),
);

const inputsObjectError = (issue: { input?: unknown }) =>
  notAllowed(issue.input, "use an object of settings");

/** The settings a RenewalPolicy hands down to the subscriptions that name it. */
export const fleetDefaultsSchema = z.object(
  {
    period: periodSchema.optional(),
    renewBefore: renewBeforeSchema.optional(),
    mode: modeSchema.optional(),
    autoPay: autoPaySchema.optional(),
    maxOrderAmount: maxOrderAmountSchema.optional(),
  },
  { error: inputsObjectError },
);
export type FleetDefaults = z.output<typeof fleetDefaultsSchema>;

/** RenewalPolicy inputs: the account's renewal configuration and the fleet defaults. */
export const renewalPolicyInputsSchema = fleetDefaultsSchema.extend({
  renewalDay: renewalDaySchema,
  deductionDaysBeforeExpiry: deductionDaysSchema.optional(),
});
export type RenewalPolicyInputs = z.output<typeof renewalPolicyInputsSchema>;

/** What a subscription inherits from its policy: the fleet defaults and the renewal day. */
export const policyDefaultsSchema = fleetDefaultsSchema.extend({ renewalDay: renewalDaySchema.optional() });
export type PolicyDefaults = z.output<typeof policyDefaultsSchema>;

/** KooPhoneSubscription arguments: the phone, the policy it inherits from, and its own settings (which win). */
export const subscriptionArgsSchema = fleetDefaultsSchema.extend({
  phoneId: phoneIdSchema,
  policy: policyDefaultsSchema.optional(),
  expireNotBefore: expireNotBeforeSchema.optional(),
  onDelete: onDeleteSchema.optional(),
});
export type SubscriptionArgs = z.output<typeof subscriptionArgsSchema>;

/**
 * A subscription's settings as they are recorded: its own over its policy's, flat, defaults not applied. The
 * renewal day is the policy's, the day the policy sets on the account before any renewal.
 */
export type SubscriptionSettings = Omit<SubscriptionArgs, "policy"> & { renewalDay?: RenewalDay };

/** The settings a subscription runs with, after inheritance and defaults. */
export interface EffectiveSettings {
  period: Period;
  renewBefore: string;
  expireNotBefore?: string;
  mode: Mode;
  autoPay: boolean;
  maxOrderAmount?: number;
  onDelete: OnDelete;
  renewalDay?: RenewalDay;
}

export const DEFAULT_SETTINGS = {
  period: { unit: "month", count: 1 },
  renewBefore: "P30D",
  mode: "manual",
  autoPay: true,
  onDelete: "retain",
} as const satisfies Omit<EffectiveSettings, "expireNotBefore" | "maxOrderAmount" | "renewalDay">;

const INHERITED = ["period", "renewBefore", "mode", "autoPay", "maxOrderAmount", "renewalDay"] as const;

/** The subscription's own settings win over its policy's; nothing is copied that neither sets. */
export function subscriptionSettings(args: SubscriptionArgs): SubscriptionSettings {
  const { policy, ...own } = args;
  const settings: SubscriptionSettings = { ...own };
  for (const key of INHERITED) {
    if (settings[key] === undefined && policy?.[key] !== undefined)
      Object.assign(settings, { [key]: policy[key] });
  }
  return settings;
}

/**
 * The recorded settings with the defaults applied. `accountDay` is the renewal day the provider configuration
 * states for the account, used when the subscription has no policy to set one.
 */
export function effectiveSettings(
  settings: Omit<SubscriptionSettings, "phoneId">,
  accountDay?: AccountRenewalDay,
): EffectiveSettings {
  const effective: EffectiveSettings = {
    period: { ...(settings.period ?? DEFAULT_SETTINGS.period) },
    renewBefore: settings.renewBefore ?? DEFAULT_SETTINGS.renewBefore,
    mode: settings.mode ?? DEFAULT_SETTINGS.mode,
    autoPay: settings.autoPay ?? DEFAULT_SETTINGS.autoPay,
    onDelete: settings.onDelete ?? DEFAULT_SETTINGS.onDelete,
  };
  // Absent rather than undefined, so the settings compare and serialize cleanly.
  if (settings.maxOrderAmount !== undefined) effective.maxOrderAmount = settings.maxOrderAmount;
  if (settings.expireNotBefore !== undefined) effective.expireNotBefore = settings.expireNotBefore;
  const renewalDay = alignmentDay(plannedRenewalDay(settings.renewalDay, accountDay));
  if (renewalDay !== undefined) effective.renewalDay = renewalDay;
  return effective;
}

export function checkRenewalPolicyInputs(raw: unknown): CheckOutcome<RenewalPolicyInputs> {
  return checkInputs(renewalPolicyInputsSchema, raw);
}

export function checkSubscriptionArgs(raw: unknown): CheckOutcome<SubscriptionArgs> {
  return checkInputs(subscriptionArgsSchema, raw);
}
