// The typed Billing Center (BSS) + KooPhone client: one method per declared endpoint (see endpoints.ts), plus the
// walks over pages and batches the provider needs. Signing, rate limits and retries live in the transport.
import { DateTime } from "luxon";
import type { ApiName } from "./api-names";
import {
  type AccountBalancesResponse,
  type AutoRenewRequest,
  type ListedOrder,
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
import { BATCH_LIMIT } from "./batch-limits";
import { debugLog } from "./debug-log";
import { checkEndpoint } from "./endpoint";
import { ENDPOINTS, type Endpoint } from "./endpoints";
import type {
  Instance,
  InstanceStatusResponse,
  ListInstancesQuery,
  ListInstancesResponse,
} from "./koophone-schemas";
import { chunk, collectPages, PAGE_SIZE } from "./paging";
import { DEFAULT_BACKOFF, DEFAULT_RETRY_LIMITS } from "./retry-policy";
import type { Credentials } from "./signer";
import { Transport, validRequest, type CallInput } from "./transport";

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
  /** At most this many retries of one call (besides the retry budget); default 10. */
  maxRetries?: number;
  /** How long a call keeps being retried, from its first attempt; default 15000 ms. */
  retryBudgetMs?: number;
  /** Per API, shared by all clients of the same endpoint + access key in this process; default 10. */
  callsPerSecond?: number;
  /** Called once per HTTP attempt with the short API name (query, renew, rate, pay, ...). */
  onCall?: (api: ApiName) => void;
  /** Backoff between retries: equal jitter over base * 2^attempt, capped; defaults 500 ms and 5 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Where a line goes for each retry; default stderr when the engine asked its plugins for logs (-v). */
  log?: (line: string) => void;
}

export type { ApiName };

export class KooPhoneClient {
  // Private: util.inspect(client) and JSON.stringify(client) show no credential.
  readonly #transport: Transport;

  constructor(opts: ClientOptions) {
    this.#transport = new Transport(
      { ...opts.credentials },
      {
        bss: checkEndpoint(opts.endpoint, "koophone:endpoint"),
        koophone: checkEndpoint(opts.koophoneEndpoint, "koophone:koophoneEndpoint"),
        domainId: opts.domainId,
        projectId: opts.projectId,
        timeoutMs: opts.timeoutMs ?? 30_000,
        maxRetries: opts.maxRetries ?? DEFAULT_RETRY_LIMITS.maxRetries,
        retryBudgetMs: opts.retryBudgetMs ?? DEFAULT_RETRY_LIMITS.budgetMs,
        callsPerSecond: opts.callsPerSecond ?? 10,
        backoff: {
          baseDelayMs: opts.retryBaseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
          maxDelayMs: opts.retryMaxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
        },
        onCall: opts.onCall,
        log: opts.log ?? debugLog(process.argv),
      },
    );
  }

  /** Subscriptions (yearly/monthly resources): one page, at most 50 ids; `order_id` lists an order's. */
  queryResources(body: QueryResourcesRequest): Promise<QueryResourcesResponse> {
    return this.#send(ENDPOINTS.query, { body }, body.resource_ids);
  }

  /** The main subscriptions of these phones, in chunks of 50 ids and pages of 100. Absent ids are missing. */
  async queryAllResources(resourceIds: string[]): Promise<SubscriptionResource[]> {
    const found: SubscriptionResource[] = [];
    for (const ids of chunk([...new Set(resourceIds)], BATCH_LIMIT.query)) {
      found.push(...(await this.#allResources({ resource_ids: ids, only_main_resource: 1 })));
    }
    return found;
  }

  /** The main subscriptions an order holds (what it renews): its line items name no resource. */
  resourcesOfOrder(orderId: string): Promise<SubscriptionResource[]> {
    return this.#allResources({ order_id: orderId, only_main_resource: 1 });
  }

  /** Every main subscription of the account, page by page. */
  allResources(): Promise<SubscriptionResource[]> {
    return this.#allResources({ only_main_resource: 1 });
  }

  /** Renews up to 10 phones. Sent again only when nothing was done; an ambiguous failure is UnknownOutcomeError. */
  renew(body: RenewRequest): Promise<RenewResponse> {
    return this.#send(ENDPOINTS.renew, { body }, body.resource_ids);
  }

  /** The price of renewing up to 10 phones; per-phone failures come back in fail_resource_infos. */
  renewRate(body: RenewRateRequest): Promise<RenewRateResponse> {
    return this.#send(ENDPOINTS.rate, { body }, body.resource_ids);
  }

  enableAutoRenew(resourceId: string, body?: AutoRenewRequest): Promise<void> {
    return this.#send(ENDPOINTS["autorenew-on"], { body, params: { resource_id: resourceId } }, [resourceId]);
  }

  disableAutoRenew(resourceId: string): Promise<void> {
    return this.#send(ENDPOINTS["autorenew-off"], { params: { resource_id: resourceId } }, [resourceId]);
  }

  /** Pay-per-use after expiry on (SET_UP) or off (CANCEL); failures per phone in error_details. */
  toOnDemand(body: ToOnDemandRequest): Promise<ToOnDemandResponse> {
    return this.#send(ENDPOINTS["to-on-demand"], { body }, body.resource_ids);
  }

  /** The account's renewal day (EXPIRE_DATE) or auto-renew deduction lead (DEDUCTION_DATE). */
  setRenewConfig(body: RenewConfigRequest): Promise<void> {
    return this.#send(ENDPOINTS["renew-config"], { body });
  }

  /** Pays a pending order. Sent again only when nothing was done; an ambiguous failure is UnknownOutcomeError. */
  payOrder(body: PayOrderRequest): Promise<void> {
    return this.#send(ENDPOINTS.pay, { body, orderId: body.order_id });
  }

  listOrders(query: ListOrdersQuery): Promise<ListOrdersResponse> {
    return this.#send(ENDPOINTS["orders-list"], { query, orderId: query.order_id });
  }

  /**
   * Every order matching the query, page by page (newest first when order_by says "-createTime"); with `enough`,
   * only until the orders so far are enough.
   */
  listAllOrders(
    query: Omit<ListOrdersQuery, "offset" | "limit">,
    enough?: (listed: ListedOrder[]) => boolean,
  ): Promise<ListedOrder[]> {
    return collectPages(async (index) => {
      const page = await this.listOrders({ ...query, offset: index * PAGE_SIZE, limit: PAGE_SIZE });
      return { items: page.order_infos, total: page.total_count, pageSize: PAGE_SIZE };
    }, enough);
  }

  /** The customer's accounts (cash, credit, bonus, deposit) and what each holds. */
  accountBalances(): Promise<AccountBalancesResponse> {
    return this.#send(ENDPOINTS.balances, {});
  }

  getOrder(orderId: string): Promise<OrderDetailsResponse> {
    return this.#send(ENDPOINTS["order-details"], { params: { order_id: orderId }, orderId });
  }

  /** Cancels a pending order (its answer has no fields). Sent again only when nothing was done. */
  cancelOrder(orderId: string): Promise<void> {
    return this.#send(ENDPOINTS["order-cancel"], { body: { order_id: orderId }, orderId });
  }

  /** One page of KooPhone instances (page_no starts at 1). */
  listInstances(query: ListInstancesQuery): Promise<ListInstancesResponse> {
    return this.#send(ENDPOINTS.instances, { query });
  }

  /** Every KooPhone instance (optionally those whose name matches), page by page. */
  async listAllInstances(filter?: { instanceName?: string }): Promise<Instance[]> {
    return collectPages(async (index) => {
      const page = await this.listInstances({
        page_no: index + 1,
        page_size: PAGE_SIZE,
        instance_name: filter?.instanceName,
      });
      return { items: page.data.result, total: page.data.total_count ?? undefined, pageSize: PAGE_SIZE };
    });
  }

  /** Running status of up to 100 instances. */
  queryInstanceStatus(instanceIds: string[]): Promise<InstanceStatusResponse> {
    return this.#send(ENDPOINTS["instances-status"], { body: { instance_ids: instanceIds } }, instanceIds);
  }

  /** The `Date` of the last BSS answer: the server's clock (the emulator's virtual clock). */
  serverTime(): DateTime | undefined {
    const date = this.#transport.lastBssDate;
    if (date === undefined) return undefined;
    const time = DateTime.fromHTTP(date, { zone: "utc" });
    return time.isValid ? time : undefined;
  }

  #allResources(filter: QueryResourcesRequest): Promise<SubscriptionResource[]> {
    return collectPages(async (index) => {
      const page = await this.queryResources({ ...filter, offset: index * PAGE_SIZE, limit: PAGE_SIZE });
      return { items: page.data, total: page.total_count, pageSize: PAGE_SIZE };
    });
  }

  /** Checks the request against the endpoint's schema (nothing is sent when it fails), then calls it. */
  async #send<Request, Response>(
    endpoint: Endpoint<Request, Response>,
    input: { body?: Request; query?: Request; params?: Record<string, string>; orderId?: string },
    resourceIds?: string[],
  ): Promise<Response> {
    const { request } = endpoint;
    const given = request?.in === "query" ? input.query : input.body;
    const checked =
      request !== undefined && given !== undefined
        ? validRequest(endpoint.api, request.schema, given, resourceIds)
        : undefined;
    const call: CallInput = { params: input.params, orderId: input.orderId, resourceIds };
    if (request?.in === "query") call.query = checked as CallInput["query"];
    else call.body = checked;
    return this.#transport.call(endpoint, call);
  }
}
