import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { AuditReport, auditReport } from "../../audit/audit-report";
import type { CloudPhone } from "../../audit/cloud-phone";
import { COMMENT_MARKER, renderMarkdown } from "../../audit/markdown";
import { escapeMarkdown } from "../../audit/markdown-table";
import { POLICY_TYPE, parsePreviewJson } from "../../audit/preview-json";
import type { Quote } from "../../audit/charges";
import { parseApiTime } from "../../provider/planner/billing-time";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures", name), "utf8");
const preview = parsePreviewJson(fixture("preview-fleet.json"));
const answers = JSON.parse(fixture("preview-fleet-cloud.json")) as {
  now: string;
  phones: Record<string, CloudPhone>;
  quotes: Record<string, Quote>;
};

function report(cloudAsked: boolean, quotes: Record<string, Quote> = answers.quotes): AuditReport {
  return auditReport({
    preview,
    cloud: cloudAsked ? new Map(Object.entries(answers.phones)) : new Map(),
    quotes: cloudAsked ? new Map(Object.entries(quotes)) : new Map(),
    now: parseApiTime(answers.now),
    cloudAsked,
  });
}

/** The table rows (lines starting with "| `") of the section that follows `heading`. */
function tableRows(markdown: string, heading: string): string[] {
  const section = markdown.slice(markdown.indexOf(heading));
  const lines = section.split("\n").slice(1);
  const end = lines.findIndex((line, i) => i > 2 && !line.startsWith("|"));
  return lines.slice(0, end).filter((line) => line.startsWith("| `"));
}

describe("audit: Markdown comment", () => {
  const priced = renderMarkdown(report(true));

  it("starts with the marker a bot finds its comment by", () => {
    expect(priced.split("\n")[0]).to.equal(COMMENT_MARKER);
  });

  it("has one row per renewed phone: id, name, expiries in UTC+8, periods, amount, how it was priced", () => {
    const rows = tableRows(priced, "## KooPhone renewals");
    const exact = "exact: Billing Center renew-rate";
    expect(rows).to.deep.equal([
      `| \`1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6\` | store-sh-002 | 2026-02-20 23:59:59 | 2027-03-15 23:59:59 | 1 year + 23 days | CNY 598.00 | ${exact} |`,
      `| \`3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b\` | store-cd-005 | 2026-02-10 23:59:59 | 2026-05-15 23:59:59 | 3 months + 5 days | CNY 161.33 | ${exact} |`,
      `| \`6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b\` | store-bj-001 | 2026-02-03 23:59:59 | 2026-03-15 23:59:59 | 1 month + 12 days | CNY 52.27 | ${exact} |`,
      `| \`7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6\` | store-wh-006 | 2026-02-08 23:59:59 | 2026-03-15 23:59:59 | 1 month + 7 days | CNY 44.53 | ${exact} |`,
    ]);
  });

  it("marks an amount as estimated, and why, when this up sets the renewal day first", () => {
    // The first up of the stack: the policy is created, so Billing Center has no renewal day yet.
    const firstUp = {
      ...preview,
      steps: preview.steps.map((step) =>
        step.newState?.type === POLICY_TYPE ? { ...step, op: "create", oldState: undefined } : step,
      ),
    };
    const markdown = renderMarkdown(
      auditReport({
        preview: firstUp,
        cloud: new Map(Object.entries(answers.phones)),
        quotes: new Map([["6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b", { amount: "129.00", currency: "CNY" }]]),
        now: parseApiTime(answers.now),
        cloudAsked: true,
      }),
    );
    expect(tableRows(markdown, "## KooPhone renewals")).to.include(
      "| `6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b` | store-bj-001 | 2026-02-03 23:59:59 | 2026-03-15 23:59:59 | 1 month + 12 days | CNY 180.60 | estimated: renewal day 15 is set by this up; 12 days at CNY 129.00/30 |",
    );
    expect(markdown).to.include("**Total:** 4 phones · CNY 180.60 · 1 estimated · 3 phones not priced\n");
    expect(markdown).to.include("estimates assume Billing Center has no renewal day yet");
  });

  it("says a new expiry may come later when the plan did not know the account's renewal day", () => {
    const unstated = parsePreviewJson(
      fixture("preview-fleet.json").replaceAll('"renewalDay": 15\n', '"renewalDay": "unknown"\n'),
    );
    const markdown = renderMarkdown(
      auditReport({
        preview: unstated,
        cloud: new Map(),
        quotes: new Map(),
        now: parseApiTime(answers.now),
        cloudAsked: false,
      }),
    );
    expect(tableRows(markdown, "## KooPhone renewals")[2]).to.include(
      "| 2026-02-03 23:59:59 | 2026-03-15 23:59:59 or later (the account's renewal day is not stated) | 1 month + 12 days |",
    );
  });

  it("does not list phones that are not renewed", () => {
    const rows = tableRows(priced, "## KooPhone renewals").join("\n");
    expect(rows).to.not.include("9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4");
    expect(rows).to.not.include("5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a");
  });

  it("gives the totals: phones and amount per currency", () => {
    expect(priced).to.include("**4 phones** will be renewed for **CNY 856.13**.");
    expect(priced).to.include("**Total:** 4 phones · CNY 856.13\n");
  });

  it("has a section for the phone whose mode changes", () => {
    expect(tableRows(priced, "### Mode changes")).to.deep.equal([
      "| `5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a` | store-sz-004 | manual → auto |",
    ]);
  });

  it("with --no-prices: resource names in italics, the planned renewal, no amounts", () => {
    const markdown = renderMarkdown(report(false));
    const rows = tableRows(markdown, "## KooPhone renewals");
    expect(rows).to.have.length(4);
    expect(rows[3]).to.equal(
      "| `7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6` | _stores-7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6_ | 2026-02-08 23:59:59 | 2026-03-15 23:59:59 | 1 month + 7 days | — | not asked |",
    );
    expect(markdown).to.include("**4 phones** will be renewed.");
    expect(markdown).to.include("**Total:** 4 phones\n");
    expect(markdown).to.include("Ran with --no-prices");
    expect(tableRows(markdown, "### Mode changes")).to.include(
      "| `7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6` | _stores-7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6_ | (new) → manual |",
    );
  });

  it("shows why a phone has no price and counts it in the totals", () => {
    const quotes = {
      ...answers.quotes,
      "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b": { error: "CBC.30050010 pending order" },
    };
    const markdown = renderMarkdown(report(true, quotes));
    expect(markdown).to.include("| 1 month + 12 days | — | price unavailable: CBC.30050010 pending order |");
    expect(markdown).to.include("**Total:** 4 phones · CNY 803.86 · 1 phone not priced\n");
  });

  it("says so when nothing is renewed", () => {
    const empty = auditReport({
      preview: parsePreviewJson("{}"),
      cloud: new Map(),
      quotes: new Map(),
      now: parseApiTime(answers.now),
      cloudAsked: false,
    });
    const markdown = renderMarkdown(empty);
    expect(markdown).to.include("No phone is renewed by this preview.");
    expect(markdown).to.include("No phone changes mode.");
    expect(markdown).to.not.include("| Phone |");
  });

  it("escapes names so that they cannot break the table or inject markup", () => {
    expect(escapeMarkdown("a|b <img src=x> *c*\nd")).to.equal("a\\|b \\<img src=x\\> \\*c\\* d");
  });
});

describe("audit: a preview printed by the real engine", () => {
  // Captured with Pulumi v3.248.0 (see the fixture's _comment): the shape the command reads in CI.
  const engine = auditReport({
    preview: parsePreviewJson(fixture("preview-engine.json")),
    cloud: new Map(),
    quotes: new Map(),
    now: parseApiTime("2026-01-26T02:00:00Z"),
    cloudAsked: false,
  });
  const markdown = renderMarkdown(engine);

  it("lists the four due phones and the adopted one; the yearly phone that is not due is no row", () => {
    const rows = tableRows(markdown, "## KooPhone renewals");
    expect(rows.map((row) => row.split(" | ")[0].slice(3, -1))).to.deep.equal([
      "0d16e0a14f8202aadbc2329a9b5f1f36",
      "684a07c575f1122dcd615422630876fe",
      "7896c2facc062bc9fff9efd5af692a84",
      "9ac99158d6779cda5bb7febafc018d58",
      "c7724831b7ce5b4a8d80e4ec6b25b007",
    ]);
    expect(rows).to.include(
      "| `9ac99158d6779cda5bb7febafc018d58` | _phone-1_ | 2026-02-16 23:59:59 | 2026-04-15 23:59:59 | 1 month + 30 days | — | not asked |",
    );
    expect(markdown).to.not.include("e531381f9bc5be8b67bef75c4c857078` |");
  });

  it("sees the mode change, the renewal day of the policy, and (with --show-sames) every phone", () => {
    expect(tableRows(markdown, "### Mode changes")).to.deep.equal([
      "| `684a07c575f1122dcd615422630876fe` | _phone-5_ | (new) → manual |",
      "| `9ac99158d6779cda5bb7febafc018d58` | _phone-1_ | manual → auto |",
    ]);
    expect(engine.renewalDay).to.equal(15);
    expect(engine.lanes).to.have.length(6);
    expect(engine.lanes.find((lane) => lane.label === "phone-2")).to.deep.include({ renewal: undefined });
  });
});
