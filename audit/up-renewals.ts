// What an `up` paid for: the renewals recorded in the stack's state after it and not before it.
import { z } from "zod";
import type { Period } from "../provider/planner/period";
import { apiTimeSchema } from "./api-time";
import { formatCents, toCents } from "../provider/cents";
import { SUBSCRIPTION_TYPE, resourceNameOf } from "./preview-json";
import { InputError } from "./input-error";
import { StackExport, StateResource } from "./stack-export";

/** One renewal order `up` placed (or found and recorded) for one phone: output `lastRenewal`. */
export interface UpRenewal {
  phoneId: string;
  resourceName: string;
  orderId: string;
  period: Period;
  /**
   * What the order charged for this phone, pro-rata days included. Absent when the provider could not tell: a
   * renewal found after an interrupted up whose order renewed several phones to the same expiry (its lines name no
   * phone); `from` is then absent too.
   */
  amount?: string;
  currency: string;
  from?: string;
  to: string;
}

export interface UpTotals {
  phones: number;
  orders: number;
  /** Paid per currency, sorted by currency, for the renewals whose amount is known. */
  amounts: { currency: string; amount: string }[];
  /** The renewals whose amount is not known, left out of `amounts`: how many, and their orders (sorted). */
  unknownAmounts: { phones: number; orders: string[] };
}

const lastRenewalSchema = z.object({
  orderId: z.string().min(1),
  period: z.object({ unit: z.enum(["month", "year"]), count: z.number().int().min(1) }),
  amount: z
    .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)])
    .transform((value) => formatCents(toCents(String(value))))
    .optional(),
  currency: z.string().min(1),
  from: apiTimeSchema.optional(),
  to: apiTimeSchema,
});

/** A subscription of a stack's state: the phone it manages and the renewal it records last, if any. */
export interface StackSubscription {
  phoneId: string;
  resourceName: string;
  lastRenewal?: UpRenewal;
}

/** The renewal a subscription's state records, if any; a record of another shape is an error naming it. */
function lastRenewalOf(resource: StateResource, label: string): UpRenewal | undefined {
  const value = resource.outputs.lastRenewal;
  if (value === undefined || value === null) return undefined;
  const parsed = lastRenewalSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${label}: ${resource.urn}: output lastRenewal${issue.path.length > 0 ? `.${issue.path.join(".")}` : ""} ` +
        `is ${JSON.stringify(value)}: ${issue.message}; expected { orderId, period: { unit, count }, amount?, ` +
        "currency, from?, to } as the KooPhone provider records it",
    );
  }
  return { ...parsed.data, ...phoneOf(resource) };
}

function phoneOf(resource: StateResource): { phoneId: string; resourceName: string } {
  const phoneId = resource.outputs.phoneId;
  const resourceName = resourceNameOf(resource.urn);
  return { phoneId: typeof phoneId === "string" ? phoneId : resourceName, resourceName };
}

/** The KooPhoneSubscriptions of a stack's state, in its order; `label` names the state in errors. */
export function stackSubscriptions(state: StackExport, label: string): StackSubscription[] {
  return state.deployment.resources
    .filter((resource) => resource.type === SUBSCRIPTION_TYPE)
    .map((resource) => {
      const lastRenewal = lastRenewalOf(resource, label);
      return { ...phoneOf(resource), ...(lastRenewal === undefined ? {} : { lastRenewal }) };
    });
}

function recorded(state: StackExport, label: string): UpRenewal[] {
  return stackSubscriptions(state, label).flatMap((subscription) => subscription.lastRenewal ?? []);
}

const key = (renewal: UpRenewal) => `${renewal.phoneId}\n${renewal.orderId}`;

/**
 * The renewals in the state after `up` that the state before did not hold (by phone and order), by phone id.
 * State records each paid order, also when `up` failed after paying; between the two exports there must be one
 * `up`, since each subscription keeps only its last renewal.
 */
export function upRenewals(before: StackExport, after: StackExport): UpRenewal[] {
  const known = new Set(recorded(before, "--before").map(key));
  return recorded(after, "the state after up")
    .filter((renewal) => !known.has(key(renewal)))
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId));
}

export function upTotals(renewals: UpRenewal[]): UpTotals {
  const cents = new Map<string, number>();
  for (const { currency, amount } of renewals)
    if (amount !== undefined) cents.set(currency, (cents.get(currency) ?? 0) + toCents(amount));
  const unknown = renewals.filter((r) => r.amount === undefined);
  return {
    phones: new Set(renewals.map((r) => r.phoneId)).size,
    orders: new Set(renewals.map((r) => r.orderId)).size,
    amounts: [...cents.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, total]) => ({ currency, amount: formatCents(total) })),
    unknownAmounts: {
      phones: new Set(unknown.map((r) => r.phoneId)).size,
      orders: [...new Set(unknown.map((r) => r.orderId))].sort(),
    },
  };
}
