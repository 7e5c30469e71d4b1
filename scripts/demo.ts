// The main job: a new user's tour against the embedded emulator. Seeds ~40 phones, previews and applies
// examples/fleet with the real Pulumi engine, moves the clock, previews the drift, batch-renews it, and sums up.
import * as fs from "node:fs";
import * as path from "node:path";
import { DateTime } from "luxon";
import { runAudit } from "../audit/cli";
import { startTestCloud } from "../tests/support/cloud";
import { exampleProgram } from "../tests/support/example-program";
import { createTestStack } from "../tests/support/pulumi-stack";
import { PreviewJsonCollector } from "../tests/support/preview-json";
import { DEFAULT_CREDENTIALS, type StateDump } from "../emulator";

const PARALLEL = 64; // the engine runs this many renewals at once, so they can meet in one order
const step = (text: string) => console.log(`\n=== ${text}`);

function apiOrders(state: StateDump) {
  return state.orders.filter((o) => o.source === "api" && o.status === 5);
}

async function main(): Promise<void> {
  step("starting the local KooPhone cloud (emulator) and seeding 40 phones");
  const cloud = await startTestCloud({
    now: DateTime.utc().startOf("hour").toISO({ suppressMilliseconds: true }) ?? "",
  });
  const test = await startDemoStack(cloud);
  try {
    await cloud.admin.seed({
      count: 40,
      expiryWithinDays: [1, 75],
      namePrefix: "shop",
      rngSeed: 40,
      balance: 50_000,
    });
    const start = await cloud.admin.state();
    console.log(
      `cloud ${cloud.url}, clock ${start.now}, balance ${start.balance} CNY, ${start.phones.length} phones`,
    );

    step("pulumi preview --diff on examples/fleet (renewal day 15, 1 month, renewBefore P30D)");
    const firstPreview = new PreviewJsonCollector();
    const preview = await test.stack.preview({ diff: true, onEvent: firstPreview.onEvent });
    console.log(preview.stdout);

    step(
      "koophone-audit: the auditor's report of that preview (Markdown for the pull request, HTML timeline)",
    );
    console.log(await auditReport(firstPreview, cloud.url));

    step("pulumi up");
    await cloud.admin.resetCounters();
    const up = await test.stack.up({ parallel: PARALLEL, onOutput: progress });
    console.log(`\n${JSON.stringify(up.summary.resourceChanges)}`);
    const afterFirst = await cloud.admin.state();

    step("the emulator clock moves 40 days forward");
    const later = await cloud.admin.advanceClock({ days: 40 });
    console.log(`clock ${later}`);

    step("pulumi preview --diff: the phones that drifted");
    const drift = await test.stack.preview({ diff: true });
    console.log(drift.stdout);

    step("pulumi up: batch-renew the drift");
    const second = await test.stack.up({ parallel: PARALLEL, onOutput: progress });
    console.log(`\n${JSON.stringify(second.summary.resourceChanges)}`);

    step("pulumi preview: nothing left to do");
    const settled = await test.stack.preview();
    console.log(JSON.stringify(settled.changeSummary));

    const end = await cloud.admin.state();
    const orders = apiOrders(end);
    const phonesRenewed = orders.reduce((n, o) => n + o.lineItems.length, 0);
    const paid = orders.reduce((sum, o) => sum + o.amountCents, 0) / 100;
    const calls = await cloud.admin.counters();
    step("summary");
    console.log(
      `phones renewed:   ${phonesRenewed} (${apiOrders(afterFirst).length} orders in the first up)`,
    );
    console.log(`orders placed:    ${orders.length}`);
    console.log(`phones per order: ${orders.map((o) => o.lineItems.length).join(", ")}`);
    console.log(`amount paid:      ${paid.toFixed(2)} CNY (balance ${start.balance} -> ${end.balance})`);
    console.log(
      `API calls:        ${Object.entries(calls)
        .map(([api, n]) => `${api} ${n}`)
        .join(", ")}`,
    );
    console.log(`reports:          ${path.relative(process.cwd(), OUTPUT)}/report.md, report.html`);
  } finally {
    await test.remove();
    await cloud.stop();
  }
}

const OUTPUT = path.resolve(__dirname, "..", ".demo-output");

/** Runs koophone-audit on the preview (as `pulumi preview --json` would print it) and returns the Markdown. */
async function auditReport(preview: PreviewJsonCollector, endpoint: string): Promise<string> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const files = { json: "preview.json", md: "report.md", html: "report.html" };
  const at = (name: string) => path.join(OUTPUT, name);
  fs.writeFileSync(at(files.json), preview.json());
  const env = {
    ...process.env,
    HUAWEICLOUD_SDK_AK: DEFAULT_CREDENTIALS.accessKey,
    HUAWEICLOUD_SDK_SK: DEFAULT_CREDENTIALS.secretKey,
  };
  const args = [at(files.json), "--markdown", at(files.md), "--html", at(files.html)];
  const code = await runAudit([...args, "--endpoint", endpoint, "--koophone-endpoint", endpoint], env);
  if (code !== 0) throw new Error(`koophone-audit exited with ${code}`);
  return fs.readFileSync(at(files.md), "utf8");
}

function progress(text: string): void {
  const dots = (text.match(/(created|updated)/g) ?? []).length;
  if (dots > 0) process.stdout.write(".".repeat(dots));
}

async function startDemoStack(cloud: Awaited<ReturnType<typeof startTestCloud>>) {
  return createTestStack({
    projectName: "koophone-fleet",
    program: exampleProgram("fleet"),
    config: { ...cloud.stackConfig, "fleet:nameContains": { value: "shop-" } },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
