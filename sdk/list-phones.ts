import * as pulumi from "@pulumi/pulumi";
import { isUserError, listPhones as listPhonesWith, PhoneSummary, resolveConfiguration } from "../provider";

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
