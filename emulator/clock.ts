// The virtual clock: it stands still unless the admin API sets or advances it, so runs are deterministic.
// It is stored in the state as an API time string (whole seconds, UTC).
import { DateTime } from "luxon";
import { formatApiTime, parseApiTime } from "../provider/planner/billing-time";
import type { EmulatorState } from "./types";

export function clockNow(state: EmulatorState): DateTime {
  return parseApiTime(state.now);
}

/** Any ISO 8601 instant, truncated to the second; undefined when it is not one. */
export function parseIsoInstant(text: string): DateTime | undefined {
  const parsed = DateTime.fromISO(text, { zone: "utc", setZone: false });
  return parsed.isValid ? parsed.toUTC().startOf("second") : undefined;
}

export function toApiTime(time: DateTime): string {
  return formatApiTime(time);
}

/** The HTTP `Date` header value (RFC 7231 IMF-fixdate) of the virtual clock. */
export function httpDate(state: EmulatorState): string {
  return clockNow(state).toJSDate().toUTCString();
}
