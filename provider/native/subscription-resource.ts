// koophone:index:Subscription: the dynamic door's subscription provider (same check, plan, converge, read and
// delete), with the native door's shape of the recorded inputs, a detailed diff, and reads for `pulumi import`.
import { containsUnknown, DEFAULT_SETTINGS } from "../planner/settings";
import type { Providers } from "../providers";
import type { SubscriptionInputs, SubscriptionOutputs } from "../resources/subscription-state";
import type { DiffKind, NativeResource } from "./lifecycle";
import type { Properties } from "./struct-values";

type Shared = Providers["subscription"];

/**
 * The inputs the native door records. The engine shows a property's change from the recorded output to the new
 * input, so `expireTime` is the expiry the phone will have after `up` (the planned renewal's end when one is due),
 * and `mode` and `onDelete` the values it runs with. The expiry the check saw stays in the renewal's `from`.
 */
function nativeInputs(inputs: SubscriptionInputs): SubscriptionInputs {
  if (inputs.expireTime === undefined) return inputs; // not checked yet: some input is unknown (preview)
  return {
    ...inputs,
    mode: inputs.mode ?? DEFAULT_SETTINGS.mode,
    onDelete: inputs.onDelete ?? DEFAULT_SETTINGS.onDelete,
    expireTime: inputs.renewal?.to ?? inputs.expireTime,
  };
}

/** The native inputs in the dynamic door's shape: `expireTime` as the check saw it. */
function sharedInputs(inputs: Properties): SubscriptionInputs {
  const native = inputs as SubscriptionInputs;
  return { ...native, expireTime: native.renewal?.from ?? native.expireTime };
}

/** What changes, property by property: the renewal (expireTime and the planned renewal), the mode, onDelete. */
function detailedDiff(
  olds: Partial<SubscriptionOutputs>,
  news: SubscriptionInputs,
): Record<string, DiffKind> {
  const detailed: Record<string, DiffKind> = {};
  if (olds.phoneId !== news.phoneId) detailed.phoneId = "updateReplace";
  if (news.expireTime !== olds.expireTime) detailed.expireTime = "update";
  if (news.renewal !== undefined) detailed.renewal = "add";
  if (news.mode !== olds.mode) detailed.mode = "update";
  if (news.onDelete !== olds.onDelete) detailed.onDelete = "update";
  return detailed;
}

export function subscriptionResource(shared: Shared): NativeResource {
  return {
    async check(news) {
      const checked = await shared.check({}, news);
      const inputs = nativeInputs((checked.inputs ?? news) as SubscriptionInputs);
      return { inputs, ...(checked.failures ? { failures: [...checked.failures] } : {}) };
    },

    async diff(id, olds, news) {
      const result = await shared.diff(id, olds, sharedInputs(news));
      if (containsUnknown(news)) return result;
      return { ...result, detailedDiff: detailedDiff(olds, news as SubscriptionInputs) };
    },

    async create(inputs) {
      const created = await shared.create(sharedInputs(inputs));
      return { id: created.id, outs: created.outs ?? {} };
    },

    async update(id, olds, news) {
      return { outs: (await shared.update(id, olds, sharedInputs(news))).outs ?? {} };
    },

    /**
     * A refresh (recorded outputs given) reads the phone and keeps the recorded inputs. An import (nothing
     * recorded) also hands back the inputs a program declares for the phone: its id and the mode it is in, so
     * that adopting it changes nothing. Reading never orders or changes anything in Billing Center.
     */
    async read(id, props) {
      const read = await shared.read(id, props);
      if (read.id === undefined || Object.keys(props).length > 0) return read;
      const outputs = read.props as SubscriptionOutputs;
      return { ...read, inputs: { phoneId: outputs.phoneId, mode: outputs.mode } };
    },

    delete: (id, props) => shared.delete(id, props),
  };
}
