// The auditor's flow with the real engine: `pulumi preview --json`, koophone-audit's report, `pulumi up`, then
// koophone-audit --before on the stack exports around it. The report's amounts must be what the orders charged,
// to the cent, per phone and in total; the after-the-fact report must name those orders and sum to the same, and
// koophone-audit orders over both ups must list each of their orders once.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runAuditCaptured } from "../support/audit-run";
import type { Forecast } from "../../audit/forecast";
import type { OrdersReport } from "../../audit/orders-report";
import type { StateDump } from "../../emulator";
import { FLEET_PROJECT, fleetConfig } from "../../harness/fleet-project";
import { TestCloud, startTestCloud } from "../../harness/local-cloud";
import { TestStack, createTestStack } from "../../harness/project-stack";

interface ReportRow {
  phoneId: string;
  cents: number;
  pricing: string;
}

/** The renewal rows of the preview report: phone, amount in cents, and how it was priced. */
function reportRows(markdown: string): ReportRow[] {
  return markdown
    .split("\n")
    .filter((line) => /^\| `[0-9a-f]+` \|/.test(line) && / \| CNY /.test(line))
    .map((line) => {
      const cells = line.split(" | ");
      const amount = cells.find((cell) => cell.startsWith("CNY ")) ?? "";
      return {
        phoneId: cells[0].slice(3, -1),
        cents: Math.round(Number(amount.slice(4)) * 100),
        pricing: cells[cells.length - 1].replace(/ \|$/, ""),
      };
    });
}

function totalCents(markdown: string, label: string): number {
  const match = new RegExp(`\\*\\*${label}:\\*\\* [^\\n]*?CNY (\\d+\\.\\d\\d)`).exec(markdown);
  expect(match, `${label} in the report`).to.not.equal(null);
  return Math.round(Number(match?.[1]) * 100);
}

/** What each phone's line of this run's API orders charged, and the orders' sum. */
function charged(state: StateDump, ordersBefore: number) {
  const orders = state.orders.filter((o) => o.source === "api").slice(ordersBefore);
  const perPhone = new Map(
    orders.flatMap((o) => o.lineItems.map((l) => [l.resourceId, l.amountCents] as const)),
  );
  const orderOf = new Map(orders.flatMap((o) => o.lineItems.map((l) => [l.resourceId, o.orderId] as const)));
  return { orders, perPhone, orderOf, total: orders.reduce((sum, o) => sum + o.amountCents, 0) };
}

const yuan = (cents: number) => (cents / 100).toFixed(2);
const START = "2026-11-26T04:00:00Z";
const orderCount = (n: number) => `${n} order${n === 1 ? "" : "s"}`;

describe("e2e: the auditor's report equals what up pays (real engine, emulator)", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let test: TestStack;
  let dir: string;

  before(async () => {
    cloud = await startTestCloud({ now: START });
    const basic = await cloud.admin.seed({
      count: 8,
      expiryWithinDays: [1, 60],
      rngSeed: 11,
      sku: "koophone.basic.2u4g",
      balance: 1_000_000,
    });
    const pro = await cloud.admin.seed({
      count: 6,
      expiryWithinDays: [1, 60],
      rngSeed: 12,
      sku: "koophone.pro.8u16g",
    });
    const phoneIds = [...basic.phones, ...pro.phones].map((p) => p.resourceId).sort();
    const policy = { renewalDay: 15, period: { unit: "month" as const, count: 1 }, renewBefore: "P30D" };
    test = await createTestStack({
      project: FLEET_PROJECT,
      config: { ...cloud.stackConfig, ...fleetConfig(policy, { phoneIds }) },
    });
    dir = mkdtempSync(path.join(os.tmpdir(), "koophone-audit-e2e-"));
  });

  after(async () => {
    await test?.remove();
    await cloud?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function pulumi(args: string[]): Promise<string> {
    const result = await test.pulumi(args);
    expect(result.code, `pulumi ${args.join(" ")}:\n${result.stderr}`).to.equal(0);
    return result.stdout;
  }

  async function audit(args: string[]): Promise<string> {
    const { code, out, err } = await runAuditCaptured(args);
    expect(code, err).to.equal(0);
    return out;
  }

  /** preview, report, up, report of the up: returns what the two reports and the orders say. */
  async function previewReportUp(name: string) {
    const file = (suffix: string) => path.join(dir, `${name}-${suffix}`);
    writeFileSync(file("before.json"), await pulumi(["stack", "export"]));
    writeFileSync(file("preview.json"), await pulumi(["preview", "--json"]));
    const endpoints = ["--endpoint", cloud.url, "--koophone-endpoint", cloud.url];
    const report = await audit([file("preview.json"), ...endpoints, "--html", file("preview.html")]);
    const ordersBefore = (await cloud.admin.state()).orders.filter((o) => o.source === "api").length;

    await pulumi(["up", "--yes", "--skip-preview", "--parallel", "64"]);
    const paid = charged(await cloud.admin.state(), ordersBefore);
    writeFileSync(file("after.json"), await pulumi(["stack", "export"]));
    const upReport = await audit([
      file("after.json"),
      "--before",
      file("before.json"),
      "--html",
      file("up.html"),
    ]);
    return { report, rows: reportRows(report), paid, upReport };
  }

  function expectEqualToTheCent(run: Awaited<ReturnType<typeof previewReportUp>>) {
    const { rows, paid } = run;
    expect(rows.map((r) => r.phoneId).sort(), "the report's phones are the ones up renewed").to.deep.equal(
      [...paid.perPhone.keys()].sort(),
    );
    for (const row of rows) expect(row.cents, row.phoneId).to.equal(paid.perPhone.get(row.phoneId));
    expect(totalCents(run.report, "Total"), "report total").to.equal(paid.total);
    expect(totalCents(run.upReport, "Total paid"), "after-the-fact total").to.equal(paid.total);
    for (const [phoneId, orderId] of paid.orderOf) {
      expect(run.upReport, phoneId).to.match(
        new RegExp(`\\| \`${phoneId}\` \\| [^|]+ \\| \`${orderId}\` \\|`),
      );
    }
  }

  it("first up (the policy sets the renewal day): estimated amounts equal the orders' to the cent", async () => {
    const first = await previewReportUp("first");
    expect(first.rows.length).to.be.within(4, 14);
    expect(
      first.rows.some((r) => r.pricing.startsWith("estimated:")),
      "the new day is not applied yet",
    ).to.equal(true);
    expectEqualToTheCent(first);
    console.log(
      `      first up: report total CNY ${yuan(totalCents(first.report, "Total"))} for ${first.rows.length} phones ` +
        `(${first.rows.filter((r) => r.pricing.startsWith("estimated")).length} estimated); paid CNY ` +
        `${yuan(first.paid.total)} in ${orderCount(first.paid.orders.length)}`,
    );
  });

  it("after 40 days (the day applied): Billing Center's exact prices equal the orders' to the cent", async () => {
    await cloud.admin.advanceClock({ days: 40 });
    const second = await previewReportUp("second");
    expect(second.rows.length).to.be.greaterThan(0);
    expect(second.rows.map((r) => r.pricing)).to.satisfy((p: string[]) =>
      p.every((text) => text === "exact: Billing Center renew-rate"),
    );
    expectEqualToTheCent(second);
    console.log(
      `      after 40 days: report total CNY ${yuan(totalCents(second.report, "Total"))} for ` +
        `${second.rows.length} phones (all exact); paid CNY ${yuan(second.paid.total)} in ` +
        `${orderCount(second.paid.orders.length)}`,
    );
    expect(readFileSync(path.join(dir, "second-up.html"), "utf8")).to.include("Total paid:");
  });

  it("over both ups, koophone-audit orders lists every order once, each recorded or renewed again later", async () => {
    const state = path.join(dir, "second-after.json");
    const endpoints = ["--endpoint", cloud.url, "--koophone-endpoint", cloud.url];
    const report = JSON.parse(
      await audit(["orders", state, "--since", START, ...endpoints, "--json"]),
    ) as OrdersReport;
    const paid = charged(await cloud.admin.state(), 0).orders.filter((o) => o.paymentTime !== undefined);
    expect(report.orders.map((o) => o.orderId).sort(), "each order of both ups, once").to.deep.equal(
      paid.map((o) => o.orderId).sort(),
    );
    const total = paid.reduce((sum, o) => sum + o.amountCents, 0);
    expect(report.totals.paid).to.deep.equal([{ currency: "CNY", amount: yuan(total) }]);
    for (const order of report.orders.filter((o) => !o.recorded)) {
      expect(
        order.phones.map((p) => p.relation),
        order.orderId,
      ).to.satisfy((relations: string[]) => relations.every((relation) => relation === "later order"));
    }
    expect(report.unmatchedRecords, "every record's order was paid since the first up").to.deep.equal([]);
  });

  it("the forecast reads a real stack export; the up on its first renewal day pays that day's renewals", async () => {
    const endpoints = ["--endpoint", cloud.url, "--koophone-endpoint", cloud.url];
    const exported = path.join(dir, "second-after.json");
    const ordersBefore = (await cloud.admin.state()).orders.filter((o) => o.source === "api").length;
    const forecast = JSON.parse(await audit(["forecast", exported, ...endpoints, "--json"])) as Forecast;
    const state = await cloud.admin.state();
    expect(state.orders.filter((o) => o.source === "api").length, "the forecast orders nothing").to.equal(
      ordersBefore,
    );
    const expiries = new Map(state.subscriptions.map((s) => [s.resourceId, s.expireTime]));
    expect(forecast.phones.map((p) => p.phoneId)).to.have.length(14);
    for (const phone of forecast.phones) {
      expect(phone.renewals[0]?.from, `${phone.phoneId} renews from its expiry now`).to.equal(
        expiries.get(phone.phoneId),
      );
    }
    const firstDay = forecast.phones.map((p) => p.renewals[0].on).sort()[0];
    const due = forecast.phones.flatMap((p) =>
      p.renewals
        .filter((r) => r.on === firstDay)
        .map((r) => [p.phoneId, r.from, r.to, Math.round(Number(r.amount) * 100)]),
    );
    await cloud.admin.setClock(firstDay);
    await pulumi(["up", "--yes", "--skip-preview", "--parallel", "64"]);
    const paid = charged(await cloud.admin.state(), ordersBefore).orders.flatMap((o) =>
      o.lineItems.map((item) => [item.resourceId, item.effectiveTime, item.expireTime, item.amountCents]),
    );
    expect(paid.sort(), `the renewals of ${firstDay}`).to.deep.equal(due.sort());
  });
});
