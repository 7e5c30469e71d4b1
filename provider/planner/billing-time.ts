import { DateTime } from "luxon";

/** KooPhone billing cycles end at 23:59:59 in UTC+8. */
export const BILLING_ZONE = "UTC+8";

const API_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

/** Parses the API's UTC time format (`2026-01-31T15:59:59Z`); throws on anything else. */
export function parseApiTime(text: string): DateTime {
  const parsed = DateTime.fromFormat(text, API_FORMAT, { zone: "utc" });
  if (!parsed.isValid) {
    throw new Error(`"${text}" is not an API time (expected yyyy-MM-ddTHH:mm:ssZ in UTC)`);
  }
  return parsed;
}

/** Formats a time the way the API writes it: UTC, whole seconds. */
export function formatApiTime(time: DateTime): string {
  return time.toUTC().toFormat(API_FORMAT);
}

/** The end of the billing day that contains `time`: 23:59:59 UTC+8. */
export function endOfBillingDay(time: DateTime): DateTime {
  return time.setZone(BILLING_ZONE).set({ hour: 23, minute: 59, second: 59, millisecond: 0 });
}
