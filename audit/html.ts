// The audit as one self-contained HTML page: tables and the inline SVG timeline, no external resources.
import { BILLING_ZONE } from "../provider/planner/billing-time";
import type { AuditReport } from "./audit-report";
import {
  formatAmounts,
  formatCharge,
  formatExpiry,
  formatNewExpiry,
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
import { cell, htmlPage } from "./html-page";
import { unmanagedHtml } from "./unmanaged-section";
import { escapeXml } from "./xml-escape";

function nameCell(name: string | undefined, resourceName: string): string {
  return name !== undefined
    ? cell(escapeXml(name), "name")
    : cell(`<span class="resource-name">${escapeXml(resourceName)}</span>`, "name");
}

function pricingCell(row: RenewalRow): string {
  const text = escapeXml(formatPricing(row.charge, row.extraDays));
  const kind = row.charge?.kind ?? "not-asked";
  return cell(kind === "unpriced" ? `<span class="unavailable">${text}</span>` : text, `pricing ${kind}`);
}

function renewalRowHtml(row: RenewalRow): string {
  return (
    `<tr data-phone-id="${escapeXml(row.phoneId)}">` +
    cell(escapeXml(row.phoneId), "phone-id") +
    nameCell(row.name, row.resourceName) +
    cell(formatExpiry(row.currentExpiry)) +
    cell(formatNewExpiry(row.newExpiry, row.renewalDayUnknown)) +
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
  return htmlPage("KooPhone renewal audit", [
    "<h1>KooPhone renewals in this preview</h1>",
    `<p class="summary">${summary(report)}</p>`,
    `<p class="as-of">As of ${asOf} (UTC+8).</p>`,
    `<section><h2>Renewals</h2>${renewalsSection(report)}</section>`,
    `<section><h2>Expiry timeline</h2><figure>${timeline}</figure></section>`,
    `<section><h2>Mode changes</h2>${modeSection(report.modeChanges)}</section>`,
    ...(report.unmanaged === undefined ? [] : [unmanagedHtml(report.unmanaged)]),
    `<section><h2>Notes</h2><ul class="notes">${reportNotes(report)
      .map((note) => `<li>${escapeXml(note)}</li>`)
      .join("")}</ul></section>`,
  ]);
}
