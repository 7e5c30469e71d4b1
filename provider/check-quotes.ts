// Renew-rate quotes for the run ledger, taken at check. The engine checks one resource at a time, so a quote per
// check would cost one sequential call per due phone; instead a check that finds no quote prices its phone with
// the phones of the account listing the same settings make due next (soonest expiry first, as the run's cap takes
// them), several calls of 10 at once. Later checks find their quote made.
import { BATCH_LIMIT, chunk, KooPhoneClient, SubscriptionResource } from "./client";
import { unmanageableReason } from "./phone-state";
import { PlanError, planRenewal, RenewalPlan } from "./planner/plan";
import { planInputOf } from "./planner/planned-renewal";
import type { EffectiveSettings } from "./planner/settings";
import { priceRenewals, RateResult } from "./renewal";
import type { DateTime } from "luxon";

/** A renewal to price: the phone and its plan (renew-rate prices its period; Billing Center adds its days). */
export interface QuoteRequest {
  phoneId: string;
  plan: RenewalPlan;
}

/** Phones priced by one check that finds no quote: 5 calls of 10, under a second at 10 calls a second. */
export const PHONES_PER_QUOTE_ROUND = 5 * BATCH_LIMIT.rate;

export class CheckQuotes {
  private readonly quotes = new Map<string, Promise<RateResult | Error>>();
  /** Phones with a quote taken or under way, whatever its period: no companion of a later round. */
  private readonly phones = new Set<string>();

  constructor(private readonly client: KooPhoneClient) {}

  /** Has this renewal been priced (or is it being priced)? */
  has(request: QuoteRequest): boolean {
    return this.quotes.has(quoteKey(request));
  }

  /** Has this phone been priced (or is it being priced) for any period? */
  hasPhone(phoneId: string): boolean {
    return this.phones.has(phoneId);
  }

  /** The quote taken (or being taken) for this renewal, if any. */
  known(request: QuoteRequest): Promise<RateResult | Error> | undefined {
    return this.quotes.get(quoteKey(request));
  }

  /**
   * The quote of `wanted` (a per-phone failure, such as a phone held by an unpaid order, as an Error); priced with
   * `companions` when it is not known yet. A call that fails leaves its phones unpriced, to be tried again.
   */
  quote(wanted: QuoteRequest, companions: QuoteRequest[]): Promise<RateResult | Error> {
    const known = this.quotes.get(quoteKey(wanted));
    if (known !== undefined) return known;
    const round = [wanted, ...companions.filter((c) => !this.has(c))].slice(0, PHONES_PER_QUOTE_ROUND);
    for (const group of groupsOfOnePeriod(round)) {
      for (const requests of chunk(group, BATCH_LIMIT.rate)) this.price(requests);
    }
    return this.quotes.get(quoteKey(wanted)) as Promise<RateResult | Error>;
  }

  /** The quotes of these renewals, pricing those not known yet (calls of 10, paced by the client). */
  quoteAll(requests: QuoteRequest[]): Promise<(RateResult | Error)[]> {
    const missing = requests.filter((r) => !this.has(r));
    for (const group of groupsOfOnePeriod(missing)) {
      for (const chunked of chunk(group, BATCH_LIMIT.rate)) this.price(chunked);
    }
    return Promise.all(requests.map((r) => this.quotes.get(quoteKey(r)) as Promise<RateResult | Error>));
  }

  private price(requests: QuoteRequest[]): void {
    const call = priceRenewals(this.client, requests);
    requests.forEach((request, i) => {
      const key = quoteKey(request);
      const quote = call.then((results) => results[i]);
      quote.catch(() => {
        if (this.quotes.get(key) !== quote) return;
        this.quotes.delete(key);
        this.phones.delete(request.phoneId);
      });
      this.quotes.set(key, quote);
      this.phones.add(request.phoneId);
    });
  }
}

/**
 * The listed phones (sorted by expiry) that `settings` make due with the same period as `wanted`, soonest first,
 * not priced yet: the phones of a fleet under one policy that the next checks will most likely ask for. The scan
 * ends at the first phone the settings leave covered, since every later expiry is covered too. A phone already
 * priced is passed over before it is planned: each round scans past all the rounds before it, and planning them
 * again made the checks of a fleet quadratic (7.4 s of the provider's CPU at 10,000 phones).
 */
export function likelyNext(
  listing: readonly SubscriptionResource[],
  wanted: QuoteRequest,
  now: DateTime,
  settings: EffectiveSettings,
  pricedPhone: (phoneId: string) => boolean,
): QuoteRequest[] {
  const found: QuoteRequest[] = [];
  for (const phone of listing) {
    if (found.length >= PHONES_PER_QUOTE_ROUND - 1) break;
    if (phone.resource_id === wanted.phoneId || pricedPhone(phone.resource_id)) continue;
    if (unmanageableReason(phone) !== undefined) continue;
    let plan: RenewalPlan | undefined;
    try {
      plan = planRenewal(planInputOf(phone.resource_id, phone.expire_time, now, settings));
    } catch (error) {
      if (error instanceof PlanError) continue;
      throw error;
    }
    if (plan === undefined) break;
    if (samePeriod(plan, wanted.plan)) found.push({ phoneId: phone.resource_id, plan });
  }
  return found;
}

function samePeriod(a: RenewalPlan, b: RenewalPlan): boolean {
  return a.periodUnit === b.periodUnit && a.periodCount === b.periodCount;
}

function quoteKey({ phoneId, plan }: QuoteRequest): string {
  return `${phoneId}:${plan.periodUnit}:${plan.periodCount}`;
}

function groupsOfOnePeriod(requests: QuoteRequest[]): QuoteRequest[][] {
  const groups = new Map<string, QuoteRequest[]>();
  for (const request of requests) {
    const key = `${request.plan.periodUnit}:${request.plan.periodCount}`;
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  return [...groups.values()];
}
