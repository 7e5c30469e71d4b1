import { KooPhoneClient } from "./client";
import { ProviderConfiguration } from "./configuration";

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
