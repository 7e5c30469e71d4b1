import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { FleetComponent } from "../../provider/native/fleet-component";
import { sdkInternals } from "../../provider/native/sdk-internals";
import { inShard } from "../../provider/shard";
import { Fleet } from "../../sdk";

// Both doors' Fleet under the SDK's mocks: which subscriptions a shard declares, from `shard` or koophone:shard.

const phones = Array.from({ length: 40 }, (_, i) => `phone-${i}`);
const declared: string[] = [];

/** The output's value, once the registrations it started are answered (the mocks have seen them). */
async function outputOf<T>(output: pulumi.Output<T>): Promise<T> {
  const value = await new Promise<T>((resolve) => output.apply(resolve));
  await sdkInternals().waitForRPCs();
  return value;
}

/** The phones of shard `index` of `count`, by the shared hash. */
const shardOf = (index: number, count: number) => phones.filter((id) => inShard(id, { index, count }));

describe("Fleet's shard, in both doors (SDK mocks)", () => {
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          if (args.type === "koophone:index:Subscription" || args.type.includes("KooPhoneSubscription")) {
            declared.push(args.inputs.phoneId as string);
          }
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
  });
  beforeEach(() => {
    declared.length = 0;
    pulumi.runtime.setAllConfig({});
  });

  it("declares the subscriptions of its shard only; the shards together are the whole selection", async () => {
    const all: string[] = [];
    for (let index = 0; index < 3; index++) {
      declared.length = 0;
      const fleet = new Fleet(`f${index}`, { phoneIds: phones, shard: { index, count: 3 } });
      const ids = await outputOf(fleet.phoneIds);
      expect(ids).to.deep.equal(shardOf(index, 3));
      expect([...declared].sort()).to.deep.equal([...ids].sort());
      all.push(...ids);
    }
    expect(all.sort()).to.deep.equal([...phones].sort());
  });

  it("takes koophone:shard from the stack config when shard is not given, and shard over it when given", async () => {
    pulumi.runtime.setAllConfig({ "koophone:shard": "1/4" });
    expect(await outputOf(new Fleet("c", { phoneIds: phones }).phoneIds)).to.deep.equal(shardOf(1, 4));
    const given = new Fleet("g", { phoneIds: phones, shard: { index: 0, count: 2 } });
    expect(await outputOf(given.phoneIds)).to.deep.equal(shardOf(0, 2));
  });

  it("refuses a bad shard naming the fleet, the field, the value and the range", () => {
    expect(() => new Fleet("bad", { phoneIds: phones, shard: { index: 3, count: 3 } })).to.throw(
      "Fleet bad: shard.index 3 is not allowed: with count 3, use a whole number 0-2",
    );
    pulumi.runtime.setAllConfig({ "koophone:shard": "2" });
    expect(() => new Fleet("cfg", { phoneIds: phones })).to.throw(
      'koophone:shard "2" is not allowed: write the shard as index/count',
    );
  });

  it("the plugin's Fleet construct selects the same phones, from its inputs or koophone:shard", async () => {
    const provider = new pulumi.DependencyProviderResource(
      "urn:pulumi:stack::project::pulumi:providers:koophone::default::provider-id",
    );
    const construct = (name: string, inputs: pulumi.Inputs) => {
      const declaration = {
        name,
        inputs,
        opts: {},
        provider,
        phonesNamed: async () => phones,
        declarationOrder: async (ids: string[]) => ids,
      };
      return new FleetComponent(declaration);
    };
    const given = construct("n0", { nameContains: "phone", shard: { index: 2, count: 3 } });
    expect(await outputOf(given.phoneIds)).to.deep.equal(shardOf(2, 3));
    expect([...declared].sort()).to.deep.equal([...shardOf(2, 3)].sort());
    pulumi.runtime.setAllConfig({ "koophone:shard": "3/5" });
    expect(await outputOf(construct("n1", { phoneIds: phones }).phoneIds)).to.deep.equal(shardOf(3, 5));
  });
});
