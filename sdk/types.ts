/** A renewal duration: `count` months (1-11 per order) or years (1-3 per order). */
export interface PeriodArgs {
  unit: "month" | "year";
  count: number;
}

/**
 * The Billing Center tab a phone belongs in:
 * - `manual`: auto-renew off and no pay-per-use after expiry; Pulumi renews when coverage runs short.
 * - `auto`: auto-renew on (Billing Center charges DEDUCTION_DATE days before expiry).
 * - `payPerUseAfterExpiry`: the phone switches to pay-per-use when it expires.
 * ("Renewals Canceled" has no API and is refused at preview.)
 */
export type RenewalMode = "manual" | "auto" | "payPerUseAfterExpiry";

/** The standard renewal day: 1-28, or "last" for the last day of each month. */
export type RenewalDayArg = number | "last";

/** What the last renewal placed by Pulumi did. */
export interface LastRenewal {
  orderId: string;
  period: PeriodArgs;
  amount: number;
  currency: string;
  from: string;
  to: string;
}
