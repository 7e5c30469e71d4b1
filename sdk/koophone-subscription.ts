import * as pulumi from "@pulumi/pulumi";
import type { OnDelete } from "../provider/planner/settings";
import type { SubscriptionOutputs } from "../provider/resources/subscription-state";
import subscriptionProviderHandle from "./subscription-provider-handle";
import { RenewalPolicy } from "./renewal-policy";
import type { LastRenewal, PeriodArgs, RenewalMode } from "./types";

/** A phone's own settings; each one set here wins over its policy's. */
export interface SubscriptionSettings {
  /** The renewal step: each renewal orders the fewest multiples of it that restore coverage. */
  period?: pulumi.Input<PeriodArgs>;
  /** Paid time that must remain, an ISO-8601 duration ("P30D"); less than that and the phone is renewed. */
  renewBefore?: pulumi.Input<string>;
  /** The phone must be paid at least until this date (ISO-8601; a date without offset is read in UTC+8). */
  expireNotBefore?: pulumi.Input<string>;
  mode?: pulumi.Input<RenewalMode>;
  /** Keeps the renewals of phones that differ in it in separate orders; every order is paid through PayOrders. */
  autoPay?: pulumi.Input<boolean>;
  /** Money guard: the most this phone's renewal may cost (CNY); over it nothing of its batch is ordered. */
  maxOrderAmount?: pulumi.Input<number>;
  /** On delete: "retain" (default, touch nothing) or "manual" (auto-renew and pay-per-use off). */
  onDelete?: pulumi.Input<OnDelete>;
}

export interface KooPhoneSubscriptionArgs extends SubscriptionSettings {
  /** The KooPhone instance id (used as the Billing Center resource id). The phone must exist and be yearly/monthly. */
  phoneId: pulumi.Input<string>;
  /** The policy whose defaults this phone inherits; its renewal day is applied before any renewal. */
  policy?: RenewalPolicy;
}

/** Every output, seeded undefined so that the resource has it; an input of the same name sets it. */
const OUTPUTS: Record<Exclude<keyof SubscriptionOutputs, "phoneId">, undefined> = {
  expireTime: undefined,
  seenAt: undefined,
  status: undefined,
  mode: undefined,
  onDelete: undefined,
  lastRenewal: undefined,
};

/**
 * Keeps one yearly/monthly KooPhone phone paid. Creating it adopts the phone (it never buys one); deleting it
 * never unsubscribes the phone. A preview shows a `renewal` input (from, to, periods, extra days) on exactly the
 * phones that `pulumi up` will renew.
 */
export class KooPhoneSubscription extends pulumi.dynamic.Resource {
  declare readonly phoneId: pulumi.Output<string>;
  /** The phone's expiry in Billing Center (UTC), as last read. */
  declare readonly expireTime: pulumi.Output<string>;
  /** When `expireTime` was read, by Billing Center's clock. */
  declare readonly seenAt: pulumi.Output<string>;
  /** inUse, frozen, expired or closed. */
  declare readonly status: pulumi.Output<string>;
  /** The mode the phone is in now. */
  declare readonly mode: pulumi.Output<RenewalMode>;
  declare readonly onDelete: pulumi.Output<OnDelete>;
  /** The renewal that last extended the phone (order, period, amount, from, to). */
  declare readonly lastRenewal: pulumi.Output<LastRenewal | undefined>;
  /** The order of `lastRenewal`. */
  readonly lastOrderId: pulumi.Output<string | undefined>;

  constructor(name: string, args: KooPhoneSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    const { policy, ...own } = args;
    const props = { ...OUTPUTS, ...own, policy: policy?.defaults };
    const ordered = policy ? pulumi.mergeOptions(opts, { dependsOn: [policy] }) : opts;
    super(subscriptionProviderHandle, name, props, ordered, "koophone", "KooPhoneSubscription");
    this.lastOrderId = this.lastRenewal.apply((renewal) => renewal?.orderId);
  }
}
