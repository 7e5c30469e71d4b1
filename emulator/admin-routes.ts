// The admin API under /_emulator/ (unsigned; the server refuses it to anyone but loopback). JSON in, JSON out;
// a refusal is { error_code, error_msg } with a 4xx status.
import { CODE } from "../provider/client/billing-codes";
import { z } from "zod";
import { PERIOD_LIMITS } from "../provider/planner/period";
import { ApiError } from "./api-error";
import {
  advanceClockSchema,
  balanceSchema,
  consoleRenewSchema,
  faultSchema,
  seedOptionsSchema,
  setClockSchema,
} from "./admin-schemas";
import {
  expirePolicyOf,
  phoneOf,
  placeRenewalOrder,
  quoteRenewal,
  renewBlock,
  subscriptionOf,
  tryCharge,
  wireStatus,
} from "./billing";
import { clockNow, parseIsoInstant } from "./clock";
import { addFault, clearFaults } from "./faults";
import { RENEW_BLOCKS } from "./handlers/renewals";
import { advanceClockTo } from "./lifecycle";
import { centsToYuan, yuanToCents } from "./money";
import { describeIssue } from "./schemas";
import { seedFleet } from "./seed";
import type { Store } from "./store";
import type { EmulatorState, StateDump } from "./types";

export interface AdminContext {
  store: Store;
  counters: Map<string, number>;
  /** The 429s answered per API (the rate limit's and injected ones), since the start or the last reset. */
  throttled: Map<string, number>;
  /** A new empty state at the given clock (for reset). */
  freshState(now: string): EmulatorState;
}

export interface AdminResult {
  status: number;
  body: unknown;
}

function adminError(status: number, message: string): ApiError {
  return new ApiError(status, "EMULATOR.BAD_REQUEST", message);
}

function parse<T>(schema: z.ZodType<T>, raw: string): T {
  let value: unknown;
  try {
    value = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    throw adminError(400, "the body is not valid JSON");
  }
  const result = schema.safeParse(value);
  if (!result.success) throw adminError(400, describeIssue(result.error.issues[0]));
  return result.data;
}

export function stateDump(state: EmulatorState): StateDump {
  return {
    now: state.now,
    balance: centsToYuan(state.balanceCents),
    config: {
      ...(state.config.expireDate !== undefined ? { EXPIRE_DATE: state.config.expireDate } : {}),
      DEDUCTION_DATE: state.config.deductionDate,
    },
    phones: state.phones,
    subscriptions: state.subscriptions.map((sub) => ({
      ...sub,
      expirePolicy: expirePolicyOf(sub),
      wireStatus: wireStatus(sub, phoneOf(state, sub.resourceId)),
    })),
    orders: state.orders,
    faults: state.faults,
  };
}

function consoleRenew(state: EmulatorState, raw: string): AdminResult {
  const { resourceId, period } = parse(consoleRenewSchema, raw);
  const limits = PERIOD_LIMITS[period.unit];
  if (period.count > limits.max) {
    throw adminError(400, `period.count must be ${limits.min}-${limits.max} for unit ${period.unit}`);
  }
  const block = renewBlock(state, resourceId);
  const sub = subscriptionOf(state, resourceId);
  if (block || !sub) {
    const [code, message] = RENEW_BLOCKS[block ?? "absent"];
    throw new ApiError(block === "absent" || !block ? 404 : 409, code, message);
  }
  const now = clockNow(state);
  const quote = quoteRenewal(sub, period, state.config);
  if (!tryCharge(state, quote.amountCents, "console", [resourceId])) {
    const error = new ApiError(402, CODE.insufficientBalance, "The account balance is insufficient");
    return { status: error.httpStatus, body: error.body() };
  }
  const order = placeRenewalOrder(state, [quote], true, "console", now);
  return {
    status: 200,
    body: { orderId: order.orderId, expireTime: sub.expireTime, amount: centsToYuan(order.amountCents) },
  };
}

type Operation = (ctx: AdminContext, body: string) => Promise<AdminResult>;

const ok = (body: unknown): AdminResult => ({ status: 200, body });

const OPERATIONS: Record<string, Operation> = {
  "POST /_emulator/seed": (ctx, body) => {
    const opts = parse(seedOptionsSchema, body);
    return ctx.store.mutate((s) => ok({ phones: seedFleet(s, opts, clockNow(s)) }));
  },
  "GET /_emulator/clock": (ctx) => ctx.store.read((s) => ok({ now: s.now })),
  "PUT /_emulator/clock": (ctx, body) => {
    const { now } = parse(setClockSchema, body);
    const target = parseIsoInstant(now);
    if (!target) throw adminError(400, `"${now}" is not an ISO 8601 time`);
    return ctx.store.mutate((s) => {
      advanceClockTo(s, target);
      return ok({ now: s.now });
    });
  },
  "POST /_emulator/clock/advance": (ctx, body) => {
    const by = parse(advanceClockSchema, body);
    return ctx.store.mutate((s) => {
      advanceClockTo(
        s,
        clockNow(s).plus({ days: by.days ?? 0, hours: by.hours ?? 0, minutes: by.minutes ?? 0 }),
      );
      return ok({ now: s.now });
    });
  },
  "GET /_emulator/faults": (ctx) => ctx.store.read((s) => ok({ faults: s.faults })),
  "POST /_emulator/faults": (ctx, body) => {
    const fault = parse(faultSchema, body);
    return ctx.store.mutate((s) => ok({ fault: addFault(s, fault) }));
  },
  "DELETE /_emulator/faults": (ctx) =>
    ctx.store.mutate((s) => {
      clearFaults(s);
      return ok({ faults: [] });
    }),
  "GET /_emulator/counters": async (ctx) => ok(Object.fromEntries(ctx.counters)),
  "GET /_emulator/throttled": async (ctx) => ok(Object.fromEntries(ctx.throttled)),
  "DELETE /_emulator/counters": async (ctx) => {
    ctx.counters.clear();
    ctx.throttled.clear();
    return ok({});
  },
  "POST /_emulator/console-renew": (ctx, body) => ctx.store.mutate((s) => consoleRenew(s, body)),
  "GET /_emulator/balance": (ctx) => ctx.store.read((s) => ok({ balance: centsToYuan(s.balanceCents) })),
  "PUT /_emulator/balance": (ctx, body) => {
    const { amount } = parse(balanceSchema, body);
    return ctx.store.mutate((s) => {
      s.balanceCents = yuanToCents(amount);
      return ok({ balance: centsToYuan(s.balanceCents) });
    });
  },
  "POST /_emulator/balance/top-up": (ctx, body) => {
    const { amount } = parse(balanceSchema, body);
    return ctx.store.mutate((s) => {
      s.balanceCents += yuanToCents(amount);
      return ok({ balance: centsToYuan(s.balanceCents) });
    });
  },
  "GET /_emulator/state": (ctx) => ctx.store.read((s) => ok(structuredClone(stateDump(s)))),
  "POST /_emulator/reset": (ctx) =>
    ctx.store.mutate((s) => {
      Object.assign(s, ctx.freshState(s.now));
      ctx.counters.clear();
      ctx.throttled.clear();
      return ok({ now: s.now });
    }),
};

export async function handleAdmin(
  ctx: AdminContext,
  method: string,
  path: string,
  body: string,
): Promise<AdminResult> {
  const operation = OPERATIONS[`${method} ${path}`];
  if (!operation) throw new ApiError(404, "EMULATOR.NOT_FOUND", `no admin operation ${method} ${path}`);
  return operation(ctx, body);
}
