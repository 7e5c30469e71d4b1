import * as pulumi from "@pulumi/pulumi";
import { KooPhoneSubscription, SubscriptionSettings } from "./koophone-subscription";
import { listPhones } from "./list-phones";
import { RenewalPolicy } from "./renewal-policy";
import { declareInSlices } from "../provider/declare-in-slices";
import { emptyShardWarning, inShard, resolveShard, Shard } from "../provider/shard";

export interface FleetArgs extends SubscriptionSettings {
  /** The policy every phone of the fleet inherits from. */
  policy?: RenewalPolicy;
  /** The phones, by KooPhone instance id. */
  phoneIds?: string[];
  /** Or: every phone of the account whose name contains this text (listed when the program runs). */
  nameContains?: string;
  /**
   * Only the selected phones of this shard, when one account's fleet is split into `count` stacks (index 0 ..
   * count - 1; by a hash of the phone id). Default: the stack config `koophone:shard` ("index/count"), else all.
   */
  shard?: Shard;
}

/** Why a fleet that selects no phone declares nothing, naming the selection so that a typo is easy to spot. */
function emptySelectionWarning(
  name: string,
  selection: Pick<FleetArgs, "phoneIds" | "nameContains">,
): string {
  const cause =
    selection.nameContains !== undefined
      ? `no phone of the account has a name containing "${selection.nameContains}" (nameContains)`
      : "phoneIds is empty";
  return `Fleet ${name} selects no phone: ${cause}, so it declares no subscription and renews nothing.`;
}

/**
 * Fails the program with `message` shown under `resource`, without a stack. The program's unhandled-error handler
 * shows a hidden-stack ResourceError that way only while the program runs, i.e. until the stack's outputs settle:
 * the returned promise, which the fleet's output waits for, settles after the error is handed over. Rejecting the
 * output instead would prefix the message with `error serializing property "outputs"`.
 */
function failUnder(resource: pulumi.Resource, message: string): Promise<undefined> {
  const error = new pulumi.ResourceError(message, resource, true);
  // A program that does not wait for the fleet's output may be done by then: the runtime then prints `stack`.
  error.stack = message;
  process.nextTick(() => {
    throw error;
  });
  return new Promise((resolve) => setImmediate(() => resolve(undefined)));
}

/** The fleet's shard: `shard` as given, else `koophone:shard` of the stack config; a bad one fails the program. */
function fleetShard(name: string, given: Shard | undefined, fleet: pulumi.Resource): Shard | undefined {
  try {
    return resolveShard(given, `Fleet ${name}: shard`, new pulumi.Config("koophone").get("shard"));
  } catch (error) {
    throw new pulumi.ResourceError((error as Error).message, fleet, true);
  }
}

/**
 * One KooPhoneSubscription per phone, for a list of ids or a name filter, under one policy. The subscriptions are
 * named after the phone ids, so adding a phone to the list adds one resource and touches no other.
 */
export class Fleet extends pulumi.ComponentResource {
  /** The phone ids the fleet manages (those of its shard, when it has one). */
  readonly phoneIds: pulumi.Output<string[]>;

  constructor(name: string, args: FleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("koophone:index:Fleet", name, {}, opts);
    const { policy, phoneIds, nameContains, shard: given, ...settings } = args;
    if ((phoneIds === undefined) === (nameContains === undefined)) {
      throw new pulumi.ResourceError(
        `Fleet ${name}: set exactly one of phoneIds and nameContains`,
        this,
        true,
      );
    }
    const shard = fleetShard(name, given, this);
    const ids: Promise<string[] | undefined> =
      phoneIds !== undefined
        ? Promise.resolve(phoneIds)
        : listPhones({ nameContains }).then(
            (phones) => phones.map((p) => p.id),
            (error: unknown) => {
              if (!pulumi.RunError.isInstance(error)) throw error; // a bug: shown with its stack
              return failUnder(this, `Fleet ${name}: ${error.message}`);
            },
          );
    const selected = ids.then((list) => {
      if (list?.length === 0) pulumi.log.warn(emptySelectionWarning(name, { phoneIds, nameContains }), this);
      if (list === undefined || shard === undefined) return list;
      const share = list.filter((phoneId) => inShard(phoneId, shard));
      if (share.length === 0 && list.length > 0)
        pulumi.log.warn(emptyShardWarning(name, shard, list.length), this);
      return share;
    });
    this.phoneIds = pulumi.output(
      selected.then(async (list) => {
        if (list === undefined) return [];
        await declareInSlices(list, (phoneId) => {
          new KooPhoneSubscription(`${name}-${phoneId}`, { ...settings, phoneId, policy }, { parent: this });
        });
        return list;
      }),
    );
    this.registerOutputs({ phoneIds: this.phoneIds });
  }
}
