// The koophone-audit command line.
import { DateTime, Duration } from "luxon";
import { parseArgs } from "node:util";
import { parseRenewBefore } from "../provider/planner/coverage";

export const USAGE = `Usage: koophone-audit [PREVIEW.json] [options]
       koophone-audit [AFTER.json] --before BEFORE.json [--markdown FILE] [--html FILE]
       koophone-audit orders [EXPORT.json] --since TIME [--until TIME] [--markdown FILE] [--html FILE] [--json]
       koophone-audit forecast [EXPORT.json] [--months N] [--markdown FILE] [--html FILE] [--csv FILE] [--json]

Reads the output of \`pulumi preview --json\` (from the file, or stdin when no file or "-" is given) and reports
the KooPhone phones the preview renews and what the following \`pulumi up\` will pay: a Markdown pull-request
comment and a self-contained HTML page with an expiry timeline (add --show-sames to the preview for the phones
that do not change).

With --before, reports what an \`up\` paid instead: AFTER.json and BEFORE.json are \`pulumi stack export\` taken
after and before that \`up\`; each renewal with its order id, periods, amount, from and to, and the total paid.
This reads the two files only.

With orders, reconciles a stack's state with Billing Center: EXPORT.json is \`pulumi stack export\` (or stdin);
each renewal order paid between --since and --until (default: up to now) that renewed a phone of the stack, once,
with its phones, periods and amount, and whether the state records it; then the state's records that name no order
of the window, and the total paid. It only reads Billing Center's orders (list, details, subscriptions by order).

With forecast, tells every renewal the provider will make over the next --months (default 12) if \`pulumi up\`
runs once a day at the time of day the forecast is taken: EXPORT.json is \`pulumi stack export\` (or stdin); the
stack's planner plans each day from the settings the subscriptions recorded, priced at today's renew-rate prices.
Per month (phones, orders, amount) and per phone (dates, periods, amounts), as Markdown (stdout, or --markdown),
HTML with a bar chart (--html), CSV with one row per renewal (--csv) and JSON on stdout (--json). It also lists the
account's phones that no subscription of the stack manages and that expire within --unmanaged-within. It only
reads (the account's subscriptions, KooPhone's instances, renew-rate prices) and places no order.

Options:
  --before FILE              the \`pulumi stack export\` taken before the \`up\` to report
  --markdown FILE            write the Markdown to FILE (default: stdout)
  --html FILE                also write the HTML page to FILE
  --no-prices                do not call Huawei Cloud: no amounts, names or current expiries of new phones
  --endpoint URL             Billing Center (BSS) endpoint (default: KOOPHONE_BSS_ENDPOINT, then
                             https://bss.myhuaweicloud.com)
  --koophone-endpoint URL    KooPhone endpoint (default: KOOPHONE_ENDPOINT, then from the region)
  --now TIME                 the "now" of the timeline, ISO-8601 (default: Billing Center's clock, else this
                             machine's)
  --since TIME, --until TIME (orders) the window the orders were paid in, ISO-8601
  --json                     (orders, forecast) print the report as JSON on stdout (Markdown only with
                             --markdown)
  --months N                 (forecast) the months to forecast, 1-36 (default 12)
  --csv FILE                 (forecast) also write the renewals as CSV to FILE
  --unmanaged-within DUR     list the account's phones no subscription of the stack manages that expire
                             within DUR, an ISO-8601 duration (default P30D); the preview report takes the
                             stack's subscriptions from the preview (run it with --show-sames)
  --renewal-day DAY          (forecast) koophone:renewalDay of the stack (1-28, "last" or "none"), for the
                             subscriptions without a RenewalPolicy: the export does not hold the stack's config
  -h, --help                 show this help

Credentials come from the environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or HW_ACCESS_KEY and
HW_SECRET_KEY), optionally HUAWEICLOUD_SDK_SECURITY_TOKEN, HW_REGION_NAME, HUAWEICLOUD_SDK_DOMAIN_ID.
`;

export interface AuditOptions {
  /** The preview file; undefined reads stdin. */
  input?: string;
  /** The stack export before the `up` to report; set, the input is the export after it. */
  before?: string;
  markdown?: string;
  html?: string;
  prices: boolean;
  endpoint?: string;
  koophoneEndpoint?: string;
  now?: DateTime;
  /** The window of the phones nobody manages that the report lists (asked of the cloud with prices only). */
  unmanagedWithin: Duration;
  help: boolean;
}

/** A command line koophone-audit cannot run with; the message says what to change. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** How far ahead the reports look for phones nobody manages, by default. */
export const DEFAULT_UNMANAGED_WITHIN = "P30D";

/** The `--unmanaged-within` window: an ISO-8601 duration, as renewBefore takes it. */
export function parseWindow(option: string, text: string): Duration {
  const window = parseRenewBefore(text);
  if (window === undefined) {
    throw new UsageError(
      `--${option} "${text}" is not an ISO-8601 duration; use e.g. "P30D" (30 days) or "P2M" (2 months)`,
    );
  }
  return window;
}

function parseTime(option: string, text: string | undefined): DateTime | undefined {
  if (text === undefined) return undefined;
  const time = DateTime.fromISO(text, { setZone: true });
  if (!time.isValid)
    throw new UsageError(`--${option} "${text}" is not an ISO-8601 time (e.g. 2026-01-26T10:00:00+08:00)`);
  return time;
}

const OPTIONS = {
  before: { type: "string" },
  markdown: { type: "string" },
  html: { type: "string" },
  "no-prices": { type: "boolean", default: false },
  endpoint: { type: "string" },
  "koophone-endpoint": { type: "string" },
  now: { type: "string" },
  "unmanaged-within": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

function readArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parseAuditArgs(argv: string[]): AuditOptions {
  const { values, positionals } = readArgs(argv);
  if (positionals.length > 1) {
    throw new UsageError(`one preview file at most, got ${positionals.length}: ${positionals.join(" ")}`);
  }
  const input = positionals[0];
  if (values.before !== undefined) {
    const cloudOnly = ["no-prices", "endpoint", "koophone-endpoint", "now", "unmanaged-within"] as const;
    const given = cloudOnly.filter((name) => values[name] !== undefined && values[name] !== false);
    if (given.length > 0) {
      throw new UsageError(
        `--before reports from the two stack exports alone: ${given.map((name) => `--${name}`).join(", ")} ` +
          "does not apply",
      );
    }
  }
  return {
    input: input === undefined || input === "-" ? undefined : input,
    before: values.before,
    markdown: values.markdown === "-" ? undefined : values.markdown,
    html: values.html,
    prices: !values["no-prices"],
    endpoint: values.endpoint,
    koophoneEndpoint: values["koophone-endpoint"],
    now: parseTime("now", values.now),
    unmanagedWithin: parseWindow("unmanaged-within", values["unmanaged-within"] ?? DEFAULT_UNMANAGED_WITHIN),
    help: values.help,
  };
}

/** The first argument that makes the command the reconciliation of a stack's state with Billing Center's orders. */
export const ORDERS_COMMAND = "orders";

export interface OrdersOptions {
  /** The stack export file; undefined reads stdin. */
  input?: string;
  since: DateTime;
  /** Undefined: every order paid up to now. */
  until?: DateTime;
  markdown?: string;
  html?: string;
  json: boolean;
  endpoint?: string;
  koophoneEndpoint?: string;
}

const ORDERS_OPTIONS = {
  since: { type: "string" },
  until: { type: "string" },
  markdown: { type: "string" },
  html: { type: "string" },
  json: { type: "boolean", default: false },
  endpoint: { type: "string" },
  "koophone-endpoint": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The options of `koophone-audit orders ...` (the arguments after `orders`), or "help" when help is asked for. */
export function parseOrdersArgs(argv: string[]): OrdersOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: ORDERS_OPTIONS });
  } catch (error) {
    throw new UsageError(`orders: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 1) {
    throw new UsageError(
      `orders: one stack export at most, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  const since = parseTime("since", values.since);
  const until = parseTime("until", values.until);
  if (since === undefined) {
    throw new UsageError("orders: --since is required: the time from which the orders to report were paid");
  }
  if (until !== undefined && until < since) {
    throw new UsageError(`orders: --until ${values.until} is before --since ${values.since}`);
  }
  const input = positionals[0];
  return {
    input: input === undefined || input === "-" ? undefined : input,
    since,
    ...(until === undefined ? {} : { until }),
    markdown: values.markdown === "-" ? undefined : values.markdown,
    html: values.html,
    json: values.json,
    endpoint: values.endpoint,
    koophoneEndpoint: values["koophone-endpoint"],
  };
}
