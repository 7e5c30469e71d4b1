// The audit's calls to the cloud: each phone's name, current expiry and mode, and the renewal prices.
import type { DateTime } from "luxon";
import { BATCH_LIMIT, KooPhoneClient } from "../provider/client";
import { modeOf } from "../provider/phone-state";
import { parseApiTime } from "../provider/planner/billing-time";
import { priceRenewals } from "../provider/renewal";
import type { Quote } from "./charges";
import type { CloudPhone } from "./cloud-phone";
import type { PlannedRenewal } from "./phone-changes";
import { phoneChanges } from "./phone-changes";
import type { Preview } from "./preview-json";
import { rateBatches } from "./rate-batches";

/** Billing Center's subscription and KooPhone's instance for each phone; phones neither knows are absent. */
export async function lookUpPhones(
  client: KooPhoneClient,
  phoneIds: string[],
): Promise<Map<string, CloudPhone>> {
  if (phoneIds.length === 0) return new Map();
  const [resources, instances] = await Promise.all([
    client.queryAllResources(phoneIds),
    client.listAllInstances(),
  ]);
  const wanted = new Set(phoneIds);
  const phones = new Map<string, CloudPhone>();
  const entry = (id: string): CloudPhone => {
    const phone = phones.get(id) ?? {};
    phones.set(id, phone);
    return phone;
  };
  for (const resource of resources.filter((r) => wanted.has(r.resource_id))) {
    Object.assign(entry(resource.resource_id), {
      expireTime: resource.expire_time,
      mode: modeOf(resource.expire_policy),
    });
  }
  for (const instance of instances.filter((i) => wanted.has(i.instance_id))) {
    entry(instance.instance_id).name = instance.instance_name;
  }
  return phones;
}

function failureMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Billing Center's price of each planned renewal, through the provider's own renew-rate call (the one its money
 * guard uses), one call per period and batch. A failed call marks its phones unpriced with the reason rather than
 * failing the report.
 */
export async function quoteRenewals(
  client: KooPhoneClient,
  renewals: ReadonlyMap<string, PlannedRenewal>,
): Promise<Map<string, Quote>> {
  const quotes = new Map<string, Quote>();
  for (const batch of rateBatches(renewals, BATCH_LIMIT.rate)) {
    const requests = batch.map(([phoneId, renewal]) => ({
      phoneId,
      plan: {
        periodUnit: renewal.period.unit,
        periodCount: renewal.period.count,
        from: parseApiTime(renewal.from),
        to: parseApiTime(renewal.to),
        extraDays: renewal.extraDays,
        // Not known from a preview, and not used to price: renew-rate asks by period only.
        threshold: parseApiTime(renewal.to),
      },
    }));
    try {
      const results = await priceRenewals(client, requests);
      results.forEach((result, i) =>
        quotes.set(
          requests[i].phoneId,
          result instanceof Error
            ? { error: failureMessage(result) }
            : { amount: result.amount.toFixed(2), currency: result.currency },
        ),
      );
    } catch (error) {
      for (const { phoneId } of requests) quotes.set(phoneId, { error: failureMessage(error) });
    }
  }
  return quotes;
}

/** What the cloud answered for a preview. */
export interface CloudAnswers {
  cloud: Map<string, CloudPhone>;
  quotes: Map<string, Quote>;
  /** Billing Center's clock (its `Date` header): the emulator's virtual one in tests and demos. */
  serverTime?: DateTime;
}

/** Looks up every subscribed phone, then prices the renewals the provider planned. */
export async function askCloud(client: KooPhoneClient, preview: Preview): Promise<CloudAnswers> {
  const { changes } = phoneChanges(preview);
  const cloud = await lookUpPhones(
    client,
    changes.map((change) => change.phoneId),
  );
  const renewals = new Map(
    changes.flatMap((change) =>
      change.renewal === undefined ? [] : [[change.phoneId, change.renewal] as const],
    ),
  );
  const quotes = await quoteRenewals(client, renewals);
  return { cloud, quotes, serverTime: client.serverTime() };
}
