import * as pulumi from "@pulumi/pulumi";
import { KooPhoneSubscription, SubscriptionSettings } from "./koophone-subscription";
import { listPhones } from "./list-phones";
import { RenewalPolicy } from "./renewal-policy";

export interface FleetArgs extends SubscriptionSettings {
  /** The policy every phone of the fleet inherits from. */
  policy?: RenewalPolicy;
  /** The phones, by KooPhone instance id. */
  phoneIds?: string[];
  /** Or: every phone of the account whose name contains this text (listed when the program runs). */
  nameContains?: string;
}

/**
 * One KooPhoneSubscription per phone, for a list of ids or a name filter, under one policy. The subscriptions are
 * named after the phone ids, so adding a phone to the list adds one resource and touches no other.
 */
export class Fleet extends pulumi.ComponentResource {
  /** The phone ids the fleet manages. */
  readonly phoneIds: pulumi.Output<string[]>;

  constructor(name: string, args: FleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("koophone:index:Fleet", name, {}, opts);
    const { policy, phoneIds, nameContains, ...settings } = args;
    if ((phoneIds === undefined) === (nameContains === undefined)) {
      throw new Error(`Fleet ${name}: set exactly one of phoneIds and nameContains`);
    }
    const ids: Promise<string[]> =
      phoneIds !== undefined
        ? Promise.resolve(phoneIds)
        : listPhones({ nameContains }).then((phones) => phones.map((p) => p.id));
    this.phoneIds = pulumi.output(
      ids.then((list) => {
        for (const phoneId of list) {
          new KooPhoneSubscription(`${name}-${phoneId}`, { ...settings, phoneId, policy }, { parent: this });
        }
        return list;
      }),
    );
    this.registerOutputs({ phoneIds: this.phoneIds });
  }
}
