// Which shard (one of N stacks splitting an account's fleet) a phone belongs to. Both doors' Fleet and the
// provider's rate default read it here.
// Jump consistent hash (Lamping & Veach, 2014) over the first 64 bits of the id's SHA-256: from N to N + 1 shards
// only about 1/(N + 1) of the phones move, all of them to the new shard, and a phone's shard depends on its own id
// alone, so phones that come and go move no other. Hand-written: it is ten lines, and no maintained package has it.
import { createHash } from "node:crypto";

export interface Shard {
  /** 0 .. count - 1. */
  index: number;
  /** How many stacks split the fleet, 1 or more. */
  count: number;
}

/** The most shards a fleet may be split into: far more stacks than the gateway's budget can feed. */
export const MAX_SHARDS = 1000;

const MASK_64 = (1n << 64n) - 1n;
const JUMP_MULTIPLIER = 2862933555777941757n;

/** The first 64 bits of the id's SHA-256, as an unsigned integer. */
function hash64(phoneId: string): bigint {
  return createHash("sha256").update(phoneId, "utf8").digest().readBigUInt64BE(0);
}

/** The bucket in 0 .. count - 1 of a 64-bit key, by jump consistent hash. */
export function jumpHash(key: bigint, count: number): number {
  let k = key;
  let bucket = -1;
  let next = 0;
  while (next < count) {
    bucket = next;
    k = (k * JUMP_MULTIPLIER + 1n) & MASK_64;
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return bucket;
}

/** The shard index, in 0 .. count - 1, of a phone when the fleet is split into `count` shards. */
export function shardIndexOf(phoneId: string, count: number): number {
  return jumpHash(hash64(phoneId), count);
}

export function inShard(phoneId: string, shard: Shard): boolean {
  return shardIndexOf(phoneId, shard.count) === shard.index;
}

/** Why `shard` (named `field` in messages) is not a shard, or undefined when it is one. */
export function shardProblem(field: string, shard: { index?: unknown; count?: unknown }): string | undefined {
  const { index, count } = shard;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
    return `${field}.count ${JSON.stringify(count)} is not allowed: use a whole number of shards, 1-${MAX_SHARDS}`;
  }
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
    return `${field}.index ${JSON.stringify(index)} is not allowed: with count ${count}, use a whole number 0-${count - 1}`;
  }
  return undefined;
}

/** A shard written "index/count" (the `koophone:shard` config), e.g. "2/4"; throws naming `field`. */
export function parseShard(field: string, text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) {
    throw new Error(
      `${field} "${text}" is not allowed: write the shard as index/count, e.g. "2/4" for the third of four shards`,
    );
  }
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  const problem = shardProblem(field, shard);
  if (problem !== undefined) throw new Error(`${field} "${text}": ${problem}`);
  return shard;
}

/** The shard `given` in the program, else the one in config; throws a clear error for a bad one. */
export function resolveShard(
  given: { index?: unknown; count?: unknown } | undefined,
  field: string,
  configured: string | undefined,
): Shard | undefined {
  if (given !== undefined) {
    const problem = shardProblem(field, given);
    if (problem !== undefined) throw new Error(problem);
    return given as Shard;
  }
  return configured === undefined || configured.trim() === ""
    ? undefined
    : parseShard("koophone:shard", configured);
}

/**
 * A fleet's warning when its shard gets none of a non-empty selection: with more shards than phones, or a count
 * typed wrong, a stack would otherwise succeed quietly and renew nothing.
 */
export function emptyShardWarning(fleetName: string, shard: Shard, selected: number): string {
  return (
    `Fleet ${fleetName}: shard ${shard.index}/${shard.count} holds none of the ${selected} selected phones, so it ` +
    `declares no subscription; the other shards' stacks manage them (check koophone:shard or the fleet's shard)`
  );
}
