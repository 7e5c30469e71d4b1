import { listPhones } from "../list-phones";
import type { ProviderConfiguration } from "../configuration";
import type { Properties } from "./struct-values";

/** koophone:index:getPhones: the account's phones (of this provider instance), optionally filtered by name. */
export async function getPhones(configuration: ProviderConfiguration, args: Properties): Promise<Properties> {
  const nameContains = args.nameContains;
  if (nameContains !== undefined && typeof nameContains !== "string") {
    throw new Error(`getPhones: nameContains must be a string, got ${JSON.stringify(nameContains)}`);
  }
  const phones = await listPhones(configuration, nameContains === undefined ? {} : { nameContains });
  return { phones, ids: phones.map((phone) => phone.id) };
}
