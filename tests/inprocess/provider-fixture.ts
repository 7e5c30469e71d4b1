// The provider's lifecycle called in-process as engine runs would call it, against one emulator over HTTP: a new
// provider process per run, phones seeded to expire on given days, checked inputs, and the calls made.
import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator } from "../../emulator";
import { createProviders, Providers } from "../../provider/providers";
import type { SubscriptionInputs } from "../../provider/resources/subscription-state";
import { createRuntime, Runtime, RuntimeOptions } from "../../provider/runtime";

/** The emulator's clock: a phone seeded 3 days ahead expires 2027-11-02T15:59:59Z (23:59:59 UTC+8). */
export const NOW = "2027-10-30T00:00:00Z";
export const SERIALIZED_PROVIDER = "exports.handler = require('pulumi-koophone/provider')";

/**
 * Batch windows for tests that make many runs: a provider process waits up to a second for company, and calls made
 * at once, as here, meet in the same batch after 20 ms.
 */
export const SHORT_WINDOWS: RuntimeOptions = {
  timing: { windowMs: 20, followWindowMs: 10, maxWaitMs: 1_000 },
};

export type ProviderRuns = ReturnType<typeof providerRuns>;

/**
 * For `cloud()`, the emulator a test file started: engine runs of the providers against it, each made with
 * `options` (the provider process's defaults when absent).
 */
export function providerRuns(cloud: () => RunningEmulator, options: RuntimeOptions = {}) {
  let current: { runtime: () => Runtime; providers: Providers } | undefined;
  const run = () => {
    if (current === undefined) throw new Error("no run started: call newRun() first");
    return current;
  };
  return {
    /**
     * A new engine run: the runtime and providers a new provider process makes at `configure`, with no account
     * listing, order history or seen phone of an earlier run. `extra` sets config keys; an undefined value
     * removes the key, as a stack without it has.
     */
    newRun(extra: Record<string, string | undefined> = {}): void {
      const config: Record<string, string | undefined> = {
        "koophone:accessKey": DEFAULT_CREDENTIALS.accessKey,
        "koophone:secretKey": DEFAULT_CREDENTIALS.secretKey,
        "koophone:endpoint": cloud().url,
        "koophone:koophoneEndpoint": cloud().url,
        "koophone:renewalDay": "none",
        ...extra,
      };
      // Made at the first call that needs it, as the provider process makes it.
      let made: Runtime | undefined;
      const runtime = () => (made ??= createRuntime((key) => config[key], {}, options));
      current = { runtime, providers: createProviders(runtime) };
    },

    /** The current run's providers, as the engine calls them. */
    providers: (): Providers => run().providers,

    /** The current run's runtime. */
    runtime: (): Runtime => run().runtime(),

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
      const result = await run().providers.subscription.check(olds, {
        ...news,
        __provider: SERIALIZED_PROVIDER,
      });
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
