import { DEFAULT_CREDENTIALS, EmulatorAdmin, startEmulator } from "../emulator";
import type { StackConfig } from "./project-stack";

export interface TestCloud {
  url: string;
  admin: EmulatorAdmin;
  /** The stack config that points a program at this emulator (the secret key as a secret). */
  stackConfig: StackConfig;
  /**
   * The same as environment variables, the way a CI job hands them to `pulumi` and `koophone-audit` from its
   * secret store.
   */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * An emulator on a free loopback port, with its virtual clock at `now`; `rateLimit`: calls a second per API for
 * the whole account (default 10, as Billing Center's gateway), which several stacks at once share.
 */
export async function startTestCloud(
  opts: { now?: string; dataDir?: string; rateLimit?: number } = {},
): Promise<TestCloud> {
  const emulator = await startEmulator({ port: 0, ...opts });
  return {
    url: emulator.url,
    admin: emulator.admin,
    stackConfig: {
      "koophone:accessKey": { value: DEFAULT_CREDENTIALS.accessKey },
      "koophone:secretKey": { value: DEFAULT_CREDENTIALS.secretKey, secret: true },
      "koophone:endpoint": { value: emulator.url },
      "koophone:koophoneEndpoint": { value: emulator.url },
    },
    env: {
      HUAWEICLOUD_SDK_AK: DEFAULT_CREDENTIALS.accessKey,
      HUAWEICLOUD_SDK_SK: DEFAULT_CREDENTIALS.secretKey,
      KOOPHONE_BSS_ENDPOINT: emulator.url,
      KOOPHONE_ENDPOINT: emulator.url,
    },
    stop: () => emulator.stop(),
  };
}
