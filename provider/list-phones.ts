import { KooPhoneClient } from "./client";
import { ProviderConfiguration } from "./configuration";
import { parseApiTime } from "./planner/billing-time";

/** A phone of the account, as `listPhones()` reports it. */
export interface PhoneSummary {
  id: string;
  name: string;
  sku: string;
  billingMode: string;
  frozen: boolean;
}

/** The account's KooPhone instances, optionally those whose name contains `nameContains`. */
export async function listPhones(
  configuration: ProviderConfiguration,
  filter: { nameContains?: string } = {},
): Promise<PhoneSummary[]> {
  const client = new KooPhoneClient(configuration);
  const instances = await client.listAllInstances(
    filter.nameContains !== undefined ? { instanceName: filter.nameContains } : {},
  );
  return instances.map((i) => ({
    id: i.instance_id,
    name: i.instance_name ?? "",
    sku: i.instance_sku ?? "",
    billingMode: String(i.billing_mode),
    frozen: Number(i.frozen_status) === 1,
  }));
}

/**
 * `phoneIds` with the soonest-expiring first, by their yearly/monthly subscriptions (50 a call); phones without
 * one keep their order, last. A Fleet declares its phones in this order when the run has a cap
 * (koophone:maxRunAmount): the engine checks them as they are declared, so the cap renews those first.
 */
export async function soonestExpiringFirst(
  configuration: ProviderConfiguration,
  phoneIds: string[],
): Promise<string[]> {
  const listed = await new KooPhoneClient(configuration).queryAllResources(phoneIds);
  return byExpiry(
    phoneIds,
    new Map(listed.map((r) => [r.resource_id, parseApiTime(r.expire_time).toMillis()])),
  );
}

/** The ids by expiry, soonest first; ids with none last; equal ones in the given order (a stable sort). */
export function byExpiry(phoneIds: string[], expiries: ReadonlyMap<string, number>): string[] {
  const at = (id: string) => expiries.get(id) ?? Number.POSITIVE_INFINITY;
  return [...phoneIds].sort((a, b) => {
    const [x, y] = [at(a), at(b)];
    return x === y ? 0 : x < y ? -1 : 1;
  });
}
