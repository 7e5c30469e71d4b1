// The audit's calls to the cloud: each phone's name, current expiry and mode, and the renewal prices.
import type { DateTime } from "luxon";
import { KooPhoneClient } from "../provider/client";
import { modeOf } from "../provider/phone-state";
import type { CloudPhone } from "./cloud-phone";
import { phoneChanges } from "./phone-changes";
import type { Preview } from "./preview-json";
import { rateRequests } from "./rate-requests";
import { Quote, RenewalRow, renewalRows } from "./renewal-rows";

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
 * The renew-rate price of each row, asked per period in calls of at most 10 phones. A failed call marks its
 * phones unpriced with the reason rather than failing the report.
 */
export async function quoteRenewals(client: KooPhoneClient, rows: RenewalRow[]): Promise<Map<string, Quote>> {
  const { requests, skipped } = rateRequests(rows);
  const quotes = new Map<string, Quote>([...skipped].map(([id, error]) => [id, { error }]));
  for (const request of requests) {
    try {
      const response = await client.renewRate(request);
      const amounts = new Map(response.renew_inquiry_results.map((r) => [r.resource_id, r.amount]));
      const failures = new Map(response.fail_resource_infos.map((f) => [f.resource_id, f]));
      for (const id of request.resource_ids) {
        const amount = amounts.get(id);
        const failure = failures.get(id);
        quotes.set(
          id,
          amount !== undefined
            ? { amount, currency: response.currency }
            : {
                error: failure
                  ? `${failure.error_code} ${failure.error_msg ?? ""}`.trim()
                  : "no amount returned",
              },
        );
      }
    } catch (error) {
      for (const id of request.resource_ids) quotes.set(id, { error: failureMessage(error) });
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

/** Looks up every subscribed phone, then prices the phones the preview renews. */
export async function askCloud(client: KooPhoneClient, preview: Preview): Promise<CloudAnswers> {
  const { changes } = phoneChanges(preview);
  const cloud = await lookUpPhones(
    client,
    changes.map((change) => change.phoneId),
  );
  const quotes = await quoteRenewals(client, renewalRows(changes, cloud));
  return { cloud, quotes, serverTime: client.serverTime() };
}
