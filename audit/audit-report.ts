// Everything the Markdown comment and the HTML page show, computed once from the preview and the cloud's answers.
import { DateTime } from "luxon";
import type { RenewalDay } from "../provider/planner/renewal-day";
import { Quote, chargeOf } from "./charges";
import { CloudPhones, currentExpiry } from "./cloud-phone";
import { ModeChange, modeChanges } from "./mode-changes";
import {
  RenewalDayChange,
  phoneChanges,
  plannedPeriod,
  renewalDayChangeOf,
  renewalDayOf,
} from "./phone-changes";
import type { Preview } from "./preview-json";
import { RenewalRow, RenewalTotals, renewalRows, renewalTotals, withCharges } from "./renewal-rows";
import type { TimelineLane } from "./timeline-svg";
import type { UnmanagedSection } from "./unmanaged-section";

export interface AuditReport {
  now: DateTime;
  renewalDay?: RenewalDay;
  /** The renewal day this `up` applies before renewing, when it changes. */
  renewalDayChange?: RenewalDayChange;
  rows: RenewalRow[];
  totals: RenewalTotals;
  modeChanges: ModeChange[];
  /** Every subscribed phone, renewed or not, by phone id. */
  lanes: TimelineLane[];
  /** Whether Billing Center was asked (prices, names, current expiries); false with --no-prices. */
  cloudAsked: boolean;
  /** Resource names of subscriptions whose phone id or renewal is unknown at preview. */
  unresolved: string[];
  /** The account's phones nobody manages that expire soon; absent when the cloud was not asked. */
  unmanaged?: UnmanagedSection;
}

export interface AuditInput {
  preview: Preview;
  cloud: CloudPhones;
  /** renew-rate's answers by phone id. */
  quotes: ReadonlyMap<string, Quote>;
  now: DateTime;
  cloudAsked: boolean;
  unmanaged?: UnmanagedSection;
}

/**
 * The unmanaged phones of a preview that leaves out the resources that do not change (no --show-sames): the
 * subscriptions among them are not seen, so their phones may be listed too.
 */
function withCaveat(section: UnmanagedSection, preview: Preview): UnmanagedSection {
  const shown = preview.steps.filter((step) => step.op === "same").length;
  const leftOut = (preview.changeSummary.same ?? 0) - shown;
  if (leftOut <= 0) return section;
  return {
    ...section,
    caveat:
      `This preview leaves out ${leftOut} unchanged resource${leftOut === 1 ? "" : "s"}: phones their ` +
      "subscriptions manage are listed here too. Run pulumi preview --json --show-sames.",
  };
}

export function auditReport(input: AuditInput): AuditReport {
  const { changes, unresolved } = phoneChanges(input.preview);
  const dayChange = renewalDayChangeOf(input.preview);
  const charges = new Map(
    changes.flatMap(({ phoneId, renewal }) =>
      renewal === undefined || !input.cloudAsked
        ? []
        : [[phoneId, chargeOf(renewal, input.quotes.get(phoneId), dayChange)] as const],
    ),
  );
  const rows = withCharges(renewalRows(changes, input.cloud), charges);
  const modes = modeChanges(changes, input.cloud);
  const modeOf = new Map(modes.map((change) => [change.phoneId, change]));
  const lanes = changes
    .map((change): TimelineLane => ({
      phoneId: change.phoneId,
      label: input.cloud.get(change.phoneId)?.name ?? change.resourceName,
      before: change.renewal?.from ?? currentExpiry(change, input.cloud),
      renewal: change.renewal && {
        to: change.renewal.to,
        periods: plannedPeriod(change.renewal),
        extraDays: change.renewal.extraDays,
      },
      modeChange: modeOf.get(change.phoneId),
    }))
    .sort((a, b) => a.phoneId.localeCompare(b.phoneId));
  return {
    now: input.now,
    renewalDay: renewalDayOf(input.preview),
    renewalDayChange: dayChange,
    rows,
    totals: renewalTotals(rows),
    modeChanges: modes,
    lanes,
    cloudAsked: input.cloudAsked,
    unresolved,
    ...(input.unmanaged === undefined ? {} : { unmanaged: withCaveat(input.unmanaged, input.preview) }),
  };
}
