// koophone:index:Fleet as the plugin constructs it for a program in any language: one Subscription per phone, the
// way the TypeScript Fleet (sdk/fleet.ts) declares its dynamic ones. YAML, which has no loops, declares a fleet so.
import * as pulumi from "@pulumi/pulumi";
import { declareInSlices } from "../declare-in-slices";
import { emptyShardWarning, inShard, resolveShard } from "../shard";
import { FLEET, SUBSCRIPTION } from "./tokens";

export interface FleetDeclaration {
  name: string;
  /** The construct's inputs: policy, phoneIds or nameContains, shard, and settings every phone takes. */
  inputs: pulumi.Inputs;
  opts: pulumi.ComponentResourceOptions;
  /** The provider instance every subscription of the fleet uses: the one that constructs it. */
  provider: pulumi.ProviderResource;
  /** The ids of the account's phones whose name contains the text. */
  phonesNamed(nameContains: string): Promise<string[]>;
}

/** A subscription the fleet declares; its provider (this plugin) checks and records it. */
class FleetSubscription extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super(SUBSCRIPTION, name, props, opts);
  }
}

export class FleetComponent extends pulumi.ComponentResource {
  readonly phoneIds: pulumi.Output<string[]>;

  constructor({ name, inputs, opts, provider, phonesNamed }: FleetDeclaration) {
    super(FLEET, name, {}, opts);
    const { phoneIds, nameContains, shard: shardInput, ...settings } = inputs;
    const selection = pulumi.all([phoneIds, nameContains, shardInput]).apply(async ([ids, text, given]) => {
      const listed = ids as string[] | undefined;
      const contains = text as string | undefined;
      if ((listed === undefined) === (contains === undefined)) {
        throw new Error(`Fleet ${name}: set exactly one of phoneIds and nameContains`);
      }
      const shard = resolveShard(
        given as { index?: unknown; count?: unknown } | undefined,
        `Fleet ${name}: shard`,
        new pulumi.Config("koophone").get("shard"),
      );
      const all = listed ?? (await phonesNamed(contains as string));
      if (all.length === 0)
        pulumi.log.warn(`Fleet ${name} selects no phone: it declares no subscription.`, this);
      if (shard === undefined) return all;
      const share = all.filter((phoneId) => inShard(phoneId, shard));
      if (share.length === 0 && all.length > 0)
        pulumi.log.warn(emptyShardWarning(name, shard, all.length), this);
      return share;
    });
    this.phoneIds = selection.apply(async (list) => {
      await declareInSlices(list, (phoneId) => {
        new FleetSubscription(`${name}-${phoneId}`, { ...settings, phoneId }, { parent: this, provider });
      });
      return list;
    });
    this.registerOutputs({ phoneIds: this.phoneIds });
  }
}
