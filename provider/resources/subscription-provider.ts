import type * as pulumi from "@pulumi/pulumi";
import { releaseToManual } from "../modes";
import { modeOf } from "../phone-state";
import { containsUnknown, effectiveSettings } from "../planner/settings";
import { currentSession } from "../runtime-config";
import { PROVIDER_KEY } from "./provider-key";
import { checkSubscription } from "./subscription-check";
import { converge, outputsOf, renewalSince } from "./subscription-converge";
import { OUTPUT_KEYS, SubscriptionInputs, SubscriptionOutputs } from "./subscription-state";

/** Outputs as recorded, perhaps by an earlier version of the provider. */
type RecordedOutputs = Partial<SubscriptionOutputs> & Record<string, unknown>;

/**
 * A change is: a renewal to place, a mode to set, a recorded expiry that Billing Center no longer shows (the state
 * is stale), a new `onDelete`, or state in an older shape. Anything else (a setting that changes no plan) shows no
 * change; the engine still records the new inputs.
 */
async function diff(
  _id: string,
  olds: RecordedOutputs,
  news: SubscriptionInputs,
): Promise<pulumi.dynamic.DiffResult> {
  if (olds.phoneId !== news.phoneId)
    return { changes: true, replaces: ["phoneId"], deleteBeforeReplace: true };
  if (containsUnknown(news)) return { changes: true };
  const settings = effectiveSettings(news, currentSession().configuration.renewalDay);
  const olderShape = Object.keys(olds).some((key) => key !== PROVIDER_KEY && !OUTPUT_KEYS.has(key));
  return {
    changes:
      news.renewal !== undefined ||
      settings.mode !== olds.mode ||
      news.expireTime !== olds.expireTime ||
      settings.onDelete !== olds.onDelete ||
      olderShape,
  };
}

async function create(inputs: SubscriptionInputs): Promise<pulumi.dynamic.CreateResult<SubscriptionOutputs>> {
  return { id: inputs.phoneId, outs: await converge(inputs, {}) };
}

async function update(
  _id: string,
  olds: RecordedOutputs,
  news: SubscriptionInputs,
): Promise<pulumi.dynamic.UpdateResult<SubscriptionOutputs>> {
  return { outs: await converge(news, olds) };
}

/**
 * Refresh: the phone as Billing Center has it now, with the order that moved its expiry when it moved. The
 * inputs are not returned, so the engine keeps the recorded ones.
 */
async function read(
  id: string,
  props: RecordedOutputs = {},
): Promise<pulumi.dynamic.ReadResult<SubscriptionOutputs>> {
  const session = currentSession();
  const phone = await session.readPhone(id);
  if (phone === undefined) return {};
  const seen = { phone, seenAt: session.now() };
  const found = await renewalSince(session, props, seen);
  const recorded = { phoneId: id, onDelete: props.onDelete };
  return { id, props: outputsOf(recorded, seen, found ?? props.lastRenewal) };
}

/** Nothing ever unsubscribes a phone: "retain" touches nothing, "manual" turns renewal automation off. */
async function remove(id: string, props: RecordedOutputs): Promise<void> {
  if (props.onDelete !== "manual") return;
  const session = currentSession();
  const phone = await session.readPhone(id);
  if (phone === undefined) return;
  await releaseToManual(session.client, id, modeOf(phone.expire_policy));
}

export const subscriptionProvider = {
  check: (_olds: Record<string, unknown>, news: Record<string, unknown>) => checkSubscription(news),
  diff,
  create,
  update,
  read,
  delete: remove,
} satisfies pulumi.dynamic.ResourceProvider<SubscriptionInputs, SubscriptionOutputs>;
