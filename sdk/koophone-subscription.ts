import * as pulumi from "@pulumi/pulumi";
import { subscriptionProviderHandle } from "./provider-handles";
import { RenewalPolicy } from "./renewal-policy";
import { LastRenewal, PeriodArgs, RenewalMode } from "./types";

/** A phone's own settings; each one set here wins over its policy's. */
export interface SubscriptionSettings {
  /** The renewal step: each renewal orders the fewest multiples of it that restore coverage. */
  period?: pulumi.Input<PeriodArgs>;
  /** Paid time that must remain, an ISO-8601 duration ("P30D"); less than that and the phone is renewed. */
  renewBefore?: pulumi.Input<string>;
  /** The phone must be paid at least until this date (ISO-8601; a date without offset is read in UTC+8). */
  expireNotBefore?: pulumi.Input<string>;
  mode?: pulumi.Input<RenewalMode>;
  /** Pay at once from the balance (true) or pay the order through PayOrders (false). */
  autoPay?: pulumi.Input<boolean>;
  /** Money guard: the most this phone's renewal may cost (CNY); over it nothing of its batch is ordered. */
  maxOrderAmount?: pulumi.Input<number>;
  /** On delete: "retain" (default, touch nothing) or "manual" (auto-renew and pay-per-use off). */
  onDelete?: pulumi.Input<"retain" | "manual">;
}

export interface KooPhoneSubscriptionArgs extends SubscriptionSettings {
  /** The KooPhone instance id (used as the Billing Center resource id). The phone must exist and be yearly/monthly. */
  phoneId: pulumi.Input<string>;
  /** The policy whose defaults this phone inherits; its renewal day is applied before any renewal. */
  policy?: RenewalPolicy;
}

/**
 * Keeps one yearly/monthly KooPhone phone paid. Creating it adopts the phone (it never buys one); deleting it
 * never unsubscribes the phone.
 */
export class KooPhoneSubscription extends pulumi.dynamic.Resource {
  declare readonly phoneId: pulumi.Output<string>;
  /** The expiry the phone will have after `pulumi up`; changes in a preview only for phones to be renewed. */
  declare readonly targetExpireTime: pulumi.Output<string>;
  /** The phone's expiry in Billing Center (UTC). */
  declare readonly expireTime: pulumi.Output<string>;
  /** inUse, frozen, expired or closed. */
  declare readonly status: pulumi.Output<string>;
  /** What happens at expiry: gracePeriod, payPerUse, autoRenew, freeze, delete, ... */
  declare readonly expirePolicy: pulumi.Output<string>;
  /** The mode the phone is in now. */
  declare readonly mode: pulumi.Output<RenewalMode>;
  declare readonly lastOrderId: pulumi.Output<string | undefined>;
  declare readonly lastRenewal: pulumi.Output<LastRenewal | undefined>;

  constructor(name: string, args: KooPhoneSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    const { policy, ...own } = args;
    const props = {
      ...own,
      policy: policy?.defaults,
      targetExpireTime: undefined,
      expireTime: undefined,
      status: undefined,
      expirePolicy: undefined,
      mode: own.mode,
      lastOrderId: undefined,
      lastRenewal: undefined,
    };
    const ordered = policy ? pulumi.mergeOptions(opts, { dependsOn: [policy] }) : opts;
    super(subscriptionProviderHandle, name, props, ordered, "koophone", "KooPhoneSubscription");
  }
}
