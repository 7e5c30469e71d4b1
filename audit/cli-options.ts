// The koophone-audit command line.
import { DateTime } from "luxon";
import { parseArgs } from "node:util";

export const USAGE = `Usage: koophone-audit [PREVIEW.json] [options]
       koophone-audit [AFTER.json] --before BEFORE.json [--markdown FILE] [--html FILE]

Reads the output of \`pulumi preview --json\` (from the file, or stdin when no file or "-" is given) and reports
the KooPhone phones the preview renews and what the following \`pulumi up\` will pay: a Markdown pull-request
comment and a self-contained HTML page with an expiry timeline (add --show-sames to the preview for the phones
that do not change).

With --before, reports what an \`up\` paid instead: AFTER.json and BEFORE.json are \`pulumi stack export\` taken
after and before that \`up\`; each renewal with its order id, periods, amount, from and to, and the total paid.
This reads the two files only.

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
  help: boolean;
}

/** A command line koophone-audit cannot run with; the message says what to change. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function parseNow(text: string | undefined): DateTime | undefined {
  if (text === undefined) return undefined;
  const time = DateTime.fromISO(text, { setZone: true });
  if (!time.isValid)
    throw new UsageError(`--now "${text}" is not an ISO-8601 time (e.g. 2026-01-26T10:00:00+08:00)`);
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
    const cloudOnly = ["no-prices", "endpoint", "koophone-endpoint", "now"] as const;
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
    now: parseNow(values.now),
    help: values.help,
  };
}
