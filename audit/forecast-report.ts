// The forecast as the reports show it: what was forecast, what it assumes, and the phones nobody manages; rendered
// as Markdown, CSV (one row per renewal) and JSON here, as HTML in forecast-html.ts.
import type { Duration } from "luxon";
import { BILLING_ZONE, parseApiTime } from "../provider/planner/billing-time";
import { addPeriod } from "../provider/planner/period";
import { extraDays } from "../provider/planner/renewal-day";
import { formatDay, formatExpiry, formatMoney, formatPeriods, plural } from "./display-values";
import type { Forecast, ForecastRenewal } from "./forecast";
import type { NotForecast } from "./forecast-cloud";
import { code, escapeMarkdown, table } from "./markdown-table";
import type { UnmanagedPhone } from "./unmanaged-phones";
import { unmanagedMarkdown } from "./unmanaged-section";

export interface ForecastReport {
  forecast: Forecast;
  unmanaged: UnmanagedPhone[];
  unmanagedWithin: Duration;
  /** Managed phones no `up` can renew, and why. */
  notForecast: NotForecast[];
  /** Phones planned without a renewal day: no policy states one, nor --renewal-day. */
  renewalDayUnknown: string[];
}

/** The periods of a renewal and the days on top that reach the renewal day ("1 month + 24 days"). */
export function renewalPeriods(renewal: ForecastRenewal): string {
  const from = parseApiTime(renewal.from).setZone(BILLING_ZONE);
  const days = extraDays(addPeriod(from, renewal.period), parseApiTime(renewal.to));
  return formatPeriods(renewal.period, days);
}

/** The time of day the forecast assumes `up` runs, in UTC: the time it was taken. */
export function runTimeOf(forecast: Forecast): string {
  return parseApiTime(forecast.from).toFormat("HH:mm");
}

/** What the forecast assumes, one sentence each; both the Markdown and the HTML say them. */
export function forecastAssumptions(report: ForecastReport): string[] {
  const { forecast } = report;
  return [
    `\`pulumi up\` runs once a day at ${runTimeOf(forecast)} UTC (the time this forecast was taken), from ` +
      `${formatExpiry(forecast.from)} to ${formatExpiry(forecast.to)} (${BILLING_ZONE}); each run renews what ` +
      "the provider's planner finds due then.",
    "Prices are today's renew-rate prices; days added to reach the renewal day are charged at a 30th (365th) of " +
      "the monthly (yearly) price.",
    "The stack's subscriptions and settings stay as exported (policy, renewal day, per-phone overrides); no phone " +
      "is added or removed; every renewal is paid; no renewal is made outside the stack (console, auto-renew).",
    "Months and days are those of the billing zone (UTC+8).",
    ...(report.renewalDayUnknown.length === 0
      ? []
      : [
          `${plural(report.renewalDayUnknown.length, "phone")} (${report.renewalDayUnknown.join(", ")}) ` +
            "planned without a renewal day: no RenewalPolicy states one and --renewal-day was not given; if the " +
            "account has one, their renewals run to it and cost the extra days.",
        ]),
  ];
}

function renewalCount(forecast: Forecast): number {
  return forecast.phones.reduce((sum, phone) => sum + phone.renewals.length, 0);
}

/** The summary line: renewals, phones, orders and the total. */
export function forecastSummary(forecast: Forecast): string {
  const renewed = forecast.phones.filter((phone) => phone.renewals.length > 0).length;
  const orders = forecast.months.reduce((sum, month) => sum + month.orders, 0);
  return (
    `${plural(renewalCount(forecast), "renewal")} of ${plural(renewed, "phone")} in ${plural(orders, "order")}: ` +
    `${formatMoney(forecast.total, forecast.currency)}`
  );
}

export function renderForecastMarkdown(report: ForecastReport): string {
  const { forecast } = report;
  const money = (amount: string) => formatMoney(amount, forecast.currency);
  const lines = [
    `## KooPhone renewal forecast, ${formatDay(forecast.from)} to ${formatDay(forecast.to)}`,
    "",
    `**${forecastSummary(forecast)}**`,
    "",
    "### Per month",
    "",
    ...table(
      ["Month", "Phones", "Orders", "Amount"],
      ["left", "right", "right", "right"],
      forecast.months.map((m) => [m.month, String(m.phones), String(m.orders), money(m.amount)]),
    ),
    `| **Total** | | | **${money(forecast.total)}** |`,
    "",
    "### Per phone",
    "",
  ];
  const rows = forecast.phones.flatMap((phone) =>
    phone.renewals.map((r) => [
      code(phone.phoneId),
      escapeMarkdown(phone.name ?? ""),
      formatDay(r.on),
      formatExpiry(r.from),
      formatExpiry(r.to),
      renewalPeriods(r),
      money(r.amount),
    ]),
  );
  if (rows.length === 0) lines.push("No renewal in the window.");
  else {
    lines.push(
      ...table(
        ["Phone", "Name", "Renewed on", "From", "To", "Period", "Amount"],
        ["left", "left", "left", "left", "left", "left", "right"],
        rows,
      ),
    );
  }
  const idle = forecast.phones
    .filter((phone) => phone.renewals.length === 0)
    .map((phone) => code(phone.phoneId));
  if (idle.length > 0) lines.push("", `Not renewed in the window: ${idle.join(", ")}.`);
  if (report.notForecast.length > 0) {
    lines.push("", "Not forecast (no `up` can renew them):", "");
    lines.push(...report.notForecast.map((p) => `- ${code(p.phoneId)} ${escapeMarkdown(p.reason)}`));
  }
  lines.push(
    "",
    ...unmanagedMarkdown({ within: report.unmanagedWithin, phones: report.unmanaged }, "###"),
    "",
    "### Assumptions",
    "",
    ...forecastAssumptions(report).map((a) => `- ${a}`),
  );
  return `${lines.join("\n")}\n`;
}

/** One CSV field, quoted when it must be (RFC 4180: a comma, a quote or a line break; quotes doubled). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CSV_HEADER = [
  "phone_id",
  "name",
  "renewed_on",
  "from",
  "to",
  "period_unit",
  "period_count",
  "amount",
  "currency",
];

/** One row per renewal, a header row first; times in UTC as the API writes them, amounts as decimals. */
export function renderForecastCsv(forecast: Forecast): string {
  const rows = forecast.phones.flatMap((phone) =>
    phone.renewals.map((r) => [
      phone.phoneId,
      phone.name ?? "",
      r.on,
      r.from,
      r.to,
      r.period.unit,
      String(r.period.count),
      r.amount,
      forecast.currency,
    ]),
  );
  return [CSV_HEADER, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

export function renderForecastJson(forecast: Forecast): string {
  return `${JSON.stringify(forecast, null, 2)}\n`;
}
