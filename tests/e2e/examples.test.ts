import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { repoRoot } from "../../harness/paths";
import { createTestStack, exportedResources, StackConfig, TestStack } from "../../harness/project-stack";
import type { CommandResult } from "../../harness/run-command";
import { inShard } from "../../provider/shard";
import { renewalsPerPhone } from "../support/emulator-state";

const PARALLEL = "64";
/** A preview and the auditor's report may read phones, subscriptions, prices and the balance, and change nothing. */
const READ_ONLY_APIS = new Set([
  "instances",
  "instances-status",
  "query",
  "rate",
  "orders-list",
  "order-details",
  "balances",
]);

/** The command's result, after checking that it succeeded (its output is the failure message). */
async function succeeded(what: string, running: Promise<CommandResult>): Promise<CommandResult> {
  const result = await running;
  expect(result.code, `${what} exited with ${result.code}:\n${result.stdout}${result.stderr}`).to.equal(0);
  return result;
}

describe("e2e: the examples run as users run them (project folder, pulumi CLI, package from npm pack)", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  const stacks: TestStack[] = [];

  before(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
  });
  after(async () => {
    for (const s of stacks) await s.remove();
    await cloud?.stop();
  });

  async function stackFor(example: string, config: StackConfig, envVars?: Record<string, string>) {
    const test = await createTestStack({
      project: path.join(repoRoot, "examples", example),
      config,
      envVars,
    });
    stacks.push(test);
    return test;
  }

  async function outputs(test: TestStack): Promise<Record<string, unknown>> {
    return JSON.parse(
      (await succeeded("pulumi stack output", test.pulumi(["stack", "output", "--json"]))).stdout,
    );
  }

  it("examples/fleet: manages the phones named phone-*, renews the due ones, then has nothing to do", async () => {
    const seeded = await cloud.admin.seed({
      count: 8,
      expiryWithinDays: [2, 20],
      rngSeed: 5,
    });
    await cloud.admin.seed({ count: 3, expiryWithinDays: [2, 20], namePrefix: "lab", rngSeed: 6 });
    const test = await stackFor("fleet", cloud.stackConfig);
    await succeeded("pulumi up", test.pulumi(["up", "--yes", "--parallel", PARALLEL]));
    const { phoneIds } = (await outputs(test)) as { phoneIds: string[] };
    expect(phoneIds.sort()).to.deep.equal(seeded.phones.map((p) => p.resourceId).sort());
    const orders = (await cloud.admin.state()).orders.filter((o) => o.source === "api");
    expect(orders).to.have.length(1);
    expect(orders[0].lineItems).to.have.length(8);
    await succeeded("pulumi preview", test.pulumi(["preview", "--expect-no-changes"]));

    const subscription = (await exportedResources(test.stack)).find((r) =>
      r.type.endsWith(":KooPhoneSubscription"),
    );
    // Installed as real files under node_modules, the package's provider is stored as a require of it by name.
    const provider = String(subscription?.inputs?.__provider ?? "");
    console.log(
      `      serialized dynamic provider in state: ${Buffer.byteLength(provider)} bytes per resource`,
    );
    expect(provider).to.contain('require("pulumi-koophone/sdk/subscription-provider-handle")');
    expect(Buffer.byteLength(provider)).to.be.below(500);
  });

  it("examples/single-phone: keeps one phone paid until a date, pay-per-use after expiry", async () => {
    const [phone] = (await cloud.admin.seed({ count: 1, expiryWithinDays: [10, 10], rngSeed: 9 })).phones;
    const test = await stackFor("single-phone", {
      ...cloud.stackConfig,
      "phone:id": { value: phone.resourceId },
      "phone:paidUntil": { value: "2027-06-30" },
    });
    await succeeded("pulumi up", test.pulumi(["up", "--yes"]));
    const { expireTime } = (await outputs(test)) as { expireTime: string };
    expect(expireTime >= "2027-06-30").to.equal(true);
    const sub = (await cloud.admin.state()).subscriptions.find((s) => s.resourceId === phone.resourceId);
    expect(sub?.payPerUseAfterExpiry).to.equal(true);
  });

  it("examples/shards: two shard stacks at once manage every phone once, renew each due one once, converge", async () => {
    const seeded = await cloud.admin.seed({
      count: 12,
      expiryWithinDays: [2, 20],
      namePrefix: "shard",
      rngSeed: 13,
    });
    const ids = seeded.phones.map((p) => p.resourceId).sort();
    const before = renewalsPerPhone(await cloud.admin.state());
    const shards = await Promise.all(
      [0, 1].map(async (index) => {
        const test = await createTestStack({
          project: path.join(repoRoot, "examples", "shards"),
          stackName: `shard-${index}`,
          config: {
            ...cloud.stackConfig,
            // What Pulumi.shard-<i>.yaml sets (the harness copies no stack file), for two shards.
            "koophone:shard": { value: `${index}/2` },
            "koophone:renewalDay": { value: "15" },
            "fleet:nameContains": { value: "shard-" },
          },
        });
        stacks.push(test);
        return test;
      }),
    );
    await Promise.all(
      shards.map((test, i) =>
        succeeded(`pulumi up (shard ${i})`, test.pulumi(["up", "--yes", "--parallel", PARALLEL])),
      ),
    );
    const managed = await Promise.all(
      shards.map(async (test) => ((await outputs(test)) as { phoneIds: string[] }).phoneIds),
    );
    for (const [index, phones] of managed.entries()) {
      expect([...phones].sort()).to.deep.equal(ids.filter((id) => inShard(id, { index, count: 2 })));
    }
    expect(managed.flat().sort()).to.deep.equal(ids);
    const after = renewalsPerPhone(await cloud.admin.state());
    for (const id of ids) expect((after.get(id) ?? 0) - (before.get(id) ?? 0), id).to.equal(1);
    // Shard 0 alone declares the account's RenewalPolicy.
    const policies = await Promise.all(
      shards.map(
        async (test) =>
          (await exportedResources(test.stack)).filter((r) => r.type.endsWith(":RenewalPolicy")).length,
      ),
    );
    expect(policies).to.deep.equal([1, 0]);
    for (const [i, test] of shards.entries()) {
      await succeeded(`pulumi preview (shard ${i})`, test.pulumi(["preview", "--expect-no-changes"]));
    }
  });

  describe("examples/gitops: pipeline.sh, run as the CI runs it, with credentials in the environment", () => {
    let test: TestStack;
    let ids: string[];
    const pipeline = (stage: string) => succeeded(`pipeline.sh ${stage}`, test.run("./pipeline.sh", [stage]));
    const report = () => fs.readFileSync(path.join(test.projectDir, "report.md"), "utf8");
    const paidPhones = async () =>
      (await cloud.admin.state()).orders
        .filter((o) => o.source === "api" && o.status === 5)
        .flatMap((o) => o.lineItems.map((l) => l.resourceId));

    before(async () => {
      const phones = (await cloud.admin.seed({ count: 4, expiryWithinDays: [3, 30], rngSeed: 11 })).phones;
      ids = phones.map((p) => p.resourceId);
      test = await stackFor(
        "gitops",
        { "gitops:phoneIds": { value: JSON.stringify(ids) } },
        {
          ...cloud.env,
          STACK: "test",
        },
      );
    });

    it("pull-request: previews and writes the auditor's report naming every phone, changing nothing", async () => {
      await cloud.admin.resetCounters();
      await pipeline("pull-request");
      for (const id of ids) expect(report()).to.contain(id);
      expect(fs.existsSync(path.join(test.projectDir, "report.html"))).to.equal(true);
      const calls = Object.entries(await cloud.admin.counters());
      const mutating = calls.filter(([api, n]) => n > 0 && !READ_ONLY_APIS.has(api)).map(([api]) => api);
      expect(mutating, "mutating API calls").to.deep.equal([]);
    });

    it("merge: renews the due phones, reports each renewal with its order, then proves nothing is left to do", async () => {
      const paidOrders = async () =>
        (await cloud.admin.state()).orders
          .filter((o) => o.source === "api" && o.status === 5)
          .map((o) => o.orderId);
      const earlier = new Set(await paidOrders());
      await pipeline("merge");
      expect(await paidPhones()).to.include.members(ids);
      const paid = fs.readFileSync(path.join(test.projectDir, "paid.md"), "utf8");
      const placed = (await paidOrders()).filter((orderId) => !earlier.has(orderId));
      expect(placed.length, "orders the merge placed").to.be.greaterThan(0);
      for (const id of ids) expect(paid, "the report of what the up paid").to.contain(id);
      for (const orderId of placed) expect(paid).to.contain(orderId);
    });

    it("scheduled: exits cleanly with nothing due, and renews the phones that fall due as the clock moves", async () => {
      const quiet = await pipeline("scheduled");
      expect(quiet.stdout).to.contain("nothing has fallen due");
      const before = (await paidPhones()).length;
      await cloud.admin.advanceClock({ days: 100 });
      const renewing = await pipeline("scheduled");
      expect(renewing.stdout).to.match(/scheduled: \d+ resources to change/);
      for (const id of ids) expect(report()).to.contain(id);
      expect((await paidPhones()).length - before).to.equal(ids.length);
    });
  });
});
