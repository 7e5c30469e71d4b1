import { callsPerSecondOf } from "./call-rate";
import type { Credentials } from "./client/signer";
import { AccountRenewalDay, parseAccountRenewalDay } from "./planner/account-renewal-day";
import { BALANCE_CHECKS, BalanceCheck } from "./run-budget";
import { parseShard, Shard } from "./shard";

/** Where and as whom the provider calls Huawei Cloud. */
export interface ProviderConfiguration {
  endpoint: string;
  koophoneEndpoint: string;
  credentials: Credentials;
  domainId?: string;
  projectId?: string;
  region?: string;
  /** Per HTTP attempt (koophone:timeoutMs); the client's default when absent. */
  timeoutMs?: number;
  /** This stack's share of the gateway's per-API rate (koophone:callsPerSecond, or its default for koophone:shard). */
  callsPerSecond?: number;
  /**
   * The account's renewal day (koophone:renewalDay), for subscriptions without a policy: Billing Center applies it
   * to every renewal and has no API to read it.
   */
  renewalDay?: AccountRenewalDay;
  /** Whether a run whose renewals the account cannot pay fails at check (koophone:balanceCheck; default "fail"). */
  balanceCheck?: BalanceCheck;
  /** The most one run of the stack may pay for renewals in all, in the account's currency (koophone:maxRunAmount). */
  maxRunAmount?: number;
  /** The stack's shard of the account's fleet (koophone:shard): the run's cap and quotes look at its phones only. */
  shard?: Shard;
}

/** Reads one `koophone:` config key (the dynamic provider's `configure` gives the whole stack config). */
export type ConfigLookup = (key: string) => string | undefined;

export const DEFAULT_BSS_ENDPOINT = "https://bss.myhuaweicloud.com";

/** Raised when the provider cannot call the cloud at all; names the config keys and variables to set. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/**
 * The provider configuration from `koophone:` config, falling back to the official SDKs' environment variables
 * and then terraform's. Credentials come from here only: never from resource inputs.
 */
export function resolveConfiguration(config: ConfigLookup, env: NodeJS.ProcessEnv): ProviderConfiguration {
  const pick = (key: string, ...vars: string[]): string | undefined =>
    nonEmpty(config(`koophone:${key}`)) ??
    vars.map((name) => nonEmpty(env[name])).find((v) => v !== undefined);

  const accessKey = pick("accessKey", "HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY");
  const secretKey = pick("secretKey", "HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY");
  const missing = [
    accessKey === undefined ? "koophone:accessKey (or HUAWEICLOUD_SDK_AK / HW_ACCESS_KEY)" : undefined,
    secretKey === undefined ? "koophone:secretKey (or HUAWEICLOUD_SDK_SK / HW_SECRET_KEY)" : undefined,
  ].filter((m): m is string => m !== undefined);
  if (accessKey === undefined || secretKey === undefined) {
    throw new ConfigurationError(
      `missing credentials: set ${missing.join(" and ")}; ` +
        `e.g. pulumi config set --secret koophone:${accessKey === undefined ? "accessKey" : "secretKey"} <key>`,
    );
  }
  const securityToken = pick("securityToken", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN");
  const region = pick("region", "HUAWEICLOUD_SDK_REGION", "HW_REGION_NAME");
  const endpoint = pick("endpoint", "KOOPHONE_BSS_ENDPOINT") ?? DEFAULT_BSS_ENDPOINT;
  const koophoneEndpoint =
    pick("koophoneEndpoint", "KOOPHONE_ENDPOINT") ??
    (region !== undefined ? `https://koophone.${region}.myhuaweicloud.com` : undefined);
  if (koophoneEndpoint === undefined) {
    throw new ConfigurationError(
      "missing koophone:koophoneEndpoint: set it, or koophone:region (or HW_REGION_NAME) to use " +
        "https://koophone.<region>.myhuaweicloud.com",
    );
  }
  const timeoutMs = parseTimeout(pick("timeoutMs"));
  const renewalDay = parseRenewalDay(pick("renewalDay"));
  const balanceCheck = parseBalanceCheck(pick("balanceCheck"));
  const maxRunAmount = parseMaxRunAmount(pick("maxRunAmount"));
  const callsPerSecond = parseCallsPerSecond(pick("callsPerSecond"), pick("shard"));
  const shard = parseStackShard(pick("shard"));
  return {
    endpoint,
    koophoneEndpoint,
    credentials:
      securityToken === undefined ? { accessKey, secretKey } : { accessKey, secretKey, securityToken },
    domainId: pick("domainId", "HUAWEICLOUD_SDK_DOMAIN_ID", "HW_DOMAIN_ID"),
    projectId: pick("projectId", "HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"),
    region,
    callsPerSecond,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(renewalDay !== undefined ? { renewalDay } : {}),
    ...(balanceCheck !== undefined ? { balanceCheck } : {}),
    ...(maxRunAmount !== undefined ? { maxRunAmount } : {}),
    ...(shard !== undefined ? { shard } : {}),
  };
}

function parseRenewalDay(text: string | undefined): AccountRenewalDay | undefined {
  if (text === undefined) return undefined;
  const day = parseAccountRenewalDay(text);
  if (day === undefined) {
    throw new ConfigurationError(
      `koophone:renewalDay "${text}" is not allowed: use the account's standard renewal day as Billing Center ` +
        `shows it, 1-28 or "last", or "none" when the account has none`,
    );
  }
  return day;
}

function parseCallsPerSecond(text: string | undefined, shard: string | undefined): number {
  try {
    return callsPerSecondOf(text, shard);
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
}

function parseStackShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  try {
    return parseShard("koophone:shard", text);
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
}

function parseBalanceCheck(text: string | undefined): BalanceCheck | undefined {
  if (text === undefined) return undefined;
  const found = BALANCE_CHECKS.find((mode) => mode === text);
  if (found === undefined) {
    throw new ConfigurationError(
      `koophone:balanceCheck "${text}" is not allowed: use "fail" (the default: preview and up stop before any ` +
        `order when the account cannot pay the run), "warn" (say so and go on, for an account that pays in a way ` +
        `the balance does not show, such as monthly settlement) or "off"`,
    );
  }
  return found;
}

function parseMaxRunAmount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const amount = Number(text);
  if (!Number.isFinite(amount) || amount <= 0 || Math.abs(Math.round(amount * 100) - amount * 100) > 1e-6) {
    throw new ConfigurationError(
      `koophone:maxRunAmount "${text}" is not allowed: use a positive amount of the account's currency with at ` +
        `most 2 decimals, the most one run of the stack may pay for renewals in all, e.g. 500`,
    );
  }
  return amount;
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new ConfigurationError(
      `koophone:timeoutMs "${text}" is not allowed: use a whole number of milliseconds, e.g. 30000`,
    );
  }
  return ms;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
