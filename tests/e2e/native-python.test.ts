// The native plugin as a Python user runs it: examples/python-fleet through the `pulumi` CLI and the Python language
// host, with pip's `pulumi` and the koophone SDK generated from the plugin's schema (build/sdk/python) in a
// virtualenv on PATH, and the plugin installed from its tarball. Three engine runs: preview, up, preview.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { repoRoot } from "../../harness/paths";
import { createTestStack, exportedResources, TestStack } from "../../harness/project-stack";
import { runCommand } from "../../harness/run-command";
import { apiOrders, duePhones, installPlugin, succeeded } from "./native-plugin";

const EXAMPLE = path.join(repoRoot, "examples", "python-fleet");
const SDK = path.join(repoRoot, "build", "sdk", "python");

/** A virtualenv with the example's requirements and the generated SDK; its folder. */
async function virtualenv(): Promise<string> {
  expect(fs.existsSync(SDK), `${SDK} is missing: run npm run sdk (or scripts/setup)`).to.equal(true);
  const venv = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-venv-"));
  const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" };
  await succeeded("python3 -m venv", runCommand("python3", ["-m", "venv", venv], { cwd: repoRoot, env }));
  const pip = path.join(venv, "bin", "pip");
  const requirements = path.join(EXAMPLE, "requirements.txt");
  await succeeded(
    "pip install",
    runCommand(pip, ["install", "-q", "-r", requirements, SDK], { cwd: repoRoot, env }),
  );
  return venv;
}

describe("e2e: the native plugin from Python (examples/python-fleet, the generated SDK)", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let venv: string;

  before(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
    venv = await virtualenv();
    test = await createTestStack({
      project: EXAMPLE,
      config: { ...cloud.stackConfig, "koophone-python-fleet:nameContains": { value: "shop-" } },
      // The Python host runs the python on PATH: the virtualenv's, as an activated virtualenv has it.
      envVars: {
        PATH: `${path.join(venv, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
        VIRTUAL_ENV: venv,
      },
    });
    await installPlugin(test);
  });

  after(async () => {
    await test?.remove();
    await cloud?.stop();
    if (venv !== undefined) fs.rmSync(venv, { recursive: true, force: true });
  });

  it("previews the renewals, places ceil(due / 10) orders, then previews no change", async () => {
    const phones = (
      await cloud.admin.seed({ count: 23, namePrefix: "shop-", expiryWithinDays: [1, 45], rngSeed: 41 })
    ).phones.map((p) => p.resourceId);
    await cloud.admin.seed({ count: 3, namePrefix: "lab-", rngSeed: 42 });
    const due = await duePhones(cloud.admin, phones, 30);
    expect(due.length).to.be.greaterThan(10);
    console.log(`      due: ${due.length} of ${phones.length} phones`);

    const preview = await succeeded("pulumi preview --diff", test.pulumi(["preview", "--diff"]));
    expect(preview.stdout.match(/\+ koophone:index:Subscription: \(create\)/g) ?? []).to.have.length(
      phones.length,
    );
    expect(preview.stdout.match(/\brenewal\s+: \{/g) ?? [], preview.stdout).to.have.length(due.length);

    await succeeded("pulumi up", test.pulumi(["up", "--yes", "--parallel", "64"]));
    const orders = await apiOrders(cloud.admin);
    expect(orders.flatMap((o) => o.phones).sort()).to.deep.equal(due);
    expect(orders).to.have.length(Math.ceil(due.length / 10));
    await succeeded("pulumi preview --expect-no-changes", test.pulumi(["preview", "--expect-no-changes"]));

    const subscriptions = (await exportedResources(test.stack)).filter(
      (r) => r.type === "koophone:index:Subscription",
    );
    expect(subscriptions.map((s) => s.id).sort()).to.deep.equal([...phones].sort());
    // The policy's settings reached every phone through its `defaults` output.
    expect(subscriptions.every((s) => s.inputs?.renewalDay === 15)).to.equal(true);
  });
});
