import * as pulumi from "@pulumi/pulumi";
import { listPhones as listPhonesWith, PhoneSummary, resolveConfiguration } from "../provider";

export type { PhoneSummary };

/**
 * The account's KooPhone phones, read with the stack's `koophone:` configuration (or the environment), for
 * programs that enumerate a fleet. `nameContains` keeps the phones whose name contains it.
 */
export function listPhones(filter: { nameContains?: string } = {}): Promise<PhoneSummary[]> {
  // Raw lookup: the values are used in this process only, and getConfig does not warn about secrets.
  const configuration = resolveConfiguration((key) => pulumi.runtime.getConfig(key), process.env);
  return listPhonesWith(configuration, filter);
}
