// How many calls a second per API this stack's client may make: its share of the account's budget at the Billing
// Center gateway, which counts every client of the account together (all shards' stacks, whatever their keys).
import { parseShard } from "./shard";

/** The gateway's published limit: calls a second per account and API. */
export const GATEWAY_CALLS_PER_SECOND = 10;

/** `koophone:callsPerSecond` as configured, else the gateway's limit split evenly between the shards of `shard`. */
export function callsPerSecondOf(configured: string | undefined, shard: string | undefined): number {
  if (configured !== undefined) {
    const rate = Number(configured);
    if (!/^\s*\d+\s*$/.test(configured) || rate < 1) {
      throw new Error(
        `koophone:callsPerSecond "${configured}" is not allowed: use a whole number of calls a second per API, ` +
          `1 or more (the gateway allows ${GATEWAY_CALLS_PER_SECOND} per account, shared by all its stacks)`,
      );
    }
    return rate;
  }
  if (shard === undefined) return GATEWAY_CALLS_PER_SECOND;
  // Never below one call a second: with more shards than the budget, set callsPerSecond and expect 429s.
  return Math.max(1, Math.floor(GATEWAY_CALLS_PER_SECOND / parseShard("koophone:shard", shard).count));
}
