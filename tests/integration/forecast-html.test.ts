// The forecast's HTML page in headless Chromium (as tests/integration/audit-html.test.ts renders the report's): a
// screenshot, and the DOM the browser built: the monthly bars, the tables. Kept in .test-output/audit/.
import { expect } from "chai";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DateTime, Duration } from "luxon";
import type { Browser, Page } from "playwright-core";
import { Forecast, ForecastPhone, forecast, simulateFleet } from "../../audit/forecast";
import { renderForecastHtml } from "../../audit/forecast-html";
import { DEFAULT_SETTINGS } from "../../provider/planner/settings";
import { HEIGHT, WIDTH, openOfflinePage } from "../support/offline-browser";

const outputDir = path.join(__dirname, "../../.test-output/audit");

const START = DateTime.fromISO("2026-12-03T02:00:00Z", { zone: "utc" });

function phone(
  phoneId: string,
  name: string,
  expireTime: string,
  unit: "month" | "year",
  count = 1,
): ForecastPhone {
  return {
    phoneId,
    name,
    expireTime,
    settings: { ...DEFAULT_SETTINGS, period: { unit, count }, renewalDay: 20 },
    renewalDay: 20,
  };
}

function tableText(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")),
  );
}

describe("audit: the forecast's HTML page in headless Chromium", function () {
  this.timeout(120_000);
  const htmlFile = path.join(outputDir, "forecast.html");
  let browser: Browser;
  let page: Page;
  let result: Forecast;

  before(async () => {
    const phones = [
      phone("1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6", "store-sh-001", "2027-01-19T15:59:59Z", "year"),
      phone("6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b", "store-sh-002", "2026-12-20T15:59:59Z", "month"),
      phone("5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a", "store-sz-003", "2027-03-20T15:59:59Z", "month", 3),
      phone("9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4", "store-sz-004", "2027-05-07T15:59:59Z", "month"),
    ];
    // Today's unit prices: 1290.00 a year, 129.00 a month.
    const unitPrices = new Map<string, Map<string, number>>();
    for (const p of phones) {
      const { unit, count } = p.settings.period;
      unitPrices.set(p.phoneId, new Map([[`${count} ${unit}`, unit === "year" ? 129_000 : 12_900]]));
    }
    const end = START.plus({ months: 12 });
    result = forecast({
      simulated: simulateFleet(phones, START, end),
      unitPrices,
      currency: "CNY",
      start: START,
      end,
    });
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(
      htmlFile,
      renderForecastHtml({
        forecast: result,
        unmanaged: [
          {
            phoneId: "0f0e0d0c0b0a49988776655443322110",
            name: "lab-001",
            expireTime: "2026-12-24T15:59:59Z",
            daysLeft: 21,
          },
        ],
        unmanagedWithin: Duration.fromISO("P30D"),
        notForecast: [],
        renewalDayUnknown: [],
      }),
    );
    ({ browser, page } = await openOfflinePage());
    await page.goto(pathToFileURL(htmlFile).href);
  });

  after(async () => {
    await browser?.close();
  });

  it("is self-contained and renders to a screenshot of the window's size", async () => {
    expect(readFileSync(htmlFile, "utf8")).to.not.match(/\s(src|href)=|url\(|@import|<script|<link/i);
    const png = path.join(outputDir, "forecast-screenshot.png");
    rmSync(png, { force: true });
    const bytes = await page.screenshot({ path: png });
    expect(bytes.length, "a blank page compresses to a few KB").to.be.greaterThan(30_000);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).to.deep.equal([WIDTH, HEIGHT]);
  });

  it("draws one bar per month, its height in proportion to the month's amount", async () => {
    const bars = await page.$$eval("svg.forecast-chart g.bar", (groups) =>
      groups.map((g) => ({
        month: g.getAttribute("data-month") ?? "",
        // As the browser laid the bar out.
        height: g.querySelector("rect")?.getBoundingClientRect().height ?? -1,
      })),
    );
    expect(bars.map((b) => b.month)).to.deep.equal(result.months.map((m) => m.month));
    const amounts = result.months.map((m) => Number(m.amount));
    const tallest = bars.reduce((a, b) => (b.height > a.height ? b : a));
    expect(Number(result.months.find((m) => m.month === tallest.month)?.amount)).to.equal(
      Math.max(...amounts),
    );
    for (const [i, bar] of bars.entries()) {
      const expected = (amounts[i] / Math.max(...amounts)) * tallest.height;
      expect(bar.height, bar.month).to.be.closeTo(expected, 0.01);
      if (amounts[i] === 0) expect(bar.height, bar.month).to.equal(0);
    }
    const chart = await page.locator("svg.forecast-chart").boundingBox();
    expect(chart?.width, "the chart fits the window").to.be.at.most(WIDTH);
  });

  it("lists each month (phones, orders, amount), each renewal, the total and the phones nobody manages", async () => {
    const months = await tableText(page, "table.months");
    expect(months).to.deep.equal(
      result.months.map((m) => [m.month, String(m.phones), String(m.orders), `CNY ${m.amount}`]),
    );
    const renewals = await tableText(page, "table.phones");
    expect(renewals.length).to.equal(result.phones.reduce((n, p) => n + p.renewals.length, 0));
    expect(renewals[0]).to.deep.equal([
      "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6",
      "store-sh-001",
      "2026-12-21",
      "2027-01-19 23:59:59",
      "2028-01-20 23:59:59",
      "1 year + 1 day",
      "CNY 1293.53",
    ]);
    expect(await page.textContent("p.totals")).to.equal(`Total: CNY ${result.total}`);
    expect(await tableText(page, "table.unmanaged")).to.deep.equal([
      ["0f0e0d0c0b0a49988776655443322110", "lab-001", "2026-12-24 23:59:59", "21"],
    ]);
    const table = await page.locator("table.phones").boundingBox();
    expect(table?.width, "the table fits the window").to.be.at.most(WIDTH);
  });
});
