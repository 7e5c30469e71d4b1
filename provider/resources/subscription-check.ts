import type * as pulumi from "@pulumi/pulumi";
import type { DateTime } from "luxon";
import { messageOf } from "../error-message";
import { unmanageableReason } from "../phone-state";
import { plannedRenewalDay } from "../planner/account-renewal-day";
import { likelyNext } from "../check-quotes";
import type { SubscriptionResource } from "../client";
import { PlanError, planRenewal } from "../planner/plan";
import { PlannedRenewal, plannedRenewal, planInputOf } from "../planner/planned-renewal";
import {
  checkSubscriptionArgs,
  EffectiveSettings,
  effectiveSettings,
  subscriptionSettings,
} from "../planner/settings";
import type { LedgerDecision } from "../run-ledger";
import type { Runtime } from "../runtime";
import type { SubscriptionInputs } from "./subscription-state";

type RawInputs = Record<string, unknown>;

/**
 * Validates the arguments, finds the phone in the account listing and plans: the inputs it returns carry the
 * settings (flat, the policy's merged in), the expiry it saw and, only for a phone that `up` will renew, the
 * renewal. So `pulumi preview --diff` shows a renewal for exactly the phones to be paid for.
 */
export async function checkSubscription(
  runtime: Runtime,
  news: RawInputs,
): Promise<pulumi.dynamic.CheckResult<SubscriptionInputs>> {
  const outcome = checkSubscriptionArgs(news);
  const raw = news as SubscriptionInputs; // handed back as given when it cannot be checked yet
  if (outcome.failures.length > 0) return { inputs: raw, failures: outcome.failures };
  if (outcome.value === undefined) return { inputs: raw }; // some input is still unknown (preview)
  const settings = subscriptionSettings(outcome.value);
  const { phoneId } = settings;
  const phone = await runtime.batches.phoneForPlanning(phoneId).catch((error: unknown) => {
    throw new Error(
      `phone ${phoneId}: cannot read its subscription to plan the renewal: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  });
  const reason = unmanageableReason(phone);
  if (phone === undefined || reason !== undefined) {
    return { inputs: raw, failures: [{ property: "phoneId", reason: `phoneId: "${phoneId}" ${reason}` }] };
  }
  const now = runtime.now();
  runtime.rememberSeen(phone, now);
  const accountDay = runtime.configuration.renewalDay;
  const day = plannedRenewalDay(settings.renewalDay, accountDay);
  let renewal: PlannedRenewal | undefined;
  const effective = effectiveSettings(settings, accountDay);
  try {
    renewal = plannedRenewal(planInputOf(phoneId, phone.expire_time, now, effective), day);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    return { inputs: raw, failures: [{ property: "period", reason: `period: ${error.message}` }] };
  }
  if (renewal !== undefined && (await ledgerDecision(runtime, phone, effective, now)) === "defer")
    renewal = undefined;
  if (renewal !== undefined && day === "unknown") await warnDayUnknown(runtime, phoneId);
  return { inputs: { ...settings, expireTime: phone.expire_time, ...(renewal ? { renewal } : {}) } };
}

/**
 * Counts the due phone's renewal in the run's ledger at its renew-rate quote (the price the money guard checks at
 * up): "defer" when the run's cap leaves it for a later run; rejects when the account cannot pay the run.
 */
async function ledgerDecision(
  runtime: Runtime,
  phone: SubscriptionResource,
  settings: EffectiveSettings,
  now: DateTime,
): Promise<LedgerDecision> {
  if (!runtime.ledger.active) return "renew";
  const plan = planRenewal(planInputOf(phone.resource_id, phone.expire_time, now, settings));
  if (plan === undefined) return "renew";
  const wanted = { phoneId: phone.resource_id, plan };
  const companions = runtime.quotes.has(wanted)
    ? []
    : likelyNext(await runtime.listingByExpiry(), wanted, now, settings, (phoneId) =>
        runtime.quotes.hasPhone(phoneId),
      );
  const quote = await runtime.quotes.quote(wanted, companions).catch((error: unknown) => {
    throw new Error(
      `phone ${phone.resource_id}: cannot price its renewal for the run's budget: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  });
  const ahead = runtime.ledger.capped
    ? await runtime.capOrder.aheadCents(
        await runtime.listingByExpiry(),
        { phoneId: phone.resource_id, expireTime: phone.expire_time },
        now,
        settings,
      )
    : 0;
  return runtime.ledger.admit(phone.resource_id, quote, ahead);
}

/**
 * Once per runtime, in the engine's output: a plan made without the account's renewal day may be short, since
 * Billing Center lines every renewal up with the day when the account has one and charges the extra days.
 */
function warnDayUnknown(runtime: Runtime, phoneId: string): Promise<void> {
  return runtime.warnOnce(
    "renewal day unknown",
    `${phoneId} and any other phone planned without a RenewalPolicy show renewal.renewalDay ` +
      `"unknown": the account's renewal day is not stated, so the preview assumes none. If Billing Center has ` +
      `one, up renews to that day and charges the extra days pro rata: the renewal shown may be shorter and ` +
      `cheaper than the one paid. Set koophone:renewalDay to the account's day (1-28, "last", or "none").`,
  );
}
