// The main job: a new user's tour against the embedded emulator. Seeds 40 phones, then runs examples/fleet the
// way a platform team does (a project folder, `pulumi-koophone` installed from its npm tarball, the `pulumi` CLI):
// previews, reports, applies, moves the clock, previews the drift, batch-renews it, and sums up.
import * as fs from "node:fs";
import * as path from "node:path";
import { DateTime } from "luxon";
import { runAudit } from "../audit/cli";
import type { StateDump } from "../emulator";
import { startTestCloud, TestCloud } from "../harness/local-cloud";
import { repoRoot } from "../harness/paths";
import { createTestStack, TestStack } from "../harness/project-stack";

const PARALLEL = "64"; // the engine runs this many renewals at once, so they can meet in one order
const OUTPUT = path.join(repoRoot, ".demo-output");
const step = (text: string) => console.log(`\n=== ${text}`);

function apiOrders(state: StateDump) {
  return state.orders.filter((o) => o.source === "api" && o.status === 5);
}

/** Runs `pulumi <args>` in the project folder, failing the demo with the command's output if it fails. */
async function pulumi(test: TestStack, args: string[]): Promise<string> {
  const result = await test.pulumi(args);
  if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** The "Resources:" block at the end of a `pulumi up` or `preview`, and what follows it. */
function resourcesBlock(output: string): string {
  const at = output.lastIndexOf("Resources:");
  return at >= 0 ? output.slice(at).trim() : output.trim();
}

async function main(): Promise<void> {
  step("starting the local KooPhone cloud (emulator) and seeding 40 phones named phone-NNN");
  const cloud = await startTestCloud({
    now: DateTime.utc().startOf("hour").toISO({ suppressMilliseconds: true }) ?? "",
  });
  let test: TestStack | undefined;
  try {
    await cloud.admin.seed({
      count: 40,
      expiryWithinDays: [1, 75],
      rngSeed: 40,
      balance: 50_000,
    });
    const start = await cloud.admin.state();
    console.log(
      `cloud ${cloud.url}, clock ${start.now}, balance ${start.balance} CNY, ${start.phones.length} phones`,
    );

    step(
      "examples/fleet as a project folder, with pulumi-koophone installed from `npm pack` of this checkout",
    );
    test = await createTestStack({
      project: path.join(repoRoot, "examples", "fleet"),
      config: cloud.stackConfig,
    });
    console.log(`project ${test.projectDir}`);

    step("pulumi preview --diff (renewal day 15, 1 month, renewBefore P30D)");
    console.log(await pulumi(test, ["preview", "--diff"]));

    step(
      "koophone-audit: the auditor's report of `pulumi preview --json` (Markdown for the pull request, HTML)",
    );
    const report = await auditReport(await pulumi(test, ["preview", "--json", "--show-sames"]), cloud);
    console.log(report);

    step(`pulumi up --parallel ${PARALLEL}`);
    fs.writeFileSync(path.join(OUTPUT, "state-before.json"), await pulumi(test, ["stack", "export"]));
    await cloud.admin.resetCounters();
    console.log(resourcesBlock(await pulumi(test, ["up", "--yes", "--parallel", PARALLEL])));
    const afterFirst = await cloud.admin.state();
    fs.writeFileSync(path.join(OUTPUT, "state-after.json"), await pulumi(test, ["stack", "export"]));

    step("koophone-audit --before: what that up paid, from the stack exports before and after it");
    console.log(await upReport());
    const reported = reportTotal(report, "Total");
    const firstPaid = centsToYuan(apiOrders(afterFirst).reduce((sum, o) => sum + o.amountCents, 0));
    console.log(`first preview's report total: CNY ${reported}`);
    console.log(
      `first up paid (orders):       CNY ${firstPaid}${reported === firstPaid ? "" : "  <- DIFFERENT"}`,
    );

    step("the emulator clock moves 40 days forward");
    console.log(`clock ${await cloud.admin.advanceClock({ days: 40 })}`);

    step("pulumi preview --diff: the phones that drifted");
    console.log(await pulumi(test, ["preview", "--diff"]));

    step("pulumi up: batch-renew the drift");
    console.log(resourcesBlock(await pulumi(test, ["up", "--yes", "--parallel", PARALLEL])));

    step("pulumi preview --expect-no-changes: nothing left to do");
    console.log(resourcesBlock(await pulumi(test, ["preview", "--expect-no-changes"])));

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
    console.log(
      `reports:          ${path.relative(process.cwd(), OUTPUT)}/report.md, report.html, up-report.md, up-report.html`,
    );
  } finally {
    await test?.remove();
    await cloud.stop();
  }
}

/** Runs koophone-audit on the preview's JSON and returns the Markdown report. */
async function auditReport(previewJson: string, cloud: TestCloud): Promise<string> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const at = (name: string) => path.join(OUTPUT, name);
  fs.writeFileSync(at("preview.json"), previewJson);
  const args = [at("preview.json"), "--markdown", at("report.md"), "--html", at("report.html")];
  const code = await runAudit(args, { ...process.env, ...cloud.env });
  if (code !== 0) throw new Error(`koophone-audit exited with ${code}`);
  return fs.readFileSync(at("report.md"), "utf8");
}

/** Runs koophone-audit --before on the stack exports around the first up and returns the Markdown report. */
async function upReport(): Promise<string> {
  const at = (name: string) => path.join(OUTPUT, name);
  const args = [
    at("state-after.json"),
    "--before",
    at("state-before.json"),
    "--markdown",
    at("up-report.md"),
  ];
  const code = await runAudit([...args, "--html", at("up-report.html")], process.env);
  if (code !== 0) throw new Error(`koophone-audit --before exited with ${code}`);
  return fs.readFileSync(at("up-report.md"), "utf8");
}

/** The amount on the report's "**Total:**" line ("CNY 1234.56" -> "1234.56"). */
function reportTotal(markdown: string, label: string): string {
  return new RegExp(`\\*\\*${label}:\\*\\* [^\\n]*?CNY (\\d+\\.\\d\\d)`).exec(markdown)?.[1] ?? "(none)";
}

function centsToYuan(cents: number): string {
  return (cents / 100).toFixed(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
