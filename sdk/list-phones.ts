import * as pulumi from "@pulumi/pulumi";
import {
  isUserError,
  listPhones as listPhonesWith,
  PhoneSummary,
  resolveConfiguration,
  soonestExpiringFirst as soonestFirstWith,
} from "../provider";

export type { PhoneSummary };

/**
 * The account's KooPhone phones, read with the stack's `koophone:` configuration (or the environment), for
 * programs that enumerate a fleet. `nameContains` keeps the phones whose name contains it. A failure the user can
 * act on (credentials, endpoint, limits) is a `pulumi.RunError`: the CLI shows its message without a stack.
 */
export async function listPhones(filter: { nameContains?: string } = {}): Promise<PhoneSummary[]> {
  try {
    // Raw lookup: the values are used in this process only, and getConfig does not warn about secrets.
    const configuration = resolveConfiguration((key) => pulumi.runtime.getConfig(key), process.env);
    return await listPhonesWith(configuration, filter);
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new pulumi.RunError(`listPhones: ${error.message}`);
  }
}

/** `phoneIds` with the soonest-expiring first (see the provider's soonestExpiringFirst); failures as listPhones. */
export async function soonestExpiringFirst(phoneIds: string[]): Promise<string[]> {
  try {
    const configuration = resolveConfiguration((key) => pulumi.runtime.getConfig(key), process.env);
    return await soonestFirstWith(configuration, phoneIds);
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new pulumi.RunError(
      `ordering the fleet's phones by expiry for koophone:maxRunAmount: ${error.message}`,
    );
  }
}
