// The native plugin as a YAML user runs it: the plugin installed from the tarball the build makes
// (`pulumi plugin install resource koophone <version> --file`), examples/yaml-fleet through the `pulumi` CLI and the
// YAML language host, two explicit provider instances on two emulated accounts, and `pulumi import`. One stack, few
// engine runs: up, preview (the detailed diff), up, preview --expect-no-changes, import.
import { expect } from "chai";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { repoRoot } from "../../harness/paths";
import { createTestStack, exportedResources, TestStack } from "../../harness/project-stack";
import type { CommandResult } from "../../harness/run-command";
import { CapturedText, countScannedFiles, scanForSecrets } from "../support/secret-scan";
import { apiOrders, duePhones, installPlugin, succeeded } from "./native-plugin";

const PROJECT = "koophone-yaml-fleet";
const START = "2026-11-26T04:00:00Z";
/** Account B has credentials of its own: a call signed with account A's would be refused (401). */
const UNIT_B = { accessKey: "UNITBAK0000000000002", secretKey: "unit-b-secret-key-for-the-emulator" };
/** The policies of examples/yaml-fleet: renewBefore in days, and the renewal step in months. */
const POLICY_A = { renewBeforeDays: 30, months: 1 };
const POLICY_B = { renewBeforeDays: 45, months: 3 };

/** What every command printed, scanned for credentials at the end. */
const captured: CapturedText[] = [];
const run = (what: string, running: Promise<CommandResult>) => succeeded(what, running, captured);

describe("e2e: the native plugin from YAML (examples/yaml-fleet, plugin installed from its tarball)", function () {
  this.timeout(600_000);
  let cloudA: TestCloud;
  let cloudB: RunningEmulator;
  let test: TestStack;
  let phonesA: string[];
  let phonesB: string[];

  before(async () => {
    cloudA = await startTestCloud({ now: START });
    cloudB = await startEmulator({ port: 0, now: START, credentials: [UNIT_B] });
    phonesA = (await cloudA.admin.seed({ count: 25, namePrefix: "shop-", rngSeed: 31 })).phones.map(
      (p) => p.resourceId,
    );
    phonesB = (await cloudB.admin.seed({ count: 12, namePrefix: "lab-", rngSeed: 32 })).phones.map(
      (p) => p.resourceId,
    );
    const secret = (value: string) => ({ value, secret: true });
    test = await createTestStack({
      project: path.join(repoRoot, "examples", "yaml-fleet"),
      config: {
        [`${PROJECT}:accessKeyA`]: secret(cloudA.stackConfig["koophone:accessKey"].value),
        [`${PROJECT}:secretKeyA`]: secret(cloudA.stackConfig["koophone:secretKey"].value),
        [`${PROJECT}:endpointA`]: { value: cloudA.url },
        [`${PROJECT}:koophoneEndpointA`]: { value: cloudA.url },
        [`${PROJECT}:accessKeyB`]: secret(UNIT_B.accessKey),
        [`${PROJECT}:secretKeyB`]: secret(UNIT_B.secretKey),
        [`${PROJECT}:endpointB`]: { value: cloudB.url },
        [`${PROJECT}:koophoneEndpointB`]: { value: cloudB.url },
      },
    });
    await installPlugin(test);
  });

  after(async () => {
    await test?.remove();
    await cloudA?.stop();
    await cloudB?.stop();
  });

  it("renews each fleet on its own account, shows the next renewals as a detailed diff, then has nothing to do", async () => {
    const firstDueA = await duePhones(cloudA.admin, phonesA, POLICY_A.renewBeforeDays);
    const firstDueB = await duePhones(cloudB.admin, phonesB, POLICY_B.renewBeforeDays);
    await run("pulumi up", test.pulumi(["up", "--yes", "--parallel", "64"]));
    const outputs = JSON.parse(
      (await run("stack output", test.pulumi(["stack", "output", "--json"]))).stdout,
    );
    expect([...outputs.phonesA].sort()).to.deep.equal([...phonesA].sort());
    expect([...outputs.phonesB].sort()).to.deep.equal([...phonesB].sort());
    const ordersA = await apiOrders(cloudA.admin);
    const ordersB = await apiOrders(cloudB.admin);
    expect(ordersA.flatMap((o) => o.phones).sort()).to.deep.equal(firstDueA);
    expect(ordersB.flatMap((o) => o.phones).sort()).to.deep.equal(firstDueB);
    expect(ordersA).to.have.length(Math.ceil(firstDueA.length / 10));
    expect(ordersB).to.have.length(Math.ceil(firstDueB.length / 10));
    expect(ordersA.every((o) => o.months === POLICY_A.months)).to.equal(true);
    expect(ordersB.every((o) => o.months === POLICY_B.months)).to.equal(true);

    // Three weeks later more phones are due: the preview shows, per phone, its expiry now and after up.
    await cloudA.admin.advanceClock({ days: 21 });
    await cloudB.admin.advanceClock({ days: 21 });
    const dueA = await duePhones(cloudA.admin, phonesA, POLICY_A.renewBeforeDays);
    const dueB = await duePhones(cloudB.admin, phonesB, POLICY_B.renewBeforeDays);
    expect(dueA.length + dueB.length).to.be.greaterThan(0);
    console.log(
      `      due: account A ${firstDueA.length} then ${dueA.length} of ${phonesA.length}, ` +
        `account B ${firstDueB.length} then ${dueB.length} of ${phonesB.length}`,
    );
    const preview = await run("pulumi preview --diff", test.pulumi(["preview", "--diff"]));
    const expiryChanges = preview.stdout.match(/~ expireTime: "[^"]+" => "[^"]+"/g) ?? [];
    expect(expiryChanges, preview.stdout).to.have.length(dueA.length + dueB.length);
    expect(preview.stdout).to.contain(`Subscription::fleetA-${dueA[0] ?? phonesA[0]}`);

    await run("pulumi up", test.pulumi(["up", "--yes", "--parallel", "64"]));
    const newA = (await apiOrders(cloudA.admin)).slice(ordersA.length);
    const newB = (await apiOrders(cloudB.admin)).slice(ordersB.length);
    expect(newA.flatMap((o) => o.phones).sort()).to.deep.equal(dueA);
    expect(newB.flatMap((o) => o.phones).sort()).to.deep.equal(dueB);
    expect(newA).to.have.length(Math.ceil(dueA.length / 10));
    expect(newB).to.have.length(Math.ceil(dueB.length / 10));
    await run("pulumi preview --expect-no-changes", test.pulumi(["preview", "--expect-no-changes"]));

    const resources = await exportedResources(test.stack);
    const subscriptions = resources.filter((r) => r.type === "koophone:index:Subscription");
    expect(subscriptions).to.have.length(phonesA.length + phonesB.length);
    expect(JSON.stringify(resources)).not.to.contain("__provider");
    for (const subscription of subscriptions) {
      const unit = phonesA.includes(subscription.id ?? "") ? "unitA" : "unitB";
      expect((subscription as { provider?: string }).provider).to.contain(`::${unit}::`);
    }
  });

  it("imports an unmanaged phone with pulumi import, and orders nothing", async () => {
    const [lone] = (await cloudA.admin.seed({ count: 1, namePrefix: "lone-", expiryWithinDays: [3, 3] }))
      .phones;
    const before = (await apiOrders(cloudA.admin)).length;
    const unitA = `urn:pulumi:test::${PROJECT}::pulumi:providers:koophone::unitA`;
    const imported = await run(
      "pulumi import",
      test.pulumi([
        "import",
        "koophone:index:Subscription",
        "lone",
        lone.resourceId,
        "--provider",
        `unitA=${unitA}`,
        "--yes",
      ]),
    );
    expect(imported.stdout).to.contain(`phoneId: ${lone.resourceId}`);
    const recorded = (await exportedResources(test.stack)).find((r) => r.urn.endsWith("::lone"));
    expect(recorded?.id).to.equal(lone.resourceId);
    expect(recorded?.outputs?.expireTime).to.equal(
      (await cloudA.admin.state()).subscriptions.find((s) => s.resourceId === lone.resourceId)?.expireTime,
    );
    expect(await apiOrders(cloudA.admin)).to.have.length(before);
  });

  it("keeps both accounts' credentials out of the state, the workspace and what the commands printed", () => {
    const secrets = [
      { name: "account A's secret key", value: cloudA.stackConfig["koophone:secretKey"].value },
      { name: "account B's access key", value: UNIT_B.accessKey },
      { name: "account B's secret key", value: UNIT_B.secretKey },
    ];
    expect(countScannedFiles(test.dirs)).to.be.greaterThan(0);
    expect(scanForSecrets({ secrets, dirs: test.dirs, texts: captured })).to.deep.equal([]);
  });
});
