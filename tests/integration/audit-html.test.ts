// Renders the audit's HTML page in headless Chromium (Debian's `chromium`, installed by scripts/setup): a
// screenshot, and the DOM the browser built. The page and the screenshot are kept in .test-output/audit/.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { auditReport } from "../../audit/audit-report";
import type { CloudPhone } from "../../audit/cloud-phone";
import { renderHtml } from "../../audit/html";
import { parsePreviewJson } from "../../audit/preview-json";
import type { Quote } from "../../audit/charges";
import { parseApiTime } from "../../provider/planner/billing-time";

const CHROMIUM = "/usr/bin/chromium";
const WIDTH = 1200;
const HEIGHT = 900;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const outputDir = path.join(__dirname, "../../.test-output/audit");

const run = promisify(execFile);
const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures", name), "utf8");

/** Runs headless Chromium on a page with a fresh profile, no network services, and the given extra flags. */
async function chromium(htmlFile: string, ...flags: string[]): Promise<string> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "koophone-audit-chromium-"));
  try {
    const { stdout } = await run(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        `--window-size=${WIDTH},${HEIGHT}`,
        ...flags,
        `file://${htmlFile}`,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Width and height from the IHDR chunk, which PNG puts first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), "PNG signature").to.equal(true);
  expect(png.toString("ascii", 12, 16)).to.equal("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("audit: HTML page in headless Chromium", function () {
  this.timeout(120_000);
  const htmlFile = path.join(outputDir, "report.html");
  const answers = JSON.parse(fixture("preview-fleet-cloud.json")) as {
    now: string;
    phones: Record<string, CloudPhone>;
    quotes: Record<string, Quote>;
  };

  before(() => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run scripts/setup as root, or apt-get install -y chromium`);
    }
    const report = auditReport({
      preview: parsePreviewJson(fixture("preview-fleet.json")),
      cloud: new Map(Object.entries(answers.phones)),
      quotes: new Map(Object.entries(answers.quotes)),
      now: parseApiTime(answers.now),
      cloudAsked: true,
    });
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(htmlFile, renderHtml(report));
  });

  it("is self-contained: no external resource", () => {
    const html = readFileSync(htmlFile, "utf8");
    expect(html).to.not.match(/\s(src|href)=|url\(|@import|<script|<link/i);
  });

  it("renders to a screenshot of the window's size", async () => {
    const png = path.join(outputDir, "screenshot.png");
    rmSync(png, { force: true });
    await chromium(htmlFile, `--screenshot=${png}`);
    const bytes = readFileSync(png);
    expect(bytes.length, "a blank page compresses to a few KB").to.be.greaterThan(30_000);
    expect(pngSize(bytes)).to.deep.equal({ width: WIDTH, height: HEIGHT });
  });

  it("builds a DOM with the renewal rows, the mode change and one SVG lane per phone", async () => {
    const dom = await chromium(htmlFile, "--dump-dom");
    const rows = [...dom.matchAll(/<table class="renewals">[\s\S]*?<\/table>/g)][0][0];
    const rowIds = [...rows.matchAll(/<tr data-phone-id="([^"]+)">/g)].map((m) => m[1]);
    expect(rowIds).to.deep.equal(
      Object.keys(answers.quotes).sort((a, b) => a.localeCompare(b)),
      "one row per renewed phone",
    );
    expect(rows).to.include("store-sh-002").and.to.include("CNY 598.00");
    expect(dom).to.include("<strong>Total:</strong> 4 phones · CNY 856.13");
    expect(dom).to.match(/<table class="mode-changes">[\s\S]*store-sz-004[\s\S]*manual → auto/);
    const lanes = [...dom.matchAll(/<g class="lane" data-phone-id="([^"]+)">/g)].map((m) => m[1]);
    expect(lanes.sort()).to.deep.equal(Object.keys(answers.phones).sort());
    expect(dom.match(/class="renewal-day-tick"/g)).to.have.length(15);
    expect(dom).to.include('class="now-line"');
  });
});
