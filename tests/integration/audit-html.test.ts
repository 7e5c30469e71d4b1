// Renders the audit's HTML pages in headless Chromium (Debian's `chromium`, installed by scripts/setup) driven by
// playwright-core: a screenshot, and the DOM the browser built. Pages and screenshots are kept in
// .test-output/audit/.
import { expect } from "chai";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { auditReport } from "../../audit/audit-report";
import type { Quote } from "../../audit/charges";
import type { CloudPhone } from "../../audit/cloud-phone";
import { renderHtml } from "../../audit/html";
import { parsePreviewJson } from "../../audit/preview-json";
import { renderUpHtml } from "../../audit/up-report";
import { parseApiTime } from "../../provider/planner/billing-time";
import { HEIGHT, WIDTH, openOfflinePage } from "../support/offline-browser";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const outputDir = path.join(__dirname, "../../.test-output/audit");

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures", name), "utf8");

/** Width and height from the IHDR chunk, which PNG puts first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), "PNG signature").to.equal(true);
  expect(png.toString("ascii", 12, 16)).to.equal("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The text of each cell of each body row of a table, as the browser laid it out. */
function tableText(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")),
  );
}

describe("audit: HTML pages in headless Chromium", function () {
  this.timeout(120_000);
  const htmlFile = path.join(outputDir, "report.html");
  const upFile = path.join(outputDir, "up-report.html");
  const answers = JSON.parse(fixture("preview-fleet-cloud.json")) as {
    now: string;
    phones: Record<string, CloudPhone>;
    quotes: Record<string, Quote>;
  };
  let browser: Browser;
  let page: Page;

  before(async () => {
    const report = auditReport({
      preview: parsePreviewJson(fixture("preview-fleet.json")),
      cloud: new Map(Object.entries(answers.phones)),
      quotes: new Map(Object.entries(answers.quotes)),
      now: parseApiTime(answers.now),
      cloudAsked: true,
    });
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(htmlFile, renderHtml(report));
    const renewal = (orderId: string, amount: string) => ({
      phoneId: "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b",
      resourceName: "stores-6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b",
      orderId,
      period: { unit: "month" as const, count: 1 },
      amount,
      currency: "CNY",
      from: "2026-02-03T15:59:59Z",
      to: "2026-03-15T15:59:59Z",
    });
    writeFileSync(
      upFile,
      renderUpHtml([
        { ...renewal("CS2601260200BBBBB", "598.00"), phoneId: "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6" },
        renewal("CS2601260200AAAAA", "52.27"),
      ]),
    );
    ({ browser, page } = await openOfflinePage());
  });

  after(async () => {
    await browser?.close();
  });

  it("is self-contained: no external resource", () => {
    for (const file of [htmlFile, upFile]) {
      expect(readFileSync(file, "utf8"), file).to.not.match(/\s(src|href)=|url\(|@import|<script|<link/i);
    }
  });

  it("renders the preview report to a screenshot of the window's size", async () => {
    await page.goto(pathToFileURL(htmlFile).href);
    const png = path.join(outputDir, "screenshot.png");
    rmSync(png, { force: true });
    const bytes = await page.screenshot({ path: png });
    expect(bytes.length, "a blank page compresses to a few KB").to.be.greaterThan(30_000);
    expect(pngSize(bytes)).to.deep.equal({ width: WIDTH, height: HEIGHT });
  });

  it("builds a DOM with the renewal rows, how each was priced, the mode change and one SVG lane per phone", async () => {
    await page.goto(pathToFileURL(htmlFile).href);
    const rows = await tableText(page, "table.renewals");
    expect(rows.map((cells) => cells[0])).to.deep.equal(
      Object.keys(answers.quotes).sort((a, b) => a.localeCompare(b)),
      "one row per renewed phone",
    );
    expect(rows[0]).to.deep.equal([
      "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6",
      "store-sh-002",
      "2026-02-20 23:59:59",
      "2027-03-15 23:59:59",
      "1 year + 23 days",
      "CNY 598.00",
      "exact: Billing Center renew-rate",
    ]);
    expect(await page.textContent("p.totals")).to.equal("Total: 4 phones · CNY 856.13");
    expect(await tableText(page, "table.mode-changes")).to.deep.equal([
      ["5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a", "store-sz-004", "manual → auto"],
    ]);
    const lanes = await page.$$eval("svg g.lane", (groups) =>
      groups.map((g) => g.getAttribute("data-phone-id")),
    );
    expect(lanes.sort()).to.deep.equal(Object.keys(answers.phones).sort());
    expect(await page.locator("svg .renewal-day-tick").count()).to.equal(15);
    expect(await page.locator("svg .now-line").count()).to.equal(1);
    const table = await page.locator("table.renewals").boundingBox();
    expect(table?.width, "the table fits the window").to.be.at.most(WIDTH);
  });

  it("builds the page of what an up paid: one row per renewal with its order, one per order, the total", async () => {
    await page.goto(pathToFileURL(upFile).href);
    const png = path.join(outputDir, "up-screenshot.png");
    expect(pngSize(await page.screenshot({ path: png }))).to.deep.equal({ width: WIDTH, height: HEIGHT });
    expect(
      (await tableText(page, "table.renewals")).map((cells) => [cells[0], cells[2], cells[6]]),
    ).to.deep.equal([
      ["1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6", "CS2601260200BBBBB", "CNY 598.00"],
      ["6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b", "CS2601260200AAAAA", "CNY 52.27"],
    ]);
    expect(await tableText(page, "table.orders")).to.deep.equal([
      ["CS2601260200AAAAA", "1", "CNY 52.27"],
      ["CS2601260200BBBBB", "1", "CNY 598.00"],
    ]);
    expect(await page.textContent("p.totals")).to.equal("Total paid: CNY 650.27");
  });
});
