// The command line of `koophone-audit forecast`.
import type { Duration } from "luxon";
import { parseArgs } from "node:util";
import { AccountRenewalDay, parseAccountRenewalDay } from "../provider/planner/account-renewal-day";
import { DEFAULT_UNMANAGED_WITHIN, UsageError, parseWindow } from "./cli-options";

/** The first argument that makes the command the renewal forecast of a stack. */
export const FORECAST_COMMAND = "forecast";

export const DEFAULT_MONTHS = 12;
/** Up to the longest coverage Billing Center allows ahead (3 years), the farthest a renewal can reach. */
export const MAX_MONTHS = 36;

export interface ForecastOptions {
  /** The stack export file; undefined reads stdin. */
  input?: string;
  months: number;
  markdown?: string;
  html?: string;
  csv?: string;
  json: boolean;
  endpoint?: string;
  koophoneEndpoint?: string;
  unmanagedWithin: Duration;
  /** koophone:renewalDay of the stack, for subscriptions without a policy (the export does not hold config). */
  renewalDay?: AccountRenewalDay;
}

const FORECAST_OPTIONS = {
  months: { type: "string" },
  markdown: { type: "string" },
  html: { type: "string" },
  csv: { type: "string" },
  json: { type: "boolean", default: false },
  endpoint: { type: "string" },
  "koophone-endpoint": { type: "string" },
  "unmanaged-within": { type: "string" },
  "renewal-day": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

function parseMonths(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MONTHS;
  const months = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(months >= 1 && months <= MAX_MONTHS)) {
    throw new UsageError(
      `forecast: --months "${text}" is not allowed; use a whole number from 1 to ${MAX_MONTHS}`,
    );
  }
  return months;
}

function parseDay(text: string | undefined): AccountRenewalDay | undefined {
  if (text === undefined) return undefined;
  const day = parseAccountRenewalDay(text);
  if (day === undefined) {
    throw new UsageError(`forecast: --renewal-day "${text}" is not allowed; use 1-28, "last" or "none"`);
  }
  return day;
}

/** The options of `koophone-audit forecast ...` (the arguments after `forecast`), or "help". */
export function parseForecastArgs(argv: string[]): ForecastOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: FORECAST_OPTIONS });
  } catch (error) {
    throw new UsageError(`forecast: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 1) {
    throw new UsageError(
      `forecast: one stack export at most, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  const input = positionals[0];
  return {
    input: input === undefined || input === "-" ? undefined : input,
    months: parseMonths(values.months),
    markdown: values.markdown === "-" ? undefined : values.markdown,
    html: values.html,
    csv: values.csv,
    json: values.json,
    endpoint: values.endpoint,
    koophoneEndpoint: values["koophone-endpoint"],
    unmanagedWithin: parseWindow("unmanaged-within", values["unmanaged-within"] ?? DEFAULT_UNMANAGED_WITHIN),
    ...(values["renewal-day"] === undefined ? {} : { renewalDay: parseDay(values["renewal-day"]) }),
  };
}
