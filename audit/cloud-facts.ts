// The audit's calls to the cloud: each phone's name, current expiry and mode, and the renewal prices.
import { DateTime, Duration } from "luxon";
import { Batches, BatchTiming } from "../provider/batches";
import { KooPhoneClient } from "../provider/client";
import { modeOf } from "../provider/phone-state";
import { parseApiTime } from "../provider/planner/billing-time";
import type { PlannedRenewal } from "../provider/planner/planned-renewal";
import { OrderHistory } from "../provider/renewal";
import type { Quote } from "./charges";
import type { CloudPhone } from "./cloud-phone";
import { phoneChanges } from "./phone-changes";
import type { Preview } from "./preview-json";
import { UnmanagedPhone, unmanagedPhones } from "./unmanaged-phones";

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

/** No wait for company: every renewal to price is handed over at once. */
export const AT_ONCE: BatchTiming = { windowMs: 0, followWindowMs: 0, maxWaitMs: 0 };

/**
 * Billing Center's price of each planned renewal, through the provider's own renew-rate call (the one its money
 * guard uses), batched by the provider's batches: one call per period, 10 phones a call. A failed call marks its
 * phones unpriced with the reason rather than failing the report.
 */
export async function quoteRenewals(
  client: KooPhoneClient,
  renewals: ReadonlyMap<string, PlannedRenewal>,
): Promise<Map<string, Quote>> {
  // The order history serves the batches' order stages, which pricing never reaches.
  const batches = new Batches(client, new OrderHistory(client), true, AT_ONCE);
  const priced = [...renewals].map(async ([phoneId, renewal]): Promise<[string, Quote]> => {
    const plan = {
      periodUnit: renewal.periodUnit,
      periodCount: renewal.periodCount,
      from: parseApiTime(renewal.from),
      to: parseApiTime(renewal.to),
      extraDays: renewal.extraDays,
      // Not known from a preview, and not used to price: renew-rate asks by period only.
      threshold: parseApiTime(renewal.to),
    };
    try {
      const { amount, currency } = await batches.priceRenewal({ phoneId, plan });
      return [phoneId, { amount: amount.toFixed(2), currency }];
    } catch (error) {
      return [phoneId, { error: failureMessage(error) }];
    }
  });
  return new Map(await Promise.all(priced));
}

/** What the cloud answered for a preview. */
export interface CloudAnswers {
  cloud: Map<string, CloudPhone>;
  quotes: Map<string, Quote>;
  /** Billing Center's clock (its `Date` header): the emulator's virtual one in tests and demos. */
  serverTime?: DateTime;
  /** The account's phones that no subscription of the preview manages and that expire within the window. */
  unmanaged?: UnmanagedPhone[];
}

/** The account's phones that `managed` does not hold and that expire within `within` of Billing Center's now. */
async function unmanagedOf(
  client: KooPhoneClient,
  managed: ReadonlySet<string>,
  within: Duration,
): Promise<UnmanagedPhone[]> {
  const [resources, instances] = await Promise.all([client.allResources(), client.listAllInstances()]);
  const now = client.serverTime() ?? DateTime.utc();
  return unmanagedPhones({ resources, instances, managed, now, within });
}

/**
 * Looks up every subscribed phone, then prices the renewals the provider planned; with `unmanagedWithin`, lists
 * the account's phones that none of the preview's subscriptions manages and that expire within it.
 */
export async function askCloud(
  client: KooPhoneClient,
  preview: Preview,
  unmanagedWithin?: Duration,
): Promise<CloudAnswers> {
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
  const managed = new Set(changes.map((change) => change.phoneId));
  const unmanaged = unmanagedWithin && (await unmanagedOf(client, managed, unmanagedWithin));
  return { cloud, quotes, serverTime: client.serverTime(), ...(unmanaged ? { unmanaged } : {}) };
}
