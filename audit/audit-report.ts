// Everything the Markdown comment and the HTML page show, computed once from the preview and the cloud's answers.
import { DateTime } from "luxon";
import type { RenewalDay } from "../provider/planner/renewal-day";
import { CloudPhones, currentExpiry } from "./cloud-phone";
import { ModeChange, modeChanges } from "./mode-changes";
import { phoneChanges, renewalDayOf } from "./phone-changes";
import type { Preview } from "./preview-json";
import { Quote, RenewalRow, RenewalTotals, renewalRows, renewalTotals, withQuotes } from "./renewal-rows";
import type { TimelineLane } from "./timeline-svg";

export interface AuditReport {
  now: DateTime;
  renewalDay?: RenewalDay;
  rows: RenewalRow[];
  totals: RenewalTotals;
  modeChanges: ModeChange[];
  /** Every subscribed phone, renewed or not, by phone id. */
  lanes: TimelineLane[];
  /** Whether Billing Center was asked (prices, names, current expiries); false with --no-prices. */
  cloudAsked: boolean;
  /** Resource names of subscriptions whose phone id is unknown at preview. */
  unresolved: string[];
}

export interface AuditInput {
  preview: Preview;
  cloud: CloudPhones;
  quotes: ReadonlyMap<string, Quote>;
  now: DateTime;
  cloudAsked: boolean;
}

export function auditReport(input: AuditInput): AuditReport {
  const { changes, unresolved } = phoneChanges(input.preview);
  const rows = withQuotes(renewalRows(changes, input.cloud), input.quotes);
  const renewed = new Map(rows.map((row) => [row.phoneId, row]));
  const modes = modeChanges(changes, input.cloud);
  const modeOf = new Map(modes.map((change) => [change.phoneId, change]));
  const lanes = changes
    .map((change): TimelineLane => {
      const row = renewed.get(change.phoneId);
      return {
        phoneId: change.phoneId,
        label: input.cloud.get(change.phoneId)?.name ?? change.resourceName,
        before: currentExpiry(change, input.cloud),
        after: row?.newExpiry,
        periods: row?.periods,
        extraDays: row?.extraDays,
        modeChange: modeOf.get(change.phoneId),
      };
    })
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId));
  return {
    now: input.now,
    renewalDay: renewalDayOf(input.preview),
    rows,
    totals: renewalTotals(rows),
    modeChanges: modes,
    lanes,
    cloudAsked: input.cloudAsked,
    unresolved,
  };
}
