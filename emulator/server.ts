// The HTTP front: admin requests go to admin-routes; API requests are routed, signature-checked, counted,
// rate-limited, exposed to injected faults, then handled through the store's queue. Every answer carries the
// virtual clock in its Date header.
import { CODE } from "../provider/client/billing-codes";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./api-error";
import type { AdminContext } from "./admin-routes";
import { handleAdmin } from "./admin-routes";
import { verifySignature } from "./auth";
import { clockNow, httpDate } from "./clock";
import { DEFAULT_LATENCY_MS, REQUEST_FAULT_KINDS, takeRequestFaults } from "./faults";
import type { HandlerResult } from "./handlers/handler";
import {
  BodyTooLarge,
  ClientGone,
  decodePath,
  isLoopback,
  readBody,
  sendJson,
  splitTarget,
} from "./http-util";
import { RateLimiter } from "./rate-limit";
import { matchRoute } from "./routes";
import { StoreClosed } from "./store";
import type { Store } from "./store";
import type { StoredFault } from "./types";

/** The emulator's choice for a throttled call: Huawei's API gateway code for "request throttled". */
export const THROTTLED_CODE = CODE.gatewayThrottled;
/** Huawei's API gateway code for a failed AK/SK authentication. */
export const UNAUTHORIZED_CODE = CODE.gatewayAuthenticationFailed;

export interface ServerContext extends AdminContext {
  store: Store;
  secretKeyOf(accessKey: string): string | undefined;
  limiter: RateLimiter;
  /** Aborted when the emulator stops: injected latencies end early and nothing more is committed. */
  stopping: AbortSignal;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}

/** Every answer: the virtual clock, and a request id of its own (32 hex digits, as Huawei's gateway sends). */
function dateHeader(ctx: ServerContext): Record<string, string> {
  return { Date: httpDate(ctx.store.current()), "X-Request-Id": randomUUID().replace(/-/g, "") };
}

function answerError(
  ctx: ServerContext,
  res: ServerResponse,
  error: ApiError,
  headers: Record<string, string> = {},
) {
  sendJson(res, error.httpStatus, error.body(), { ...dateHeader(ctx), ...headers });
}

async function takeFaults(ctx: ServerContext, api: string, text: string): Promise<StoredFault[]> {
  const any = ctx.store.current().faults.some((f) => REQUEST_FAULT_KINDS.includes(f.kind));
  return any ? ctx.store.mutate((s) => takeRequestFaults(s, api, text)) : [];
}

async function serveApi(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const method = req.method ?? "GET";
  const { rawPath, query } = splitTarget(req.url ?? "/");
  const path = decodePath(rawPath);
  const match = path === undefined ? undefined : matchRoute(method, path);
  if (!match) {
    return answerError(
      ctx,
      res,
      new ApiError(404, CODE.gatewayNoSuchApi, `The API does not exist: ${method} ${rawPath}`),
    );
  }
  const { route, params } = match;
  const auth = verifySignature(
    { method, rawPath, query, headers: req.headers, body },
    ctx.secretKeyOf,
    Date.now(),
  );
  if (!auth.ok) return answerError(ctx, res, new ApiError(401, UNAUTHORIZED_CODE, auth.message));

  ctx.counters.set(route.api, (ctx.counters.get(route.api) ?? 0) + 1);
  // One emulator is one account: all its access keys share each API's budget.
  const limit = ctx.limiter.take(route.api);
  const throttled = (retryAfter: number) => {
    ctx.throttled.set(route.api, (ctx.throttled.get(route.api) ?? 0) + 1);
    answerError(
      ctx,
      res,
      new ApiError(429, THROTTLED_CODE, "The request is throttled: too many calls to this API per second"),
      { "Retry-After": String(retryAfter) },
    );
  };
  if (!limit.allowed) return throttled(limit.retryAfterSeconds);

  const text = body.toString("utf8");
  const faults = await takeFaults(ctx, route.api, `${path}\n${text}`);
  const fired = (kind: string) => faults.find((f) => f.kind === kind);
  const latency = fired("latency");
  if (latency) await sleep(latency.latencyMs ?? DEFAULT_LATENCY_MS, ctx.stopping);
  if (ctx.stopping.aborted) return void req.socket.destroy();
  if (fired("429")) return throttled(1);
  if (fired("5xx"))
    return answerError(
      ctx,
      res,
      new ApiError(500, CODE.otherError, "Other error (injected fault): retry later"),
    );
  if (fired("reset")) return void req.socket.destroy();

  const request = { params, query, body: text };
  let result: HandlerResult;
  try {
    result = route.mutates
      ? await ctx.store.mutate((s) => route.handle(s, request, clockNow(s)))
      : await ctx.store.read((s) => route.handle(s, request, clockNow(s)));
  } catch (error) {
    if (error instanceof ApiError) return answerError(ctx, res, error);
    throw error;
  }
  if (fired("commit-then-drop")) return void req.socket.destroy();
  sendJson(res, result.status, result.body, dateHeader(ctx));
}

async function serveAdmin(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    return answerError(
      ctx,
      res,
      new ApiError(403, "EMULATOR.FORBIDDEN", "The admin API answers loopback clients only"),
    );
  }
  const { rawPath } = splitTarget(req.url ?? "/");
  try {
    const result = await handleAdmin(ctx, req.method ?? "GET", rawPath, body.toString("utf8"));
    sendJson(res, result.status, result.body, dateHeader(ctx));
  } catch (error) {
    if (error instanceof ApiError) return answerError(ctx, res, error);
    throw error;
  }
}

/** The request listener; nothing a client sends can crash it (an unexpected error is a 500 CBC.0999). */
export function requestListener(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        if ((req.url ?? "").startsWith("/_emulator/")) await serveAdmin(ctx, req, res, body);
        else await serveApi(ctx, req, res, body);
      } catch (error) {
        if (error instanceof ClientGone) return;
        if (error instanceof StoreClosed) return void req.socket.destroy();
        if (error instanceof BodyTooLarge) {
          return answerError(
            ctx,
            res,
            new ApiError(413, CODE.parameterError, "The request body is larger than 1 MiB"),
          );
        }
        process.stderr.write(
          `koophone-emulator: internal error: ${(error as Error).stack ?? String(error)}\n`,
        );
        answerError(ctx, res, new ApiError(500, CODE.otherError, "Internal error of the emulator"));
      }
    })();
  };
}
