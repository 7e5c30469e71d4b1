// The typed Billing Center (BSS) + KooPhone client: one method per endpoint, signed with SDK-HMAC-SHA256,
// rate limited per API, reads retried, renew / pay / cancel never retried.
import type { AxiosInstance } from "axios";
import { DateTime } from "luxon";
import { z } from "zod";
import {
  AutoRenewRequestSchema,
  ListOrdersQuerySchema,
  ListOrdersResponseSchema,
  OrderDetailsResponseSchema,
  PayOrderRequestSchema,
  QueryResourcesRequestSchema,
  QueryResourcesResponseSchema,
  RenewConfigRequestSchema,
  RenewRateRequestSchema,
  RenewRateResponseSchema,
  RenewRequestSchema,
  RenewResponseSchema,
  ToOnDemandRequestSchema,
  ToOnDemandResponseSchema,
  type AutoRenewRequest,
  type ListOrdersQuery,
  type ListOrdersResponse,
  type OrderDetailsResponse,
  type PayOrderRequest,
  type QueryResourcesRequest,
  type QueryResourcesResponse,
  type RenewConfigRequest,
  type RenewRateRequest,
  type RenewRateResponse,
  type RenewRequest,
  type RenewResponse,
  type SubscriptionResource,
  type ToOnDemandRequest,
  type ToOnDemandResponse,
} from "./bss-schemas";
import { checkEndpoint, isLoopbackHost } from "./endpoint";
import {
  ConnectionError,
  InvalidRequestError,
  KooPhoneApiError,
  RateLimitError,
  ServerError,
  UnknownOutcomeError,
  errorForAnswer,
  type ApiErrorDetails,
} from "./errors";
import {
  InstanceStatusRequestSchema,
  InstanceStatusResponseSchema,
  ListInstancesQuerySchema,
  ListInstancesResponseSchema,
  type Instance,
  type InstanceStatusResponse,
  type ListInstancesQuery,
  type ListInstancesResponse,
} from "./koophone-schemas";
import { chunk, collectPages } from "./paging";
import { sharedRateLimiter, type SlidingWindowRateLimiter } from "./rate-limiter";
import { redactCredentials } from "./redaction";
import { DEFAULT_BACKOFF, MAX_RETRY_AFTER_MS, backoffDelay, parseRetryAfter } from "./retry-policy";
import {
  createHttp,
  exchange,
  type Exchange,
  type HttpMethod,
  type OutgoingRequest,
} from "./signed-exchange";
import type { Credentials } from "./signer";

export interface ClientOptions {
  /** BSS base URL, e.g. https://bss.myhuaweicloud.com. */
  endpoint: string;
  /** KooPhone base URL, e.g. https://koophone.cn-north-4.myhuaweicloud.com. */
  koophoneEndpoint: string;
  credentials: Credentials;
  /** Sent as X-Domain-Id (BSS is a global service). */
  domainId?: string;
  /** Sent as X-Project-Id on KooPhone calls. */
  projectId?: string;
  region?: string;
  /** Per HTTP attempt; default 30000. */
  timeoutMs?: number;
  /** Retries of reads and idempotent setters; default 4. */
  maxRetries?: number;
  /** Per API, shared by all clients of the same endpoint + access key in this process; default 10. */
  callsPerSecond?: number;
  /** Called once per HTTP attempt with the short API name (query, renew, rate, pay, ...). */
  onCall?: (api: string) => void;
  /** Backoff of retried reads: full jitter over base * 2^attempt, capped; defaults 500 ms and 20 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/** Short API names, as the emulator counts them. */
export type ApiName =
  | "query"
  | "renew"
  | "rate"
  | "autorenew-on"
  | "autorenew-off"
  | "to-on-demand"
  | "renew-config"
  | "pay"
  | "orders-list"
  | "order-details"
  | "order-cancel"
  | "instances"
  | "instances-status";

type Service = "bss" | "koophone";

interface Call<T> {
  api: ApiName;
  service: Service;
  method: HttpMethod;
  /** Path with its variable segments already encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Reads and idempotent setters: retried. Renew, pay and cancel: never. */
  retry: boolean;
  resourceIds?: string[];
  orderId?: string;
  /** Undefined for calls that answer nothing useful (204 or a bare success code). */
  response?: z.ZodType<T>;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: KooPhoneApiError; retryAfterMs?: number };

const QUERY_CHUNK = 50;
const QUERY_PAGE = 100;
const INSTANCE_PAGE = 100;
const CONTENT_TYPE = "application/json;charset=UTF-8";

export class KooPhoneClient {
  readonly #credentials: Credentials;
  readonly #http: AxiosInstance = createHttp();
  readonly #bss: string;
  readonly #koophone: string;
  readonly #options: Omit<ClientOptions, "credentials">;
  #lastBssDate: string | undefined;

  constructor(opts: ClientOptions) {
    this.#bss = checkEndpoint(opts.endpoint, "koophone:endpoint");
    this.#koophone = checkEndpoint(opts.koophoneEndpoint, "koophone:koophoneEndpoint");
    // Private fields: util.inspect(client) and JSON.stringify(client) show no credential.
    const { credentials, ...settings } = opts;
    this.#credentials = { ...credentials };
    this.#options = settings;
  }

  /** Subscriptions (yearly/monthly resources): one call, at most 50 ids. */
  async queryResources(body: QueryResourcesRequest): Promise<QueryResourcesResponse> {
    const request = this.#validRequest("query", QueryResourcesRequestSchema, body, body.resource_ids);
    return this.#call({
      api: "query",
      service: "bss",
      method: "POST",
      path: "/v2/orders/suscriptions/resources/query",
      body: request,
      retry: true,
      resourceIds: request.resource_ids,
      response: QueryResourcesResponseSchema,
    });
  }

  /** The main subscriptions of these phones, in chunks of 50 ids and pages of 100. Absent ids are missing. */
  async queryAllResources(resourceIds: string[]): Promise<SubscriptionResource[]> {
    const found: SubscriptionResource[] = [];
    for (const ids of chunk([...new Set(resourceIds)], QUERY_CHUNK)) {
      const pages = await collectPages(async (index) => {
        const page = await this.queryResources({
          resource_ids: ids,
          only_main_resource: 1,
          offset: index * QUERY_PAGE,
          limit: QUERY_PAGE,
        });
        return { items: page.data, total: page.total_count, pageSize: QUERY_PAGE };
      });
      found.push(...pages);
    }
    return found;
  }

  /** Renews up to 10 phones. Never retried: an ambiguous failure throws UnknownOutcomeError. */
  async renew(body: RenewRequest): Promise<RenewResponse> {
    const request = this.#validRequest("renew", RenewRequestSchema, body, body.resource_ids);
    return this.#call({
      api: "renew",
      service: "bss",
      method: "POST",
      path: "/v2/orders/subscriptions/resources/renew",
      body: request,
      retry: false,
      resourceIds: request.resource_ids,
      response: RenewResponseSchema,
    });
  }

  /** The price of renewing up to 10 phones; per-phone failures come back in fail_resource_infos. */
  async renewRate(body: RenewRateRequest): Promise<RenewRateResponse> {
    const request = this.#validRequest("rate", RenewRateRequestSchema, body, body.resource_ids);
    return this.#call({
      api: "rate",
      service: "bss",
      method: "POST",
      path: "/v2/bills/ratings/period-resources/renew-rate",
      body: request,
      retry: true,
      resourceIds: request.resource_ids,
      response: RenewRateResponseSchema,
    });
  }

  async enableAutoRenew(resourceId: string, body?: AutoRenewRequest): Promise<void> {
    const request = body && this.#validRequest("autorenew-on", AutoRenewRequestSchema, body, [resourceId]);
    await this.#call({
      api: "autorenew-on",
      service: "bss",
      method: "POST",
      path: `/v2/orders/subscriptions/resources/autorenew/${this.#segment("autorenew-on", resourceId)}`,
      body: request,
      retry: true,
      resourceIds: [resourceId],
    });
  }

  async disableAutoRenew(resourceId: string): Promise<void> {
    await this.#call({
      api: "autorenew-off",
      service: "bss",
      method: "DELETE",
      path: `/v2/orders/subscriptions/resources/autorenew/${this.#segment("autorenew-off", resourceId)}`,
      retry: true,
      resourceIds: [resourceId],
    });
  }

  /** Pay-per-use after expiry on (SET_UP) or off (CANCEL); failures per phone in error_details. */
  async toOnDemand(body: ToOnDemandRequest): Promise<ToOnDemandResponse> {
    const request = this.#validRequest("to-on-demand", ToOnDemandRequestSchema, body, body.resource_ids);
    return this.#call({
      api: "to-on-demand",
      service: "bss",
      method: "POST",
      path: "/v2/orders/subscriptions/resources/to-on-demand",
      body: request,
      retry: true,
      resourceIds: request.resource_ids,
      response: ToOnDemandResponseSchema,
    });
  }

  /** The account's renewal day (EXPIRE_DATE) or auto-renew deduction lead (DEDUCTION_DATE). */
  async setRenewConfig(body: RenewConfigRequest): Promise<void> {
    const request = this.#validRequest("renew-config", RenewConfigRequestSchema, body);
    await this.#call({
      api: "renew-config",
      service: "bss",
      method: "POST",
      path: "/v2/orders/subscriptions/resources/renew/config",
      body: request,
      retry: true,
    });
  }

  /** Pays a pending order. Never retried: an ambiguous failure throws UnknownOutcomeError. */
  async payOrder(body: PayOrderRequest): Promise<void> {
    const request = this.#validRequest("pay", PayOrderRequestSchema, body);
    await this.#call({
      api: "pay",
      service: "bss",
      method: "POST",
      path: "/v3/orders/customer-orders/pay",
      body: request,
      retry: false,
      orderId: request.order_id,
    });
  }

  async listOrders(query: ListOrdersQuery): Promise<ListOrdersResponse> {
    const request = this.#validRequest("orders-list", ListOrdersQuerySchema, query);
    return this.#call({
      api: "orders-list",
      service: "bss",
      method: "GET",
      path: "/v2/orders/customer-orders",
      query: request,
      retry: true,
      orderId: request.order_id,
      response: ListOrdersResponseSchema,
    });
  }

  async getOrder(orderId: string): Promise<OrderDetailsResponse> {
    return this.#call({
      api: "order-details",
      service: "bss",
      method: "GET",
      path: `/v2/orders/customer-orders/details/${this.#segment("order-details", orderId)}`,
      retry: true,
      orderId,
      response: OrderDetailsResponseSchema,
    });
  }

  /** Cancels a pending order. Never retried: an ambiguous failure throws UnknownOutcomeError. */
  async cancelOrder(orderId: string): Promise<void> {
    this.#requireId("order-cancel", orderId);
    await this.#call({
      api: "order-cancel",
      service: "bss",
      method: "PUT",
      path: "/v2/orders/customer-orders/cancel",
      body: { order_id: orderId },
      retry: false,
      orderId,
    });
  }

  /** One page of KooPhone instances (page_no starts at 1). */
  async listInstances(query: ListInstancesQuery): Promise<ListInstancesResponse> {
    const request = this.#validRequest("instances", ListInstancesQuerySchema, query);
    return this.#call({
      api: "instances",
      service: "koophone",
      method: "GET",
      path: "/v1/instances/batch-query",
      query: request,
      retry: true,
      response: ListInstancesResponseSchema,
    });
  }

  /** Every KooPhone instance (optionally those whose name matches), page by page. */
  async listAllInstances(filter?: { instanceName?: string }): Promise<Instance[]> {
    return collectPages(async (index) => {
      const page = await this.listInstances({
        page_no: index + 1,
        page_size: INSTANCE_PAGE,
        instance_name: filter?.instanceName,
      });
      return { items: page.data.result, total: page.data.total_count ?? undefined, pageSize: INSTANCE_PAGE };
    });
  }

  /** Running status of up to 100 instances. */
  async queryInstanceStatus(instanceIds: string[]): Promise<InstanceStatusResponse> {
    const request = this.#validRequest("instances-status", InstanceStatusRequestSchema, {
      instance_ids: instanceIds,
    });
    return this.#call({
      api: "instances-status",
      service: "koophone",
      method: "POST",
      path: "/v1/instances/batch-query-status",
      body: request,
      retry: true,
      resourceIds: instanceIds,
      response: InstanceStatusResponseSchema,
    });
  }

  /** The `Date` of the last BSS answer: the server's clock (the emulator's virtual clock). */
  serverTime(): DateTime | undefined {
    if (this.#lastBssDate === undefined) return undefined;
    const time = DateTime.fromHTTP(this.#lastBssDate, { zone: "utc" });
    return time.isValid ? time : undefined;
  }

  #validRequest<S extends z.ZodType>(
    api: ApiName,
    schema: S,
    value: unknown,
    resourceIds?: string[],
  ): z.infer<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
      .join("; ");
    throw new InvalidRequestError({ api, resourceIds, detail: `not sent: ${issues}` });
  }

  #requireId(api: ApiName, id: string): string {
    if (typeof id !== "string" || id.length === 0) {
      throw new InvalidRequestError({ api, detail: "not sent: the id is empty" });
    }
    return id;
  }

  /** An id as a path segment. */
  #segment(api: ApiName, id: string): string {
    return strictEncode(this.#requireId(api, id));
  }

  async #call<T>(call: Call<T>): Promise<T> {
    const base = call.service === "bss" ? this.#bss : this.#koophone;
    const url = `${base}${call.path}${queryString(call.query)}`;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = this.#headers(call.service);
    const maxRetries = call.retry ? (this.#options.maxRetries ?? 4) : 0;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.#attempt(call, { method: call.method, url, headers, body }, base);
      const result = this.#interpret(call, answer);
      if (result.ok) return result.value;
      const retryable = result.error instanceof RateLimitError || result.error instanceof ServerError;
      const canRetry =
        call.retry && attempt < maxRetries && (retryable || result.error instanceof ConnectionError);
      const delay = result.retryAfterMs ?? backoffDelay(attempt, this.#backoff());
      if (!canRetry || delay > MAX_RETRY_AFTER_MS) throw result.error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** One HTTP attempt, holding a rate-limit slot until it ends. */
  async #attempt<T>(call: Call<T>, request: OutgoingRequest, base: string): Promise<Exchange> {
    const release = await this.#limiter(base).acquire(call.api, this.#options.callsPerSecond ?? 10);
    try {
      this.#options.onCall?.(call.api);
      return await exchange(this.#http, request, this.#credentials, {
        timeoutMs: this.#options.timeoutMs ?? 30_000,
        noProxy: isLoopbackHost(new URL(base).hostname),
      });
    } finally {
      release();
    }
  }

  #interpret<T>(call: Call<T>, answer: Exchange): Attempt<T> {
    const context: ApiErrorDetails = { api: call.api, resourceIds: call.resourceIds, orderId: call.orderId };
    if (answer.kind === "network") {
      const details = { ...context, networkCode: answer.code, detail: this.#redact(answer.message) };
      const error =
        !call.retry && answer.maybeSent ? new UnknownOutcomeError(details) : new ConnectionError(details);
      return { ok: false, error };
    }
    if (call.service === "bss" && answer.date !== undefined) this.#lastBssDate = answer.date;
    const fault = errorBody(answer.body);
    // A 200 that lists per-phone failures is a result, even when its top-level code repeats the first failure.
    const refused = answer.status >= 300 || (fault !== undefined && !hasPerResourceFailures(answer.body));
    if (refused) {
      const message =
        fault?.message ?? (typeof answer.body === "string" ? answer.body.slice(0, 300) : undefined);
      const details: ApiErrorDetails = {
        ...context,
        httpStatus: answer.status,
        code: fault?.code,
        detail: message !== undefined ? this.#redact(message) : undefined,
        retryAfterMs: parseRetryAfter(answer.retryAfter, answer.date),
      };
      const error = errorForAnswer(details);
      // A server failure after a mutating request was received may or may not have been carried out.
      if (!call.retry && error instanceof ServerError)
        return { ok: false, error: new UnknownOutcomeError(details) };
      return { ok: false, error, retryAfterMs: details.retryAfterMs };
    }
    if (call.response === undefined) return { ok: true, value: undefined as T };
    const parsed = call.response.safeParse(answer.body);
    if (parsed.success) return { ok: true, value: parsed.data };
    const details = {
      ...context,
      httpStatus: answer.status,
      detail: `unexpected answer: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
    return { ok: false, error: call.retry ? new ServerError(details) : new UnknownOutcomeError(details) };
  }

  #headers(service: Service): Record<string, string> {
    const headers: Record<string, string> = { "Content-Type": CONTENT_TYPE };
    if (this.#options.domainId) headers["X-Domain-Id"] = this.#options.domainId;
    if (service === "koophone" && this.#options.projectId) headers["X-Project-Id"] = this.#options.projectId;
    return headers;
  }

  #limiter(base: string): SlidingWindowRateLimiter {
    return sharedRateLimiter(base, this.#credentials.accessKey);
  }

  #backoff(): { baseDelayMs: number; maxDelayMs: number } {
    return {
      baseDelayMs: this.#options.retryBaseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
      maxDelayMs: this.#options.retryMaxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    };
  }

  #redact(text: string): string {
    return redactCredentials(text, this.#credentials);
  }
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

/** "CBC.0000", "KOOPHONE.API.0000", "0" or an empty code mean success. */
function isSuccessCode(code: string): boolean {
  return /^(?:[A-Za-z]+(?:\.[A-Za-z]+)*\.)?0*$/.test(code);
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
