import * as pulumi from "@pulumi/pulumi";
import type { PolicyOutputs } from "../provider/resources/policy-state";
import policyProviderHandle from "./policy-provider-handle";
import type { PeriodArgs, RenewalDayArg, RenewalMode } from "./types";

export interface RenewalPolicyArgs {
  /** The account's standard renewal day (Billing Center `EXPIRE_DATE`): renewed phones expire on it. */
  renewalDay: pulumi.Input<RenewalDayArg>;
  /** Days before expiry that auto-renewal is charged, 2-7 (`DEDUCTION_DATE`); Billing Center's default is 7. */
  deductionDaysBeforeExpiry?: pulumi.Input<number>;
  /** Default renewal step for the phones that name this policy. Default 1 month. */
  period?: pulumi.Input<PeriodArgs>;
  /** Default paid time that must remain, an ISO-8601 duration. Default "P30D". */
  renewBefore?: pulumi.Input<string>;
  /** Default mode. Default "manual". */
  mode?: pulumi.Input<RenewalMode>;
  /** Default `autoPay`: phones that differ in it are ordered separately; every order is paid through PayOrders. */
  autoPay?: pulumi.Input<boolean>;
  /** Default money guard: the most one phone's renewal may cost (CNY). No limit when absent. */
  maxOrderAmount?: pulumi.Input<number>;
}

/**
 * The account's renewal configuration (one per account) and the defaults its subscriptions inherit. Deleting it
 * leaves the account configuration as it is (Billing Center has no "unset").
 */
export class RenewalPolicy extends pulumi.dynamic.Resource {
  declare readonly renewalDay: pulumi.Output<PolicyOutputs["renewalDay"]>;
  declare readonly deductionDaysBeforeExpiry: pulumi.Output<PolicyOutputs["deductionDaysBeforeExpiry"]>;
  declare readonly period: pulumi.Output<PolicyOutputs["period"]>;
  declare readonly renewBefore: pulumi.Output<PolicyOutputs["renewBefore"]>;
  declare readonly mode: pulumi.Output<PolicyOutputs["mode"]>;
  declare readonly autoPay: pulumi.Output<PolicyOutputs["autoPay"]>;
  declare readonly maxOrderAmount: pulumi.Output<PolicyOutputs["maxOrderAmount"]>;

  /**
   * The settings handed to subscriptions: the inputs as declared, known at preview. Each subscription's check
   * merges them under its own settings and records only the result, not this object.
   */
  readonly defaults: pulumi.Output<Omit<RenewalPolicyArgs, "deductionDaysBeforeExpiry">>;

  constructor(name: string, args: RenewalPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(policyProviderHandle, name, { ...args }, opts, "koophone", "RenewalPolicy");
    const { deductionDaysBeforeExpiry: _accountOnly, ...defaults } = args;
    this.defaults = pulumi.output(defaults);
  }
}
