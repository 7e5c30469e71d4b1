// Validation of the admin API's JSON bodies.
import { z } from "zod";
import { API_NAMES } from "./api-names";

const share = z.number().min(0).max(1);

export const seedOptionsSchema = z.strictObject({
  count: z.int().min(1).max(10_000),
  expiryWithinDays: z.tuple([z.int(), z.int()]).optional(),
  autoRenewShare: share.optional(),
  payPerUseShare: share.optional(),
  frozenShare: share.optional(),
  payPerUseBilledShare: share.optional(),
  namePrefix: z.string().min(1).max(64).optional(),
  rngSeed: z.int().optional(),
  sku: z.string().optional(),
  balance: z.number().min(0).optional(),
});

/** Fault targets: the API names, plus the payment contexts insufficient-balance also knows. */
const faultApi = z.enum([...API_NAMES, "auto-renew", "console"]);

export const faultSchema = z.strictObject({
  kind: z.enum([
    "5xx",
    "429",
    "latency",
    "reset",
    "commit-then-drop",
    "insufficient-balance",
    "frozen-phone",
  ]),
  api: faultApi.optional(),
  count: z.int().min(-1).optional(),
  latencyMs: z.int().min(0).max(600_000).optional(),
  resourceId: z.string().min(1).optional(),
});

export const setClockSchema = z.strictObject({ now: z.string().min(1) });

export const advanceClockSchema = z.strictObject({
  days: z.number().min(0).optional(),
  hours: z.number().min(0).optional(),
  minutes: z.number().min(0).optional(),
});

export const periodSchema = z.strictObject({ unit: z.enum(["month", "year"]), count: z.int().min(1) });

export const consoleRenewSchema = z.strictObject({ resourceId: z.string().min(1), period: periodSchema });

export const balanceSchema = z.strictObject({ amount: z.number().min(0) });
