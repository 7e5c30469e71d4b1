// Short names of the Billing Center and KooPhone APIs the project calls: the client's error messages and rate
// limits, the emulator's call counters and fault targets all speak of an API by these names.

export const API_NAMES = [
  "query",
  "renew",
  "rate",
  "autorenew-on",
  "autorenew-off",
  "to-on-demand",
  "renew-config",
  "pay",
  "orders-list",
  "order-details",
  "order-cancel",
  "instances",
  "instances-status",
  "balances",
] as const;

export type ApiName = (typeof API_NAMES)[number];

/** The APIs that change something in the account; every other one only reads (what the tests and bench count). */
export const MUTATING_APIS: readonly string[] = [
  "renew",
  "pay",
  "order-cancel",
  "renew-config",
  "autorenew-on",
  "autorenew-off",
  "to-on-demand",
] satisfies ApiName[];
