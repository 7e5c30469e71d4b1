import { RenewalDay, renewalDayFromConfigValue } from "./renewal-day";

/**
 * The account's renewal day as the provider configuration states it (`koophone:renewalDay`): a day, or "none"
 * when the account has no standard renewal day. Billing Center has no API to read it.
 */
export type AccountRenewalDay = RenewalDay | "none";

/** The renewal day a plan lined up with, or "unknown" when neither a policy nor the configuration states one. */
export type PlannedRenewalDay = AccountRenewalDay | "unknown";

/** Parses `koophone:renewalDay` ("1".."28", "last" or "none"); undefined for anything else. */
export function parseAccountRenewalDay(text: string): AccountRenewalDay | undefined {
  if (text === "none" || text === "last") return text;
  return text === "-1" ? undefined : renewalDayFromConfigValue(text);
}

/**
 * Which renewal day Billing Center will apply to a subscription's renewal: its policy's (the policy sets it on the
 * account first), else the one the configuration states for the account.
 */
export function plannedRenewalDay(
  policyDay: RenewalDay | undefined,
  accountDay: AccountRenewalDay | undefined,
): PlannedRenewalDay {
  return policyDay ?? accountDay ?? "unknown";
}

/** The day to line renewals up with, when one is known to apply. */
export function alignmentDay(day: PlannedRenewalDay): RenewalDay | undefined {
  return day === "none" || day === "unknown" ? undefined : day;
}
