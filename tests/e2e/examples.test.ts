import { expect } from "chai";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { startTestCloud, TestCloud } from "../support/cloud";
import { exampleProgram } from "../support/example-program";
import { createTestStack, repoRoot, TestStack } from "../support/pulumi-stack";
import { PreviewJsonCollector } from "../support/preview-json";
import { DEFAULT_CREDENTIALS } from "../../emulator";

const PARALLEL = 64;

describe("e2e: the examples run against the emulator", function () {
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

  async function stackFor(example: string, config: Record<string, { value: string }>): Promise<TestStack> {
    const test = await createTestStack({
      projectName: `koophone-${example}`,
      program: exampleProgram(example),
      config: { ...cloud.stackConfig, ...config },
    });
    stacks.push(test);
    return test;
  }

  it("examples/fleet: manages the phones named shop-*, renews the due ones, then has nothing to do", async () => {
    const seeded = await cloud.admin.seed({
      count: 8,
      expiryWithinDays: [2, 20],
      namePrefix: "shop",
      rngSeed: 5,
    });
    await cloud.admin.seed({ count: 3, expiryWithinDays: [2, 20], namePrefix: "lab", rngSeed: 6 });
    const test = await stackFor("fleet", {});
    const up = await test.stack.up({ parallel: PARALLEL });
    expect(up.outputs.phoneIds.value.sort()).to.deep.equal(seeded.phones.map((p) => p.resourceId).sort());
    const orders = (await cloud.admin.state()).orders.filter((o) => o.source === "api");
    expect(orders).to.have.length(1);
    expect(orders[0].lineItems).to.have.length(8);
    expect((await test.stack.preview()).changeSummary).to.deep.equal({ same: 11 });
  });

  it("examples/single-phone: keeps one phone paid until a date, pay-per-use after expiry", async () => {
    const [phone] = (await cloud.admin.seed({ count: 1, expiryWithinDays: [10, 10], rngSeed: 9 })).phones;
    const test = await stackFor("single-phone", {
      "phone:id": { value: phone.resourceId },
      "phone:paidUntil": { value: "2027-06-30" },
    });
    const up = await test.stack.up();
    expect(up.outputs.expireTime.value >= "2027-06-30").to.equal(true);
    const sub = (await cloud.admin.state()).subscriptions.find((s) => s.resourceId === phone.resourceId);
    expect(sub?.payPerUseAfterExpiry).to.equal(true);
  });

  it("examples/gitops: preview and audit report on a pull request, up on merge, then no changes", async () => {
    const phones = (await cloud.admin.seed({ count: 4, expiryWithinDays: [3, 30], rngSeed: 11 })).phones;
    const ids = phones.map((p) => p.resourceId);
    const test = await stackFor("gitops", { "gitops:phoneIds": { value: JSON.stringify(ids) } });

    const collector = new PreviewJsonCollector();
    await test.stack.preview({ diff: true, onEvent: collector.onEvent });
    const previewFile = path.join(test.dirs[0], "preview.json");
    const markdownFile = path.join(test.dirs[0], "report.md");
    fs.writeFileSync(previewFile, collector.json());
    // Asynchronously: the emulator answering the report's calls runs in this process.
    await promisify(execFile)(
      process.execPath,
      [
        "dist/audit/cli.js",
        previewFile,
        "--markdown",
        markdownFile,
        "--endpoint",
        cloud.url,
        "--koophone-endpoint",
        cloud.url,
      ],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          HUAWEICLOUD_SDK_AK: DEFAULT_CREDENTIALS.accessKey,
          HUAWEICLOUD_SDK_SK: DEFAULT_CREDENTIALS.secretKey,
        },
      },
    );
    const report = fs.readFileSync(markdownFile, "utf8");
    for (const id of ids) expect(report).to.contain(id);

    await test.stack.up({ parallel: PARALLEL });
    const paid = (await cloud.admin.state()).orders.filter((o) => o.source === "api" && o.status === 5);
    expect(paid.flatMap((o) => o.lineItems.map((l) => l.resourceId))).to.include.members(ids);
    const after = await test.stack.preview({ expectNoChanges: true });
    expect(after.changeSummary).to.deep.equal({ same: 7 });
  });
});
