import { DateTime } from "luxon";
import type { SubscriptionResource } from "../client";
import { applyMode } from "../modes";
import { phoneState, unmanageableReason } from "../phone-state";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { DEFAULT_SETTINGS, effectiveSettings, EffectiveSettings } from "../planner/settings";
import { findLastRenewals, LastRenewal, PaidRenewalError, renewIfDue } from "../renewal";
import { currentSession } from "../runtime-config";
import type { Session } from "../session";
import { PartialFailure } from "./partial-failure";
import { recentRenewalsOf } from "./recent-renewals";
import { SeenPhone, takeSeen } from "./seen-phones";
import type { SubscriptionInputs, SubscriptionOutputs } from "./subscription-state";

// An order is placed after the phone was read; the margin covers the one-second resolution of the billing clock.
const ORDER_SEARCH_MARGIN = { minutes: 1 };

// State written before `seenAt` was recorded: a moved expiry is explained by the orders of the last month.
const LEGACY_LOOKBACK = { days: 31 };

/**
 * Brings the phone to what its inputs ask and says what it is now. A phone due at check is renewed when still due
 * (planned from the check's listing) and read after; a phone not due is recorded as the listing showed it, with no
 * read. When the expiry moved past the recorded one (renewed by a run that crashed, or elsewhere), the order that
 * moved it is looked up. Once anything was done or learnt, a failure is a partial failure that records it.
 */
export async function converge(
  inputs: SubscriptionInputs,
  previous: Partial<SubscriptionOutputs>,
): Promise<SubscriptionOutputs> {
  const session = currentSession();
  const settings = effectiveSettings(inputs, session.configuration.renewalDay);
  const phoneId = inputs.phoneId;
  const listed = takeSeen(phoneId);
  if (inputs.renewal === undefined) {
    const seen = listed ?? (await readManageable(session, phoneId));
    return settle(session, inputs, settings, seen, await renewalOfRecord(session, previous, seen), previous);
  }
  // Planned from the check's listing when this process made it: the read after ordering guards against a renewal
  // made meanwhile (renewal/order-renewals.ts), so a second read before ordering would only cost a call.
  const before = listed ?? (await readManageable(session, phoneId));
  let renewal: LastRenewal | undefined;
  try {
    renewal = await renewIfDue(session, before.phone, settings);
  } catch (error) {
    if (!(error instanceof PaidRenewalError)) throw error;
    const found = await renewalSince(session, {}, before, orderSearchStart(before)).catch(() => undefined);
    const outputs = outputsOf(inputs, afterRenewal(before, found), found ?? previous.lastRenewal);
    throw new PartialFailure(phoneId, outputs, inputs, [`${phoneId}: ${error.message}`]);
  }
  if (renewal === undefined) {
    // Due at check, and yet nothing was ordered: renewed meanwhile, so the listing's expiry is out of date.
    const now = listed === undefined ? before : await readManageable(session, phoneId);
    return settle(session, inputs, settings, now, await renewalOfRecord(session, previous, now), previous);
  }
  const paid = renewal;
  const after = await readManageable(session, phoneId).catch((error: unknown) => {
    const outputs = outputsOf(inputs, afterRenewal(before, paid), paid);
    throw new PartialFailure(phoneId, outputs, inputs, [
      `${phoneId} was renewed by order ${paid.orderId} (to ${paid.to}), but reading it afterwards failed: ` +
        `${messageOf(error)}. The renewal is recorded; run pulumi refresh to read the phone again.`,
    ]);
  });
  return settle(session, inputs, settings, after, endAsRead(paid, before, after), previous);
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
async function settle(
  session: Session,
  inputs: SubscriptionInputs,
  settings: EffectiveSettings,
  seen: SeenPhone,
  renewal: LastRenewal | undefined,
  previous: Partial<SubscriptionOutputs>,
): Promise<SubscriptionOutputs> {
  const recorded = outputsOf(inputs, seen, renewal ?? previous.lastRenewal);
  try {
    await applyMode(session.client, inputs.phoneId, recorded.mode, settings.mode, settings.period.unit);
  } catch (error) {
    const done = renewal ? `renewed by order ${renewal.orderId} (to ${renewal.to}), but ` : "";
    throw new PartialFailure(inputs.phoneId, recorded, inputs, [
      `${inputs.phoneId} was ${done}not moved from mode ${recorded.mode} to ${settings.mode}: ${messageOf(error)}`,
    ]);
  }
  return { ...recorded, mode: settings.mode };
}

/**
 * The renewal to record for a phone that was not renewed now: the one that moved its expiry past the recorded one;
 * for a phone with no record (a create), the recent order that gave its expiry, as when an up was killed after
 * paying for phones it never recorded. That lookup failing does not fail the create: the expiry recorded is what
 * Billing Center showed either way, and a create that cannot tell which order renewed the phone records none.
 */
async function renewalOfRecord(
  session: Session,
  previous: Partial<SubscriptionOutputs>,
  seen: SeenPhone,
): Promise<LastRenewal | undefined> {
  if (previous.expireTime !== undefined) return renewalSince(session, previous, seen);
  return recentRenewalsOf(session)
    .renewalOf(seen)
    .catch(() => undefined);
}

/**
 * The renewal that moved the phone's expiry past the recorded one, from Billing Center's orders since the phone
 * was last read; undefined when the expiry did not move (or no order explains it). A create has no record.
 */
export async function renewalSince(
  session: Session,
  previous: Partial<SubscriptionOutputs>,
  seen: SeenPhone,
  since?: DateTime,
): Promise<LastRenewal | undefined> {
  const moved =
    since !== undefined ||
    (previous.expireTime !== undefined && seen.phone.expire_time > previous.expireTime);
  if (!moved) return undefined;
  const from = since ?? previous.seenAt ?? seen.seenAt.minus(LEGACY_LOOKBACK);
  const found = await findLastRenewals(session, [seen.phone.resource_id], from);
  return found.get(seen.phone.resource_id);
}

function orderSearchStart(seen: SeenPhone): DateTime {
  return seen.seenAt.minus(ORDER_SEARCH_MARGIN);
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

export async function readManageable(session: Session, phoneId: string): Promise<SeenPhone> {
  const phone: SubscriptionResource | undefined = await session.readPhone(phoneId);
  const reason = unmanageableReason(phone);
  if (phone === undefined || reason !== undefined) throw new Error(`phone ${phoneId} ${reason}`);
  return { phone, seenAt: session.now() };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
