// koophone:index:RenewalPolicy: the dynamic door's policy provider (same checks, same account configuration), with
// the `defaults` its phones take as their `policy` input, and a detailed diff.
import { containsUnknown } from "../planner/settings";
import type { Providers } from "../providers";
import type { PolicyInputs } from "../resources/policy-state";
import { differingProperties, NativeResource } from "./lifecycle";
import type { Properties } from "./struct-values";

type Shared = Providers["policy"];

/**
 * The policy's inputs with `defaults` (what a phone inherits: every setting but the account's deduction day). Made
 * at check, so that the engine records it as an input and a preview, whose outputs are the inputs, knows it too:
 * the phones' checks then plan with the policy on a first preview as well.
 */
function withDefaults(inputs: Properties): Properties {
  const { deductionDaysBeforeExpiry: _accountOnly, defaults: _previous, ...defaults } = inputs;
  return { ...inputs, defaults };
}

/** The inputs without `defaults`, as the dynamic door's policy provider takes them. */
function sharedInputs(inputs: Properties): PolicyInputs {
  const { defaults: _derived, ...rest } = inputs;
  return rest as PolicyInputs;
}

export function policyResource(shared: Shared): NativeResource {
  return {
    async check(news) {
      const checked = await shared.check({}, news);
      const inputs = checked.inputs as Properties;
      if (checked.failures && checked.failures.length > 0) return { inputs, failures: [...checked.failures] };
      return { inputs: withDefaults(inputs) };
    },

    async diff(id, olds, news) {
      const result = await shared.diff(id, sharedInputs(olds), sharedInputs(news));
      if (containsUnknown(news)) return result;
      return { ...result, detailedDiff: differingProperties(sharedInputs(olds), sharedInputs(news)) };
    },

    async create(inputs) {
      const created = await shared.create(sharedInputs(inputs));
      return { id: created.id, outs: withDefaults(created.outs ?? {}) };
    },

    async update(id, olds, news) {
      const updated = await shared.update(id, sharedInputs(olds), sharedInputs(news));
      return { outs: withDefaults(updated.outs ?? {}) };
    },

    /**
     * Billing Center has no read API for the account's configuration: a refresh reports what was applied, and
     * there is nothing to import.
     */
    async read(id, props) {
      if (Object.keys(props).length === 0) {
        throw new Error(
          "a RenewalPolicy cannot be imported: Billing Center has no API that reads the account's renewal " +
            "configuration. Declare the policy instead: its create applies it.",
        );
      }
      const read = await shared.read(id, sharedInputs(props));
      return read.props === undefined ? { id: read.id } : { id: read.id, props: withDefaults(read.props) };
    },

    /** Billing Center has no "unset": deleting the policy leaves the account configuration as it is. */
    delete: () => shared.delete(),
  };
}
