import type * as pulumi from "@pulumi/pulumi";
import { releaseToManual } from "../modes";
import { modeOf } from "../phone-state";
import { containsUnknown, effectiveSettings } from "../planner/settings";
import type { Runtime } from "../runtime";
import { PROVIDER_KEY } from "./provider-key";
import { checkSubscription } from "./subscription-check";
import { converge, outputsOf, recordedRenewal } from "./subscription-converge";
import { OUTPUT_KEYS, SubscriptionInputs, SubscriptionOutputs } from "./subscription-state";

/** Outputs as recorded, perhaps by an earlier version of the provider. */
type RecordedOutputs = Partial<SubscriptionOutputs> & Record<string, unknown>;

/**
 * A KooPhoneSubscription's provider over one runtime, made when a method first needs it (a configuration error is
 * then that method's failure, shown under the resource).
 */
export function subscriptionProvider(runtimeOf: () => Runtime) {
  /**
   * A change is: a renewal to place, a mode to set, a recorded expiry that Billing Center no longer shows (the
   * state is stale), a new `onDelete`, or state in an older shape. Anything else (a setting that changes no plan)
   * shows no change; the engine still records the new inputs.
   */
  async function diff(
    _id: string,
    olds: RecordedOutputs,
    news: SubscriptionInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    if (olds.phoneId !== news.phoneId)
      return { changes: true, replaces: ["phoneId"], deleteBeforeReplace: true };
    if (containsUnknown(news)) return { changes: true };
    const settings = effectiveSettings(news, runtimeOf().configuration.renewalDay);
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

  async function create(
    inputs: SubscriptionInputs,
  ): Promise<pulumi.dynamic.CreateResult<SubscriptionOutputs>> {
    return { id: inputs.phoneId, outs: await converge(runtimeOf(), inputs, {}) };
  }

  async function update(
    _id: string,
    olds: RecordedOutputs,
    news: SubscriptionInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SubscriptionOutputs>> {
    return { outs: await converge(runtimeOf(), news, olds) };
  }

  /**
   * Refresh: the phone as Billing Center has it now, with the order that gave it its expiry when that moved. The
   * inputs are not returned, so the engine keeps the recorded ones.
   */
  async function read(
    id: string,
    props: RecordedOutputs = {},
  ): Promise<pulumi.dynamic.ReadResult<SubscriptionOutputs>> {
    const runtime = runtimeOf();
    const phone = await runtime.batches.readPhone(id);
    if (phone === undefined) return {};
    const seen = { phone, seenAt: runtime.now() };
    // A refresh is a run of its own: its one listing of paid orders already holds every order before it.
    const renewal = await recordedRenewal(runtime, props, seen);
    return { id, props: outputsOf({ phoneId: id, onDelete: props.onDelete }, seen, renewal) };
  }

  /** Nothing ever unsubscribes a phone: "retain" touches nothing, "manual" turns renewal automation off. */
  async function remove(id: string, props: RecordedOutputs): Promise<void> {
    if (props.onDelete !== "manual") return;
    const runtime = runtimeOf();
    const phone = await runtime.batches.readPhone(id);
    if (phone === undefined) return;
    await releaseToManual(runtime.client, id, modeOf(phone.expire_policy));
  }

  return {
    check: (_olds: Record<string, unknown>, news: Record<string, unknown>) =>
      checkSubscription(runtimeOf(), news),
    diff,
    create,
    update,
    read,
    delete: remove,
  } satisfies pulumi.dynamic.ResourceProvider<SubscriptionInputs, SubscriptionOutputs>;
}
