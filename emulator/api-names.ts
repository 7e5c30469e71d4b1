// Short names of the emulated APIs: used by the call counters and to aim faults.

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
] as const;

export type ApiName = (typeof API_NAMES)[number];
