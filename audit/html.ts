// The audit as one self-contained HTML page: tables and the inline SVG timeline, no external resources.
import { BILLING_ZONE } from "../provider/planner/billing-time";
import type { AuditReport } from "./audit-report";
import {
  formatAmounts,
  formatCharge,
  formatExpiry,
  formatMode,
  formatPeriods,
  formatPricing,
  formatTotals,
  plural,
} from "./display-values";
import type { ModeChange } from "./mode-changes";
import type { RenewalRow } from "./renewal-rows";
import { reportNotes } from "./report-notes";
import { renderTimelineSvg } from "./timeline-svg";
import { escapeXml } from "./xml-escape";

const STYLE = `
body { margin: 0; background: #ffffff; color: #1f2328;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 14px; }
main { max-width: 1120px; margin: 0 auto; padding: 16px 24px 32px; }
h1 { font-size: 22px; margin: 4px 0 6px; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
p.summary { margin: 0 0 6px; }
p.as-of { margin: 0; color: #6e7781; font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 5px 8px; text-align: left; white-space: nowrap; }
th { background: #f6f8fa; font-weight: 600; }
td.amount, th.amount { text-align: right; }
td.phone-id { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
td.name { white-space: normal; overflow-wrap: anywhere; }
td.pricing { white-space: normal; font-size: 12px; color: #57606a; }
td.pricing.estimated { color: #9a6700; }
.resource-name { font-style: italic; color: #6e7781; }
.unavailable { color: #9a6700; white-space: normal; }
p.totals { margin: 8px 0 0; }
figure { margin: 0; overflow-x: auto; }
ul.notes { color: #57606a; font-size: 12px; padding-left: 18px; }
`;

function cell(content: string, cls?: string): string {
  return cls === undefined ? `<td>${content}</td>` : `<td class="${cls}">${content}</td>`;
}

function nameCell(name: string | undefined, resourceName: string): string {
  return name !== undefined
    ? cell(escapeXml(name), "name")
    : cell(`<span class="resource-name">${escapeXml(resourceName)}</span>`, "name");
}

function pricingCell(row: RenewalRow): string {
  const text = escapeXml(formatPricing(row.charge, row.periods));
  const kind = row.charge?.kind ?? "not-asked";
  return cell(kind === "unpriced" ? `<span class="unavailable">${text}</span>` : text, `pricing ${kind}`);
}

function renewalRowHtml(row: RenewalRow): string {
  return (
    `<tr data-phone-id="${escapeXml(row.phoneId)}">` +
    cell(escapeXml(row.phoneId), "phone-id") +
    nameCell(row.name, row.resourceName) +
    cell(formatExpiry(row.currentExpiry)) +
    cell(formatExpiry(row.newExpiry)) +
    cell(formatPeriods(row.periods, row.extraDays)) +
    cell(escapeXml(formatCharge(row.charge)), "amount") +
    pricingCell(row) +
    "</tr>"
  );
}

function renewalsSection(report: AuditReport): string {
  if (report.rows.length === 0) return "<p>No phone is renewed by this preview.</p>";
  const header =
    "<tr><th>Phone</th><th>Name</th><th>Current expiry</th><th>New expiry</th><th>Periods</th>" +
    '<th class="amount">Amount</th><th>Pricing</th></tr>';
  return (
    `<table class="renewals"><thead>${header}</thead><tbody>${report.rows.map(renewalRowHtml).join("")}` +
    `</tbody></table><p class="totals"><strong>Total:</strong> ${escapeXml(formatTotals(report.totals))}</p>`
  );
}

function modeRowHtml(change: ModeChange): string {
  return (
    `<tr data-phone-id="${escapeXml(change.phoneId)}">` +
    cell(escapeXml(change.phoneId), "phone-id") +
    nameCell(change.name, change.resourceName) +
    cell(`${escapeXml(formatMode(change.from))} → ${escapeXml(formatMode(change.to))}`) +
    "</tr>"
  );
}

function modeSection(changes: ModeChange[]): string {
  if (changes.length === 0) return "<p>No phone changes mode.</p>";
  return (
    '<table class="mode-changes"><thead><tr><th>Phone</th><th>Name</th><th>Mode (now → after up)</th></tr>' +
    `</thead><tbody>${changes.map(modeRowHtml).join("")}</tbody></table>`
  );
}

function summary(report: AuditReport): string {
  const { rows, totals } = report;
  if (rows.length === 0) return "No phone is renewed by this preview.";
  const phones = `<strong>${plural(rows.length, "phone")}</strong> will be renewed`;
  const amount = totals.amounts.length > 0 ? ` for <strong>${escapeXml(formatAmounts(totals))}</strong>` : "";
  return `${phones}${amount}.`;
}

export function renderHtml(report: AuditReport): string {
  const asOf = report.now.setZone(BILLING_ZONE).toFormat("yyyy-MM-dd HH:mm");
  const timeline = renderTimelineSvg({ lanes: report.lanes, now: report.now, renewalDay: report.renewalDay });
  return [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>KooPhone renewal audit</title><style>${STYLE}</style></head>`,
    "<body><main>",
    "<h1>KooPhone renewals in this preview</h1>",
    `<p class="summary">${summary(report)}</p>`,
    `<p class="as-of">As of ${asOf} (UTC+8).</p>`,
    `<section><h2>Renewals</h2>${renewalsSection(report)}</section>`,
    `<section><h2>Expiry timeline</h2><figure>${timeline}</figure></section>`,
    `<section><h2>Mode changes</h2>${modeSection(report.modeChanges)}</section>`,
    `<section><h2>Notes</h2><ul class="notes">${reportNotes(report)
      .map((note) => `<li>${escapeXml(note)}</li>`)
      .join("")}</ul></section>`,
    "</main></body></html>",
    "",
  ].join("\n");
}
