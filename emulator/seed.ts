// Seeded fleets: phones with a spread of expiries and renewal settings, the same for the same rngSeed.
// A seeded phone was bought monthly; its expiry is the end of a billing day (23:59:59 UTC+8). A phone whose
// expiry is already past is placed where the lifecycle would have put it: up to 15 days in its grace period
// (status 5), then in its retention period (status 4, frozen).
import { DateTime } from "luxon";
import { endOfBillingDay } from "../provider/planner/billing-time";
import { ApiError } from "./api-error";
import { DEFAULT_SKU, findSku } from "./catalog";
import { expirePolicyOf } from "./billing";
import { toApiTime } from "./clock";
import { newSubscriptionId } from "./ids";
import { GRACE_DAYS, RETENTION_DAYS } from "./lifecycle";
import { yuanToCents } from "./money";
import { Rng, rngHex, rngInt, seededRng, shuffle } from "./rng";
import type {
  EmulatorState,
  Phone,
  SeedOptions,
  SeededPhone,
  Subscription,
  SubscriptionStatus,
} from "./types";

type Kind = "manual" | "auto-renew" | "pay-per-use-after-expiry" | "frozen" | "pay-per-use-billed";

function badSeed(message: string): ApiError {
  return new ApiError(400, "EMULATOR.BAD_SEED", message);
}

function kindsFor(opts: SeedOptions, rng: Rng): Kind[] {
  const count = (share: number | undefined): number => Math.round(opts.count * (share ?? 0));
  const special: Kind[] = [
    ...Array<Kind>(count(opts.frozenShare)).fill("frozen"),
    ...Array<Kind>(count(opts.payPerUseBilledShare)).fill("pay-per-use-billed"),
    ...Array<Kind>(count(opts.autoRenewShare)).fill("auto-renew"),
    ...Array<Kind>(count(opts.payPerUseShare)).fill("pay-per-use-after-expiry"),
  ];
  if (special.length > opts.count) throw badSeed("the shares add up to more than the whole fleet");
  return shuffle(rng, [...special, ...Array<Kind>(opts.count - special.length).fill("manual")]);
}

function uniquePhoneId(state: EmulatorState, rng: Rng): string {
  for (;;) {
    const id = rngHex(rng, 32);
    if (
      !state.phones.some((p) => p.instanceId === id) &&
      !state.subscriptions.some((s) => s.resourceId === id)
    ) {
      return id;
    }
  }
}

/** Where the lifecycle puts a phone that expired at `expiry`, seen at `now`. */
function statusAt(expiry: DateTime, now: DateTime): { status: SubscriptionStatus; since: DateTime } {
  const expiredAt = expiry.plus({ seconds: 1 });
  if (expiredAt > now) return { status: 2, since: expiry.minus({ months: 1 }) };
  const frozenAt = expiredAt.plus({ days: GRACE_DAYS });
  return frozenAt > now ? { status: 5, since: expiredAt } : { status: 4, since: frozenAt };
}

function expiryFor(kind: Kind, opts: SeedOptions, rng: Rng, now: DateTime): DateTime {
  if (kind === "frozen")
    return endOfBillingDay(now.minus({ days: rngInt(rng, GRACE_DAYS + 1, GRACE_DAYS + 14) }));
  const [min, max] = opts.expiryWithinDays ?? [1, 90];
  return endOfBillingDay(now.plus({ days: rngInt(rng, min, max) }));
}

export function validateSeed(opts: SeedOptions): void {
  const [min, max] = opts.expiryWithinDays ?? [1, 90];
  const oldest = -(GRACE_DAYS + RETENTION_DAYS - 1);
  if (min > max || min < oldest) {
    throw badSeed(
      `expiryWithinDays must be [min, max] with ${oldest} <= min <= max (past the retention period a phone is gone)`,
    );
  }
  if (opts.sku !== undefined && !findSku(opts.sku)) throw badSeed(`unknown sku "${opts.sku}"`);
}

export function seedFleet(state: EmulatorState, opts: SeedOptions, now: DateTime): SeededPhone[] {
  validateSeed(opts);
  const rng = seededRng(opts.rngSeed ?? 1);
  const prefix = opts.namePrefix ?? "phone";
  const skuCode = opts.sku ?? DEFAULT_SKU;
  const taken = state.phones.filter((p) => p.name.startsWith(`${prefix}-`)).length;
  if (opts.balance !== undefined) state.balanceCents = yuanToCents(opts.balance);
  return kindsFor(opts, rng).map((kind, index) => {
    const id = uniquePhoneId(state, rng);
    const phone: Phone = {
      instanceId: id,
      name: `${prefix}-${String(taken + index + 1).padStart(3, "0")}`,
      skuCode,
      billingMode: kind === "pay-per-use-billed" ? "postPaid" : "prePaid",
      runningStatus: 2,
      adminFrozen: false,
      createTime: toApiTime(now.minus({ months: 1 })),
    };
    state.phones.push(phone);
    const seeded: SeededPhone = {
      instanceId: id,
      resourceId: id,
      name: phone.name,
      sku: skuCode,
      billingMode: phone.billingMode,
    };
    if (kind === "pay-per-use-billed") return seeded;
    const expiry = expiryFor(kind, opts, rng, now);
    const { status, since } = statusAt(expiry, now);
    const sub: Subscription = {
      id: newSubscriptionId(state),
      resourceId: id,
      skuCode,
      status,
      statusSince: toApiTime(since),
      effectiveTime: toApiTime(expiry.minus({ months: 1 })),
      expireTime: toApiTime(expiry),
      purchaseUnit: "month",
      payPerUseAfterExpiry: kind === "pay-per-use-after-expiry",
      basePolicy: 0,
      updateTime: toApiTime(now),
      ...(kind === "auto-renew" ? { autoRenew: { periodUnit: "month" as const } } : {}),
    };
    state.subscriptions.push(sub);
    return { ...seeded, expireTime: sub.expireTime, status, expirePolicy: expirePolicyOf(sub) };
  });
}
