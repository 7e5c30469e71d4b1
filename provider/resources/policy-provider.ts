import type * as pulumi from "@pulumi/pulumi";
import { renewalDayConfigValue } from "../planner/renewal-day";
import { checkRenewalPolicyInputs } from "../planner/settings";
import type { Runtime } from "../runtime";
import type { PolicyInputs, PolicyOutputs } from "./policy-state";

async function checkInputs(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<PolicyInputs>> {
  const outcome = checkRenewalPolicyInputs(news);
  if (outcome.failures.length > 0) return { inputs: news as PolicyInputs, failures: outcome.failures };
  // The checked value, or the raw inputs while some are still unknown (preview).
  return { inputs: outcome.value ?? (news as PolicyInputs) };
}

/** The outputs are the inputs: any difference in them is a change. */
async function diff(
  _id: string,
  olds: PolicyOutputs,
  news: PolicyInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return { changes: JSON.stringify(withoutProvider(olds)) !== JSON.stringify(withoutProvider(news)) };
}

function withoutProvider(props: PolicyInputs): Record<string, unknown> {
  const { __provider: _serialized, ...rest } = props as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}

/** Sets the account's renewal configuration; only what changed is sent. */
async function applyAccountConfig(
  runtime: Runtime,
  inputs: PolicyInputs,
  previous: Partial<PolicyOutputs>,
): Promise<void> {
  const { client } = runtime;
  if (inputs.renewalDay !== previous.renewalDay) {
    await client.setRenewConfig({
      config_name: "EXPIRE_DATE",
      config_value: renewalDayConfigValue(inputs.renewalDay),
    });
  }
  const deduction = inputs.deductionDaysBeforeExpiry;
  if (deduction !== undefined && deduction !== previous.deductionDaysBeforeExpiry) {
    await client.setRenewConfig({ config_name: "DEDUCTION_DATE", config_value: String(deduction) });
  }
}

/**
 * Billing Center has no read API for the renewal configuration: what was applied is what is reported, and the
 * engine keeps the recorded inputs.
 */
async function read(id: string, props?: PolicyOutputs): Promise<pulumi.dynamic.ReadResult<PolicyOutputs>> {
  return { id, props };
}

/** There is no "unset" in Billing Center: deleting the policy leaves the account configuration as it is. */
async function remove(): Promise<void> {}

/** A RenewalPolicy's provider over one runtime, made when a method first needs it. */
export function policyProvider(runtimeOf: () => Runtime) {
  async function create(inputs: PolicyInputs): Promise<pulumi.dynamic.CreateResult<PolicyOutputs>> {
    const runtime = runtimeOf();
    await applyAccountConfig(runtime, inputs, {});
    const domain = runtime.configuration.domainId;
    return { id: domain ? `renewal-policy-${domain}` : "renewal-policy", outs: inputs };
  }

  async function update(
    _id: string,
    olds: PolicyOutputs,
    news: PolicyInputs,
  ): Promise<pulumi.dynamic.UpdateResult<PolicyOutputs>> {
    await applyAccountConfig(runtimeOf(), news, olds);
    return { outs: news };
  }

  /**
   * Also starts the account listing that the subscriptions' checks plan from: a program registers its policy
   * first and then lists or builds its fleet, so the listing (100 pages at 10,000 phones, 10 s at the rate limit)
   * runs meanwhile instead of holding the first subscription's check.
   */
  async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.CheckResult<PolicyInputs>> {
    try {
      runtimeOf().batches.startListing();
    } catch {
      // A configuration the runtime cannot use: every subscription's check and this policy's create report it.
    }
    return checkInputs(olds, news);
  }

  return {
    check,
    diff,
    create,
    update,
    read,
    delete: remove,
  } satisfies pulumi.dynamic.ResourceProvider<PolicyInputs, PolicyOutputs>;
}
