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

/** The plugin's Fleet as its Construct makes it; `nameContains` lists the test's phones. */
function constructFleet(name: string, inputs: pulumi.Inputs): FleetComponent {
  const provider = new pulumi.DependencyProviderResource(
    "urn:pulumi:stack::project::pulumi:providers:koophone::default::provider-id",
  );
  return new FleetComponent({ name, inputs, opts: {}, provider, phonesNamed: async () => phones });
}

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

  it("warns, in both doors, when its shard holds none of the selected phones", async () => {
    const few = ["phone-0"];
    const empty = [0, 1].find((index) => !inShard("phone-0", { index, count: 2 })) ?? 0;
    const warnings: string[] = [];
    const warn = console.warn;
    // Under the SDK's mocks there is no engine: pulumi.log.warn writes to console.warn.
    console.warn = (message: string) => warnings.push(message);
    try {
      const fleet = new Fleet("few", { phoneIds: few, shard: { index: empty, count: 2 } });
      expect(await outputOf(fleet.phoneIds)).to.deep.equal([]);
      pulumi.runtime.setAllConfig({ "koophone:shard": `${empty}/2` });
      expect(await outputOf(constructFleet("few-native", { phoneIds: few }).phoneIds)).to.deep.equal([]);
    } finally {
      console.warn = warn;
    }
    const expected = (name: string) =>
      `warning: [runtime] Fleet ${name}: shard ${empty}/2 holds none of the 1 selected phones, so it declares no ` +
      `subscription; the other shards' stacks manage them (check koophone:shard or the fleet's shard)`;
    expect(warnings).to.deep.equal([expected("few"), expected("few-native")]);
    expect(declared).to.deep.equal([]);
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
    const construct = constructFleet;
    const given = construct("n0", { nameContains: "phone", shard: { index: 2, count: 3 } });
    expect(await outputOf(given.phoneIds)).to.deep.equal(shardOf(2, 3));
    expect([...declared].sort()).to.deep.equal([...shardOf(2, 3)].sort());
    pulumi.runtime.setAllConfig({ "koophone:shard": "3/5" });
    expect(await outputOf(construct("n1", { phoneIds: phones }).phoneIds)).to.deep.equal(shardOf(3, 5));
  });
});
