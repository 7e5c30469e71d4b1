// How many ids one call may carry, per API (the Billing Center's and KooPhone's documented maximums).
export const BATCH_LIMIT = {
  query: 50,
  renew: 10,
  rate: 10,
  "to-on-demand": 100,
  "instances-status": 100,
} as const;
