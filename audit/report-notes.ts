// The notes under the report: how to read it. Plain text, escaped by each renderer.
import type { AuditReport } from "./audit-report";
import { NEW_PHONE, TIME_ZONE_NOTE, formatRenewalDay } from "./display-values";

export function reportNotes(report: AuditReport): string[] {
  const day = report.renewalDay === undefined ? "none declared" : formatRenewalDay(report.renewalDay);
  const notes = [
    `Times are in ${TIME_ZONE_NOTE}. Standard renewal day: ${day}.`,
    "Renewals as the provider planned them at this preview: the expiry each starts from, the one it gives, the " +
      "periods ordered and the days added to reach the standard renewal day (charged pro rata).",
  ];
  if (report.cloudAsked) {
    notes.push(
      'Amounts: what the following up pays, before coupons and discounts. "exact" is Billing Center\'s renew-rate ' +
        'price of that very renewal; "estimated" means Billing Center cannot price it yet (this up sets the ' +
        "renewal day first): the unit price comes from renew-rate and each added day costs a 30th of a monthly " +
        "price (a 365th of a yearly one). Names and modes as KooPhone and Billing Center report them now.",
    );
  } else {
    notes.push(
      "Ran with --no-prices: no amounts; names in italics are Pulumi resource names; expiries and modes of " +
        `phones not renewed are those recorded in state, and ${NEW_PHONE} marks a new subscription whose phone ` +
        "was not looked up.",
    );
  }
  if (report.renewalDayChange !== undefined && report.renewalDayChange.before === undefined) {
    notes.push(
      "This up sets the account's renewal day for the first time from this stack: estimates assume Billing " +
        "Center has no renewal day yet (one set elsewhere would already be in renew-rate's price).",
    );
  }
  if (report.unresolved.length > 0) {
    notes.push(`Phone id or renewal unknown until up, not audited: ${report.unresolved.join(", ")}.`);
  }
  return notes;
}
