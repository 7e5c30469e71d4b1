/**
 * The SDK's names for the provider's state types, imported type-only so that the SDK and the provider agree by
 * construction.
 */
import type { Period } from "../provider/planner/period";

export type { RenewalDay as RenewalDayArg } from "../provider/planner/renewal-day";
export type { Mode as RenewalMode } from "../provider/planner/settings";
export type { LastRenewal, PlannedRenewal } from "../provider/resources/subscription-state";

/** A renewal duration: `count` months (1-11 per order) or years (1-3 per order). */
export type PeriodArgs = Period;
