// The audit as a pull-request comment (GitHub-flavoured Markdown).
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
import { code, escapeMarkdown, table } from "./markdown-table";
import { reportNotes } from "./report-notes";
import type { RenewalRow } from "./renewal-rows";
import { unmanagedMarkdown } from "./unmanaged-section";

/** First line of every comment, so that a bot can find and update its previous one. */
export const COMMENT_MARKER = "<!-- koophone-audit -->";

function nameCell(name: string | undefined, resourceName: string): string {
  return name !== undefined ? escapeMarkdown(name) : `_${escapeMarkdown(resourceName)}_`;
}

function renewalTable(rows: RenewalRow[]): string[] {
  return table(
    ["Phone", "Name", "Current expiry", "New expiry", "Periods", "Amount", "Pricing"],
    ["left", "left", "left", "left", "left", "right", "left"],
    rows.map((row) => [
      code(row.phoneId),
      nameCell(row.name, row.resourceName),
      formatExpiry(row.currentExpiry),
      formatNewExpiry(row.newExpiry, row.renewalDayUnknown),
      formatPeriods(row.periods, row.extraDays),
      formatCharge(row.charge),
      escapeMarkdown(formatPricing(row.charge, row.extraDays)),
    ]),
  );
}

function modeSection(changes: ModeChange[]): string[] {
  const lines = ["### Mode changes", ""];
  if (changes.length === 0) return [...lines, "No phone changes mode."];
  return [
    ...lines,
    ...table(
      ["Phone", "Name", "Mode (now → after up)"],
      ["left", "left", "left"],
      changes.map((change) => [
        code(change.phoneId),
        nameCell(change.name, change.resourceName),
        `${formatMode(change.from)} → ${formatMode(change.to)}`,
      ]),
    ),
  ];
}

export function renderMarkdown(report: AuditReport): string {
  const { rows, totals } = report;
  const summary =
    rows.length === 0
      ? "No phone is renewed by this preview."
      : `**${plural(rows.length, "phone")}** will be renewed` +
        (totals.amounts.length > 0 ? ` for **${formatAmounts(totals)}**.` : ".");
  const lines = [COMMENT_MARKER, "## KooPhone renewals in this preview", "", summary, ""];
  if (rows.length > 0) lines.push(...renewalTable(rows), "");
  lines.push(
    `**Total:** ${formatTotals(totals)}`,
    "",
    ...modeSection(report.modeChanges),
    "",
    ...(report.unmanaged === undefined ? [] : [...unmanagedMarkdown(report.unmanaged, "###"), ""]),
    ...reportNotes(report).map((note) => `- ${escapeMarkdown(note)}`),
  );
  return `${lines.join("\n")}\n`;
}
