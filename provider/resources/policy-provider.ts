import type * as pulumi from "@pulumi/pulumi";
import { renewalDayConfigValue } from "../planner/renewal-day";
import { checkRenewalPolicyInputs, RenewalPolicyInputs } from "../planner/settings";
import { currentSession } from "../runtime-config";

type Props = Record<string, unknown>;

/** Inputs that are account configuration in Billing Center; the rest are fleet defaults kept in state only. */
const ACCOUNT_KEYS = ["renewalDay", "deductionDaysBeforeExpiry"] as const;
const DEFAULT_KEYS = ["period", "renewBefore", "mode", "autoPay", "maxOrderAmount"] as const;

async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const outcome = checkRenewalPolicyInputs(news);
  return outcome.failures.length > 0 ? { inputs: news, failures: outcome.failures } : { inputs: news };
}

async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const changed = [...ACCOUNT_KEYS, ...DEFAULT_KEYS].some(
    (key) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null),
  );
  return { changes: changed };
}

function parsed(props: Props): RenewalPolicyInputs {
  const outcome = checkRenewalPolicyInputs(props);
  if (outcome.value === undefined) {
    throw new Error(`invalid inputs: ${outcome.failures.map((f) => f.reason).join("; ")}`);
  }
  return outcome.value;
}

/** Sets the account's renewal configuration; only what changed is sent. */
async function applyAccountConfig(inputs: RenewalPolicyInputs, previous: Props): Promise<void> {
  const client = currentSession().client;
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

function outputsOf(news: Props): Props {
  return Object.fromEntries(
    [...ACCOUNT_KEYS, ...DEFAULT_KEYS].filter((k) => k in news).map((k) => [k, news[k]]),
  );
}

async function create(news: Props): Promise<pulumi.dynamic.CreateResult> {
  await applyAccountConfig(parsed(news), {});
  const domain = currentSession().configuration.domainId;
  return { id: domain ? `renewal-policy-${domain}` : "renewal-policy", outs: outputsOf(news) };
}

async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  await applyAccountConfig(parsed(news), olds);
  return { outs: outputsOf(news) };
}

/** Billing Center has no read API for the renewal configuration: what was applied is what is reported. */
async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return { id, props, inputs: outputsOf(props) };
}

/** There is no "unset" in Billing Center: deleting the policy leaves the account configuration as it is. */
async function remove(): Promise<void> {}

export const policyProvider = { check, diff, create, update, read, delete: remove };
