import type { DateTime } from "luxon";
import { Batches, BatchTiming, batchingEnabled } from "./batches";
import { ClientOptions, KooPhoneClient, SubscriptionResource } from "./client";
import { ConfigLookup, ProviderConfiguration, resolveConfiguration } from "./configuration";
import { CapOrder } from "./cap-order";
import { CheckQuotes } from "./check-quotes";
import { OrderHistory } from "./renewal";
import { RunLedger } from "./run-ledger";
import { inShard } from "./shard";

/** A phone as `check` saw it in the account listing, and when (Billing Center's clock). */
export interface SeenPhone {
  phone: SubscriptionResource;
  seenAt: DateTime;
}

export interface RuntimeOptions {
  timing?: BatchTiming;
  /** How the client paces and retries calls (the defaults suit the cloud; a local cloud answers faster). */
  client?: Pick<ClientOptions, "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "callsPerSecond">;
  /** Off: one phone per call and no listing at check (the benchmark's per-resource baseline). */
  batching?: boolean;
  /** Where a warning for the user goes: the engine's log in a provider process; stderr by default. */
  warn?: (message: string) => Promise<void>;
}

/**
 * Everything a provider instance keeps between the engine's calls, made once at `configure`: the configuration,
 * one client (one rate limiter), the order history, the batches where concurrent calls meet, what `check` saw of
 * each phone, and the warnings already given. Both resource providers are made from it (providers.ts); nothing
 * else keeps state between calls.
 */
export class Runtime {
  readonly client: KooPhoneClient;
  readonly history: OrderHistory;
  readonly batches: Batches;
  /** What this run will pay, counted by the checks, and the quotes they count. */
  readonly ledger: RunLedger;
  readonly quotes: CheckQuotes;
  readonly capOrder: CapOrder;
  private readonly seen = new Map<string, SeenPhone>();
  /** The account listing's phones of the stack's shard, and the listing they were taken from. */
  private shardListing: { of: SubscriptionResource[]; phones: SubscriptionResource[] } | undefined;
  private readonly warned = new Set<string>();
  private readonly warn: (message: string) => Promise<void>;

  constructor(
    readonly configuration: ProviderConfiguration,
    options: RuntimeOptions = {},
  ) {
    this.client = new KooPhoneClient({ ...configuration, ...options.client });
    this.history = new OrderHistory(this.client);
    this.batches = new Batches(
      this.client,
      this.history,
      options.batching ?? batchingEnabled(),
      options.timing,
      (request) => this.quotes.known(request),
    );
    this.warn = options.warn ?? warnOnStderr;
    this.quotes = new CheckQuotes(this.client);
    this.capOrder = new CapOrder(this.quotes);
    this.ledger = new RunLedger(this.client, configuration, {
      once: (topic, message) => this.warnOnce(topic, message),
      each: (message) => this.warn(message),
    });
  }

  /** The billing clock: the cloud's own time (the `Date` of its last answer), so plans agree with Billing Center. */
  now(): DateTime {
    return this.batches.now();
  }

  /**
   * The listed phones this stack may hold, soonest expiry first: the account's, or those of its `koophone:shard`.
   * The run's cap counts the renewals ahead of a phone, and a check's quote round prices the next due phones, from
   * it: the phones of other shards are neither this run's spending nor worth a renew-rate call.
   */
  async listingByExpiry(): Promise<SubscriptionResource[]> {
    const listing = await this.batches.listingByExpiry();
    const { shard } = this.configuration;
    if (shard === undefined) return listing;
    if (this.shardListing?.of !== listing) {
      this.shardListing = { of: listing, phones: listing.filter((p) => inShard(p.resource_id, shard)) };
    }
    return this.shardListing.phones;
  }

  /**
   * The engine checks a resource and then creates or updates it through the same provider, so the create or update
   * of a phone that is not due records what its check saw instead of reading the phone again.
   */
  rememberSeen(phone: SubscriptionResource, seenAt: DateTime): void {
    this.seen.set(phone.resource_id, { phone, seenAt });
  }

  /** What this runtime's check saw of the phone, handed out once. */
  takeSeen(phoneId: string): SeenPhone | undefined {
    const found = this.seen.get(phoneId);
    this.seen.delete(phoneId);
    return found;
  }

  /** Shows a warning once per runtime for each `topic`; resolves once shown, never rejects. */
  async warnOnce(topic: string, message: string): Promise<void> {
    if (this.warned.has(topic)) return;
    this.warned.add(topic);
    await this.warn(message);
  }
}

/** The runtime for a stack's `koophone:` configuration, with the environment as fallback. */
export function createRuntime(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv,
  options: RuntimeOptions = {},
): Runtime {
  return new Runtime(resolveConfiguration(config, env), options);
}

function warnOnStderr(message: string): Promise<void> {
  console.warn(`warning: ${message}`);
  return Promise.resolve();
}
