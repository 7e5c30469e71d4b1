import type { DateTime } from "luxon";
import type { SubscriptionResource } from "../client";
import { messageOf } from "../error-message";
import { applyMode } from "../modes";
import { phoneState, unmanageableReason } from "../phone-state";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { DEFAULT_SETTINGS, effectiveSettings, EffectiveSettings } from "../planner/settings";
import { LastRenewal, LOOKBACK, PaidRenewalError, renewIfDue } from "../renewal";
import type { Runtime, SeenPhone } from "../runtime";
import { PartialFailure } from "./partial-failure";
import type { SubscriptionInputs, SubscriptionOutputs } from "./subscription-state";

// An order is placed after the phone was read; the margin covers the one-second resolution of the billing clock.
const ORDER_SEARCH_MARGIN = { minutes: 1 };

/**
 * Brings the phone to what its inputs ask and says what it is now. A phone due at check is renewed as planned (the
 * `renewal` input the preview showed) and read after; a phone not due is recorded as the listing showed it, with no
 * read. Whatever path, the recorded `lastRenewal` is the renewal that gave the phone its expiry: when the expiry
 * moved past the record (renewed by a run that crashed, or elsewhere), the order history says which order did it.
 * Once anything was done or learnt, a failure is a partial failure that records it.
 */
export async function converge(
  runtime: Runtime,
  inputs: SubscriptionInputs,
  previous: Partial<SubscriptionOutputs>,
): Promise<SubscriptionOutputs> {
  const settings = effectiveSettings(inputs, runtime.configuration.renewalDay);
  const phoneId = inputs.phoneId;
  const listed = runtime.takeSeen(phoneId);
  if (inputs.renewal === undefined) {
    const seen = listed ?? (await readManageable(runtime, phoneId));
    return recordInMode(
      runtime,
      inputs,
      settings,
      seen,
      await recordedRenewal(runtime, previous, seen),
      previous,
    );
  }
  // Planned from the check's listing when this runtime made it: the read after ordering guards against a renewal
  // made meanwhile (renewal/order-renewals.ts), so a second read before ordering would only cost a call.
  const before = listed ?? (await readManageable(runtime, phoneId));
  let renewal: LastRenewal | undefined;
  try {
    renewal = await renewIfDue(runtime.batches, before.phone, settings, inputs.renewal);
  } catch (error) {
    if (!(error instanceof PaidRenewalError)) throw error;
    const found = await renewalAfterFailure(runtime, before).catch(() => undefined);
    const outputs = outputsOf(inputs, afterRenewal(before, found), found);
    throw new PartialFailure(phoneId, outputs, inputs, [`${phoneId}: ${error.message}`]);
  }
  if (renewal === undefined) {
    // Due at check, and yet nothing was ordered: renewed meanwhile, so the listing's expiry is out of date.
    const now = listed === undefined ? before : await readManageable(runtime, phoneId);
    const found = await recordedRenewal(runtime, previous, now, { fresh: true });
    return recordInMode(runtime, inputs, settings, now, found, previous);
  }
  const paid = renewal;
  const after = await readManageable(runtime, phoneId).catch((error: unknown) => {
    const outputs = outputsOf(inputs, afterRenewal(before, paid), paid);
    throw new PartialFailure(phoneId, outputs, inputs, [
      `${phoneId} was renewed by order ${paid.orderId} (to ${paid.to}), but reading it afterwards failed: ` +
        `${messageOf(error)}. The renewal is recorded; run pulumi refresh to read the phone again.`,
    ]);
  });
  return recordInMode(runtime, inputs, settings, after, endAsRead(paid, before, after), previous);
}

/**
 * The renewal with the end the phone shows once it is paid. An order described by its quote (renewal/renewed.ts)
 * gives the planned end, which misses the days Billing Center adds up to a renewal day the plan did not know.
 */
function endAsRead(renewal: LastRenewal, before: SeenPhone, after: SeenPhone): LastRenewal {
  const end = after.phone.expire_time;
  const moved = parseApiTime(end).toMillis() > parseApiTime(before.phone.expire_time).toMillis();
  return moved && end !== renewal.to ? { ...renewal, to: end } : renewal;
}

/** Moves the phone to its mode; on failure, records what is known of the phone and its renewal. */
async function recordInMode(
  runtime: Runtime,
  inputs: SubscriptionInputs,
  settings: EffectiveSettings,
  seen: SeenPhone,
  renewal: LastRenewal | undefined,
  previous: Partial<SubscriptionOutputs>,
): Promise<SubscriptionOutputs> {
  const recorded = outputsOf(inputs, seen, renewal);
  try {
    await applyMode(runtime.client, inputs.phoneId, recorded.mode, settings.mode, settings.period.unit);
  } catch (error) {
    const done =
      renewal && renewal !== previous.lastRenewal
        ? `renewed by order ${renewal.orderId} (to ${renewal.to}), but `
        : "";
    throw new PartialFailure(inputs.phoneId, recorded, inputs, [
      `${inputs.phoneId} was ${done}not moved from mode ${recorded.mode} to ${settings.mode}: ${messageOf(error)}`,
    ]);
  }
  return { ...recorded, mode: settings.mode };
}

/**
 * The renewal to record for a phone that this call did not renew: the recorded one while it still ends at the
 * phone's expiry (or the expiry did not move); otherwise the one the order history finds, from the orders paid
 * since the phone was last read (a month back for a phone with no record: a create after an interrupted up), or
 * none: a record never names an order that did not give the phone its expiry. For a create, a failing lookup records
 * no renewal (the expiry recorded is what Billing Center showed either way); for an update it fails the update, which
 * keeps the record as it was for the next run.
 */
export async function recordedRenewal(
  runtime: Runtime,
  previous: Partial<SubscriptionOutputs>,
  seen: SeenPhone,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<LastRenewal | undefined> {
  const expiry = seen.phone.expire_time;
  const last = previous.lastRenewal;
  if (last !== undefined && sameInstant(last.to, expiry)) return last;
  if (previous.expireTime !== undefined && sameInstant(previous.expireTime, expiry)) return last;
  const since =
    previous.seenAt !== undefined
      ? parseApiTime(previous.seenAt).minus(ORDER_SEARCH_MARGIN)
      : seen.seenAt.minus(LOOKBACK);
  const lookup = runtime.history.lastRenewal(seen, { since, from: previous.expireTime, fresh });
  return previous.expireTime === undefined ? lookup.catch(() => undefined) : lookup;
}

/** After a payment whose renewal could not be told in full: the phone read again, and the order that renewed it. */
async function renewalAfterFailure(runtime: Runtime, before: SeenPhone): Promise<LastRenewal | undefined> {
  const now = await readManageable(runtime, before.phone.resource_id);
  const since: DateTime = before.seenAt.minus(ORDER_SEARCH_MARGIN);
  return runtime.history.lastRenewal(now, { since, from: before.phone.expire_time, fresh: true });
}

function sameInstant(a: string, b: string): boolean {
  return a === b || parseApiTime(a).toMillis() === parseApiTime(b).toMillis();
}

/** The phone after a renewal that could not be read back: what the renewal's order says it reaches. */
function afterRenewal(before: SeenPhone, renewal: LastRenewal | undefined): SeenPhone {
  if (renewal === undefined) return before;
  return { ...before, phone: { ...before.phone, expire_time: renewal.to } };
}

export function outputsOf(
  inputs: Pick<SubscriptionInputs, "phoneId" | "onDelete">,
  seen: SeenPhone,
  lastRenewal: LastRenewal | undefined,
): SubscriptionOutputs {
  return {
    phoneId: inputs.phoneId,
    ...phoneState(seen.phone),
    seenAt: formatApiTime(seen.seenAt),
    onDelete: inputs.onDelete ?? DEFAULT_SETTINGS.onDelete,
    ...(lastRenewal ? { lastRenewal } : {}),
  };
}

export async function readManageable(runtime: Runtime, phoneId: string): Promise<SeenPhone> {
  const phone: SubscriptionResource | undefined = await runtime.batches.readPhone(phoneId);
  const reason = unmanageableReason(phone);
  if (phone === undefined || reason !== undefined) throw new Error(`phone ${phoneId} ${reason}`);
  return { phone, seenAt: runtime.now() };
}
