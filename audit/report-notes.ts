// The notes under the report: how to read it. Plain text, escaped by each renderer.
import type { AuditReport } from "./audit-report";
import { NEW_PHONE, TIME_ZONE_NOTE, formatRenewalDay } from "./display-values";

export function reportNotes(report: AuditReport): string[] {
  const day = report.renewalDay === undefined ? "none declared" : formatRenewalDay(report.renewalDay);
  const notes = [
    `Times are in ${TIME_ZONE_NOTE}. Standard renewal day: ${day}.`,
    "Periods: the whole renewal units (the phone's own \"period\", else its policy's, else months) between the " +
      "current and the new expiry, then the days added to reach the standard renewal day (charged pro rata).",
  ];
  if (report.cloudAsked) {
    notes.push(
      "Amounts: Billing Center renew-rate estimates, before coupons and discounts. " +
        "Names, current expiries and modes as KooPhone and Billing Center report them now.",
    );
  } else {
    notes.push(
      "Ran with --no-prices: no amounts; names in italics are Pulumi resource names; expiries and modes are " +
        `those recorded in state, and ${NEW_PHONE} marks a new subscription whose phone was not looked up.`,
    );
  }
  if (report.unresolved.length > 0) {
    notes.push(`Phone id unknown until up, not audited: ${report.unresolved.join(", ")}.`);
  }
  return notes;
}
