// One declared endpoint, called: signed, rate limited per API, its answer turned into a value or an error, and
// sent again when its retry rule allows. Reads keep trying for a retry budget (15 s by default), long enough to
// ride out an outage of 10 s; renew, pay and cancel are sent again only when the failure proves nothing was done.
import type { AxiosInstance } from "axios";
import type { z } from "zod";
import type { ApiName } from "./api-names";
import { isSuccessCode } from "./billing-codes";
import type { Endpoint, Service } from "./endpoints";
import {
  ConnectionError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  UnknownOutcomeError,
  errorForAnswer,
  type ApiErrorDetails,
  type KooPhoneApiError,
} from "./errors";
import { isLoopbackHost } from "./endpoint";
import { sharedRateLimiter } from "./rate-limiter";
import { redactCredentials } from "./redaction";
import { MAX_RETRY_AFTER_MS, backoffDelay, parseRetryAfter, type BackoffOptions } from "./retry-policy";
import { createHttp, exchange, type Exchange } from "./signed-exchange";
import type { Credentials } from "./signer";

export interface TransportOptions {
  bss: string;
  koophone: string;
  domainId?: string;
  projectId?: string;
  timeoutMs: number;
  /** An upper bound on the number of retries of one call, besides the budget. */
  maxRetries: number;
  /** How long (from the first attempt) a call keeps being retried. */
  retryBudgetMs: number;
  callsPerSecond: number;
  backoff: BackoffOptions;
  onCall?: (api: ApiName) => void;
  /** One line per retry: what failed and when the call goes again. */
  log: (line: string) => void;
}

/** What one call sends: its validated request, path parameters, and the ids it is about (for messages). */
export interface CallInput {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  params?: Record<string, string>;
  resourceIds?: string[];
  orderId?: string;
}

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: KooPhoneApiError; retryAfterMs?: number; provablyNotDone: boolean };

const CONTENT_TYPE = "application/json;charset=UTF-8";

export class Transport {
  readonly #http: AxiosInstance = createHttp();
  #lastBssDate: string | undefined;

  constructor(
    private readonly credentials: Credentials,
    private readonly options: TransportOptions,
  ) {}

  /** The `Date` header of the last Billing Center answer. */
  get lastBssDate(): string | undefined {
    return this.#lastBssDate;
  }

  async call<T>(endpoint: Endpoint<unknown, T>, input: CallInput): Promise<T> {
    const base = endpoint.service === "bss" ? this.options.bss : this.options.koophone;
    const url = `${base}${fillPath(endpoint, input.params ?? {})}${queryString(input.query)}`;
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    const request = { method: endpoint.method, url, headers: this.#headers(endpoint.service), body };
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const answer = await this.#attempt(endpoint.api, request, base);
      const result = this.#interpret(endpoint, input, answer);
      if (result.ok) return result.value;
      const delay = this.#retryDelay(endpoint, result, attempt, Date.now() - started);
      if (delay === undefined) throw result.error;
      this.options.log(retryLine(endpoint.api, input, attempt + 1, result.error, delay));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** How long to wait before sending again, or undefined to give up. */
  #retryDelay<T>(
    endpoint: Endpoint<unknown, T>,
    failure: Extract<Attempt<T>, { ok: false }>,
    attempt: number,
    elapsedMs: number,
  ): number | undefined {
    const { error } = failure;
    const transient =
      error instanceof RateLimitError || error instanceof ServerError || error instanceof ConnectionError;
    const allowed = endpoint.retry === "read" ? transient : failure.provablyNotDone;
    const remaining = this.options.retryBudgetMs - elapsedMs;
    if (!allowed || attempt >= this.options.maxRetries || remaining <= 0) return undefined;
    if ((failure.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) return undefined;
    const backoff = Math.min(backoffDelay(attempt, this.options.backoff), remaining);
    return Math.max(failure.retryAfterMs ?? 0, backoff);
  }

  /** One HTTP attempt, holding a rate-limit slot until it ends. */
  async #attempt(
    api: ApiName,
    request: { method: Endpoint["method"]; url: string; headers: Record<string, string>; body?: string },
    base: string,
  ): Promise<Exchange> {
    const limiter = sharedRateLimiter(base, this.credentials.accessKey);
    const release = await limiter.acquire(api, this.options.callsPerSecond);
    try {
      this.options.onCall?.(api);
      return await exchange(this.#http, request, this.credentials, {
        timeoutMs: this.options.timeoutMs,
        noProxy: isLoopbackHost(new URL(base).hostname),
      });
    } finally {
      release();
    }
  }

  #interpret<T>(endpoint: Endpoint<unknown, T>, input: CallInput, answer: Exchange): Attempt<T> {
    const mutating = endpoint.retry === "once";
    const context: ApiErrorDetails = {
      api: endpoint.api,
      resourceIds: input.resourceIds,
      orderId: input.orderId,
    };
    if (answer.kind === "network") {
      const details = { ...context, networkCode: answer.code, detail: this.#redact(answer.message) };
      const error =
        mutating && answer.maybeSent ? new UnknownOutcomeError(details) : new ConnectionError(details);
      return { ok: false, error, provablyNotDone: !answer.maybeSent };
    }
    if (endpoint.service === "bss" && answer.date !== undefined) this.#lastBssDate = answer.date;
    const withAnswer = { ...context, httpStatus: answer.status, requestId: answer.requestId };
    const fault = errorBody(answer.body);
    // A 200 that lists per-phone failures is a result, even when its top-level code repeats the first failure.
    const refused = answer.status >= 300 || (fault !== undefined && !hasPerResourceFailures(answer.body));
    if (refused) {
      const message =
        fault?.message ?? (typeof answer.body === "string" ? answer.body.slice(0, 300) : undefined);
      const details: ApiErrorDetails = {
        ...withAnswer,
        code: fault?.code,
        detail: message !== undefined ? this.#redact(message) : undefined,
        retryAfterMs: parseRetryAfter(answer.retryAfter, answer.date),
      };
      const error = errorForAnswer(details);
      // A server failure after a mutating request was received may or may not have been carried out.
      if (mutating && error instanceof ServerError) {
        return { ok: false, error: new UnknownOutcomeError(details), provablyNotDone: false };
      }
      const throttled = error instanceof RateLimitError;
      return { ok: false, error, retryAfterMs: details.retryAfterMs, provablyNotDone: throttled };
    }
    if (endpoint.response === undefined) return { ok: true, value: undefined as T };
    const parsed = endpoint.response.safeParse(answer.body);
    if (parsed.success) return { ok: true, value: parsed.data };
    const details = { ...withAnswer, detail: `unexpected answer: ${issuesText(parsed.error)}` };
    const error = mutating ? new UnknownOutcomeError(details) : new ServerError(details);
    return { ok: false, error, provablyNotDone: false };
  }

  #headers(service: Service): Record<string, string> {
    const headers: Record<string, string> = { "Content-Type": CONTENT_TYPE };
    if (this.options.domainId) headers["X-Domain-Id"] = this.options.domainId;
    if (service === "koophone" && this.options.projectId) headers["X-Project-Id"] = this.options.projectId;
    return headers;
  }

  #redact(text: string): string {
    return redactCredentials(text, this.credentials);
  }
}

/** The request checked against the endpoint's schema; InvalidRequestError (nothing sent) naming the fields. */
export function validRequest<T>(
  api: ApiName,
  schema: z.ZodType<T>,
  value: unknown,
  resourceIds?: string[],
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidRequestError({ api, resourceIds, detail: `not sent: ${issuesText(parsed.error)}` });
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}

function fillPath(endpoint: Endpoint<unknown, unknown>, params: Record<string, string>): string {
  return endpoint.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== "string" || value.length === 0) {
      throw new InvalidRequestError({ api: endpoint.api, detail: `not sent: the ${name} is empty` });
    }
    return strictEncode(value);
  });
}

function retryLine(
  api: ApiName,
  input: CallInput,
  attempt: number,
  error: KooPhoneApiError,
  delayMs: number,
): string {
  const about = input.orderId ?? input.resourceIds?.slice(0, 3).join(",");
  const cause = [error.httpStatus && `HTTP ${error.httpStatus}`, error.code, error.networkCode]
    .filter(Boolean)
    .join(" ");
  const request = error.requestId ? ` request ${error.requestId}` : "";
  return (
    `koophone: ${api}${about ? ` (${about})` : ""} attempt ${attempt} failed [${cause || error.name}]` +
    `${request}; retrying in ${(delayMs / 1000).toFixed(1)}s`
  );
}

/** The `error_code` / `error_msg` of an answer, unless it is a success code (CBC.0000). */
function errorBody(body: unknown): { code: string; message?: string } | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { error_code: code, error_msg: message } = body as { error_code?: unknown; error_msg?: unknown };
  const text = typeof message === "string" ? message : undefined;
  if (typeof code !== "string" || isSuccessCode(code)) return undefined;
  return { code, message: text };
}

function hasPerResourceFailures(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const { fail_resource_infos: failures, error_details: details } = body as Record<string, unknown>;
  return (Array.isArray(failures) && failures.length > 0) || (Array.isArray(details) && details.length > 0);
}

/** encodeURIComponent, plus the characters it leaves that url parsers disagree on. */
function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function queryString(query: Record<string, string | number | undefined> | undefined): string {
  const pairs = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${strictEncode(key)}=${strictEncode(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join("&")}` : "";
}
