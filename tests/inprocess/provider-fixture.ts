// The provider's lifecycle called in-process as engine runs would call it, against one emulator over HTTP: a new
// provider process per run, phones seeded to expire on given days, checked inputs, and the calls made.
import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator } from "../../emulator";
import { subscriptionProvider } from "../../provider/resources/subscription-provider";
import type { SubscriptionInputs } from "../../provider/resources/subscription-state";
import { configure } from "../../provider/runtime-config";

/** The emulator's clock: a phone seeded 3 days ahead expires 2027-11-02T15:59:59Z (23:59:59 UTC+8). */
export const NOW = "2027-10-30T00:00:00Z";
export const SERIALIZED_PROVIDER = "exports.handler = require('pulumi-koophone/provider')";

/** For `cloud()`, the emulator a test file started; `name` keeps its runs' configurations apart. */
export function providerRuns(cloud: () => RunningEmulator, name: string) {
  let runs = 0;
  return {
    /**
     * A new engine run: the provider as a new process would configure it. Each run gets a configuration of its
     * own (a region nothing reads), so it starts a session of its own, with no account listing cached before.
     */
    newRun(extra: Record<string, string> = {}): void {
      runs += 1;
      const config: Record<string, string> = {
        "koophone:accessKey": DEFAULT_CREDENTIALS.accessKey,
        "koophone:secretKey": DEFAULT_CREDENTIALS.secretKey,
        "koophone:endpoint": cloud().url,
        "koophone:koophoneEndpoint": cloud().url,
        "koophone:region": `${name}-${runs}`,
        "koophone:renewalDay": "none",
        ...extra,
      };
      configure((key) => config[key]);
    },

    /** Empties the cloud; seeds one phone expiring in `days` days per entry; their ids in the same order. */
    async seed(...days: number[]): Promise<string[]> {
      const { admin } = cloud();
      await admin.reset();
      await admin.setClock(NOW);
      const ids: string[] = [];
      for (const [i, d] of days.entries()) {
        const { phones } = await admin.seed({ count: 1, expiryWithinDays: [d, d], rngSeed: i + 1 });
        ids.push(phones[0].resourceId);
      }
      await admin.setBalance(100_000);
      return ids;
    },

    /** What the engine hands create and update: the checked inputs, with the serialized provider. */
    async checked(
      news: Record<string, unknown>,
      olds: Record<string, unknown> = {},
    ): Promise<SubscriptionInputs> {
      const result = await subscriptionProvider.check(olds, { ...news, __provider: SERIALIZED_PROVIDER });
      expect(result.failures ?? [], JSON.stringify(result.failures)).to.deep.equal([]);
      return {
        ...(result.inputs as SubscriptionInputs),
        __provider: SERIALIZED_PROVIDER,
      } as SubscriptionInputs;
    },

    /** Calls per API since the counters were reset, zeros left out. */
    async calls(): Promise<Record<string, number>> {
      const counters = await cloud().admin.counters();
      return Object.fromEntries(Object.entries(counters).filter(([, n]) => (n ?? 0) > 0)) as Record<
        string,
        number
      >;
    },
  };
}
