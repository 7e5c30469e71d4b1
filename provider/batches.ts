import { DateTime } from "luxon";
import { KooPhoneClient, PAGE_SIZE, SubscriptionResource } from "./client";
import { Batcher } from "./batching/batcher";
import { parseApiTime } from "./planner/billing-time";
import {
  BatchedRenewalContext,
  OrderHistory,
  guardedQuote,
  OrderTotal,
  orderRenewals,
  priceRenewals,
  RateRequest,
  RateResult,
  RenewalContext,
  RenewalOrderRequest,
  RenewalOrderResult,
} from "./renewal";

interface TotalRequest {
  orderId: string;
  createdSince: DateTime;
}

/**
 * How long batches wait for company. Prices (a due phone's first call in an update) and reads wait for `windowMs`
 * (restarted by each arrival, capped at `maxWaitMs`): the engine checks resources one at a time and writes a
 * checkpoint before each update, so updates start apart, tens of milliseconds on an idle machine, hundreds with a
 * large state; the window also stays open while checks are still arriving, since each due phone checked will come.
 * Orders and order totals follow, so a short `followWindowMs` gathers them, held open while an earlier stage still
 * has phones under way; order totals at most twenty such windows, since new batches keep starting while phones of
 * earlier ones finish (holding their totals holds those phones; at five windows, a 10,000-phone up listed the
 * orders once per 2.6 orders paid: 123 calls, more than a tenth of the run's).
 */
export interface BatchTiming {
  windowMs: number;
  followWindowMs: number;
  maxWaitMs: number;
}

export const DEFAULT_TIMING: BatchTiming = { windowMs: 1_000, followWindowMs: 100, maxWaitMs: 10_000 };

/**
 * KOOPHONE_BATCHING=off turns batching off: one phone per read, price and renewal call, and no fleet listing at
 * check, as a per-resource provider works. It is the benchmark's baseline (bench/), not a user setting.
 */
export function batchingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KOOPHONE_BATCHING !== "off";
}

/**
 * Where the engine's concurrent check, create and update calls of one provider instance meet, so that N phones
 * cost about N/10 orders: the account listing that checks plan from, and a batcher per stage (reads, prices,
 * orders, order totals) over the runtime's one client. It is the renewal pipeline's context; the pipeline itself
 * lives in renewal/.
 */
export class Batches implements BatchedRenewalContext {
  private readonly reads: Batcher<string, SubscriptionResource | undefined>;
  private readonly rates: Batcher<RateRequest, RateResult>;
  private readonly renewals: Batcher<RenewalOrderRequest, RenewalOrderResult>;
  private readonly totals: Batcher<TotalRequest, OrderTotal | undefined>;
  private fleet: Promise<Map<string, SubscriptionResource>> | undefined;
  private byExpiry: SubscriptionResource[] | undefined;
  private lastCheckAt = 0;
  /**
   * Batched calls under way per stage: while an earlier stage is busy, more phones are on their way. `orders`
   * counts renewal batches that have not yet asked for their orders' totals.
   */
  private readonly busy = { rates: 0, orders: 0 };

  private readonly timing: BatchTiming;

  constructor(
    readonly client: KooPhoneClient,
    readonly history: OrderHistory,
    private readonly batching: boolean,
    timing: BatchTiming = DEFAULT_TIMING,
    private readonly checkQuote: (request: RateRequest) => Promise<RateResult | Error> | undefined = () =>
      undefined,
  ) {
    this.timing = timing;
    const upTo = (size: number) => (this.batching ? size : 1);
    const { windowMs, followWindowMs, maxWaitMs } = this.timing;
    this.reads = new Batcher({
      maxBatchSize: upTo(50),
      windowMs,
      maxWaitMs,
      holdOpen: () => this.checksArriving(),
      itemKey: (id: string) => id,
      run: async (ids: string[]) => {
        const found = new Map((await this.client.queryAllResources(ids)).map((r) => [r.resource_id, r]));
        return new Map(ids.map((id) => [id, found.get(id)]));
      },
    });
    this.rates = new Batcher({
      maxBatchSize: upTo(10),
      windowMs,
      maxWaitMs,
      holdOpen: () => this.checksArriving(),
      itemKey: (r: RateRequest) => r.phoneId,
      groupKey: (r: RateRequest) => `${r.plan.periodUnit}:${r.plan.periodCount}`,
      run: (requests: RateRequest[]) =>
        this.counted("rates", async () => byPhone(requests, await priceRenewals(this.client, requests))),
    });
    this.renewals = new Batcher({
      maxBatchSize: upTo(10),
      windowMs: followWindowMs,
      maxWaitMs,
      holdOpen: () => this.checksArriving() || this.rates.waitingCount > 0 || this.busy.rates > 0,
      itemKey: (r: RenewalOrderRequest) => r.phoneId,
      groupKey: (r: RenewalOrderRequest) => `${r.plan.periodUnit}:${r.plan.periodCount}:${r.autoPay}`,
      run: async (requests: RenewalOrderRequest[]) =>
        byPhone(requests, await this.ordering((context) => orderRenewals(context, requests))),
    });
    this.totals = new Batcher({
      maxBatchSize: upTo(PAGE_SIZE),
      windowMs: followWindowMs,
      maxWaitMs: 20 * followWindowMs,
      holdOpen: () => this.renewals.waitingCount > 0 || this.busy.orders > 0,
      itemKey: (r: TotalRequest) => r.orderId,
      run: async (requests: TotalRequest[]) => {
        const since = DateTime.min(...requests.map((r) => r.createdSince)) ?? this.now();
        const listed = await this.history.paidOrderTotals(
          requests.map((r) => r.orderId),
          since,
        );
        return new Map(requests.map((r) => [r.orderId, listed.get(r.orderId)]));
      },
    });
  }

  /**
   * Runs one renewal batch with a context whose order totals go through the shared listing; the batch counts as
   * under way until it asks for them, so that batches paying at about the same time share one listing.
   */
  private async ordering<T>(work: (context: RenewalContext) => Promise<T>): Promise<T> {
    this.busy.orders++;
    let underWay = true;
    const askedForTotals = () => {
      if (underWay) this.busy.orders--;
      underWay = false;
    };
    const context: RenewalContext = {
      client: this.client,
      history: this.history,
      now: () => this.now(),
      readPhone: (phoneId) => this.readPhone(phoneId),
      orderTotals: (orderIds, createdSince) => {
        askedForTotals();
        return this.orderTotals(orderIds, createdSince);
      },
    };
    try {
      return await work(context);
    } finally {
      askedForTotals();
    }
  }

  private checksArriving(): boolean {
    return Date.now() - this.lastCheckAt < this.timing.windowMs;
  }

  private async counted<T>(stage: keyof Batches["busy"], call: () => Promise<T>): Promise<T> {
    this.busy[stage]++;
    try {
      return await call();
    } finally {
      this.busy[stage]--;
    }
  }

  /** The billing clock: the cloud's own time (the `Date` of its last answer), so plans agree with Billing Center. */
  now(): DateTime {
    return this.client.serverTime() ?? DateTime.utc();
  }

  /** A phone's subscription as it is now, read together with the other phones asked for at the same moment. */
  readPhone(phoneId: string): Promise<SubscriptionResource | undefined> {
    return this.reads.add(phoneId);
  }

  /**
   * A phone's subscription for planning at preview: the whole account's yearly/monthly subscriptions are listed
   * once per process (100 a page), because the engine checks resources one after another and one read per phone
   * would cost N calls. A phone missing from the listing is read on its own, to be sure.
   */
  async phoneForPlanning(phoneId: string): Promise<SubscriptionResource | undefined> {
    this.lastCheckAt = Date.now();
    if (!this.batching) return this.readPhone(phoneId);
    const fleet = await this.startListing();
    // Directly, not through the read batcher: that one waits while checks are arriving, and this is a check.
    return fleet.get(phoneId) ?? (await this.client.queryAllResources([phoneId]))[0];
  }

  /**
   * The account listing that checks plan from, started once per process. A failed one is not kept: the next check
   * lists again (a rate-limit storm must not fail every phone of the process).
   */
  startListing(): Promise<Map<string, SubscriptionResource>> {
    if (!this.batching) return Promise.resolve(new Map());
    if (this.fleet !== undefined) return this.fleet;
    const listing = this.listSubscriptions();
    this.fleet = listing;
    listing.catch(() => {
      if (this.fleet === listing) this.fleet = undefined;
    });
    return listing;
  }

  /**
   * The account listing that checks plan from, soonest expiry first (the order the run's cap takes phones in);
   * empty without batching, which lists nothing.
   */
  async listingByExpiry(): Promise<SubscriptionResource[]> {
    if (!this.batching || this.fleet === undefined) return [];
    const fleet = await this.fleet;
    // Each expiry parsed once, not twice per comparison (2.3 s of the provider's CPU at 10,000 phones).
    this.byExpiry ??= [...fleet.values()]
      .map((phone) => ({ phone, at: parseApiTime(phone.expire_time).toMillis() }))
      .sort((a, b) => a.at - b.at)
      .map(({ phone }) => phone);
    return this.byExpiry;
  }

  /** Totals of paid renewal orders, listed together with those other batches ask for at the same moment. */
  async orderTotals(orderIds: string[], createdSince: DateTime): Promise<Map<string, OrderTotal>> {
    const totals = await Promise.all(orderIds.map((orderId) => this.totals.add({ orderId, createdSince })));
    return new Map(orderIds.flatMap((id, i) => (totals[i] ? [[id, totals[i]]] : [])));
  }

  /**
   * The renewal's price: the quote its check took for the run's ledger (the same renew-rate answer, taken moments
   * before in this process), else priced together with the phones asking at the same moment. Reusing it halves the
   * renew-rate calls of an up, which the checks would otherwise wait behind at the rate limit.
   */
  async priceRenewal(request: RateRequest): Promise<RateResult> {
    const taken = await this.checkQuote(request)?.catch(() => undefined);
    if (taken === undefined || taken instanceof Error) return this.rates.add(request);
    const guarded = guardedQuote(request, taken);
    if (guarded instanceof Error) throw guarded;
    return guarded;
  }

  orderRenewal(request: RenewalOrderRequest): Promise<RenewalOrderResult> {
    return this.renewals.add(request);
  }

  private async listSubscriptions(): Promise<Map<string, SubscriptionResource>> {
    const all = await this.client.allResources();
    return new Map(all.map((resource) => [resource.resource_id, resource]));
  }
}

/** Batch results in request order, keyed by phone as the batcher hands them back. */
function byPhone<Result>(
  requests: { phoneId: string }[],
  results: (Result | Error)[],
): Map<string, Result | Error> {
  return new Map(requests.map((r, i) => [r.phoneId, results[i]]));
}
