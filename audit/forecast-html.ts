// The forecast as one self-contained HTML page: the monthly bar chart, the tables, the phones nobody manages.
import { formatDay, formatExpiry, formatMoney } from "./display-values";
import { renderForecastChartSvg } from "./forecast-chart-svg";
import { ForecastReport, forecastAssumptions, forecastSummary, renewalPeriods } from "./forecast-report";
import { cell, htmlPage } from "./html-page";
import { unmanagedHtml } from "./unmanaged-section";
import { escapeXml } from "./xml-escape";

function tableHtml(cls: string, header: string[], rows: string[]): string {
  const head = header.map((h) =>
    h.startsWith("$") ? `<th class="amount">${h.slice(1)}</th>` : `<th>${h}</th>`,
  );
  return `<table class="${cls}"><thead><tr>${head.join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function monthsTable(report: ForecastReport): string {
  const { forecast } = report;
  const rows = forecast.months.map(
    (m) =>
      `<tr data-month="${m.month}">${cell(m.month)}${cell(String(m.phones), "amount")}` +
      `${cell(String(m.orders), "amount")}${cell(escapeXml(formatMoney(m.amount, forecast.currency)), "amount")}</tr>`,
  );
  return (
    tableHtml("months", ["Month", "$Phones", "$Orders", "$Amount"], rows) +
    `<p class="totals"><strong>Total:</strong> ${escapeXml(formatMoney(forecast.total, forecast.currency))}</p>`
  );
}

function phonesTable(report: ForecastReport): string {
  const { forecast } = report;
  const rows = forecast.phones.flatMap((phone) =>
    phone.renewals.map(
      (r) =>
        `<tr data-phone-id="${escapeXml(phone.phoneId)}">${cell(escapeXml(phone.phoneId), "phone-id")}` +
        `${cell(escapeXml(phone.name ?? ""), "name")}${cell(formatDay(r.on))}${cell(formatExpiry(r.from))}` +
        `${cell(formatExpiry(r.to))}${cell(renewalPeriods(r))}` +
        `${cell(escapeXml(formatMoney(r.amount, forecast.currency)), "amount")}</tr>`,
    ),
  );
  const table =
    rows.length === 0
      ? "<p>No renewal in the window.</p>"
      : tableHtml("phones", ["Phone", "Name", "Renewed on", "From", "To", "Period", "$Amount"], rows);
  if (report.notForecast.length === 0) return table;
  const items = report.notForecast.map((p) => `<li>${escapeXml(`${p.phoneId} ${p.reason}`)}</li>`);
  return `${table}<p class="unavailable">Not forecast (no up can renew them):</p><ul class="notes">${items.join("")}</ul>`;
}

export function renderForecastHtml(report: ForecastReport): string {
  const { forecast } = report;
  const title = `KooPhone renewal forecast, ${formatDay(forecast.from)} to ${formatDay(forecast.to)}`;
  return htmlPage(title, [
    `<h1>${escapeXml(title)}</h1>`,
    `<p class="summary"><strong>${escapeXml(forecastSummary(forecast))}</strong></p>`,
    `<p class="as-of">Taken ${formatExpiry(forecast.from)} (UTC+8).</p>`,
    `<section><h2>Per month</h2><figure>${renderForecastChartSvg(forecast.months, forecast.currency)}</figure>` +
      `${monthsTable(report)}</section>`,
    `<section><h2>Per phone</h2>${phonesTable(report)}</section>`,
    unmanagedHtml({ within: report.unmanagedWithin, phones: report.unmanaged }),
    `<section><h2>Assumptions</h2><ul class="notes">${forecastAssumptions(report)
      .map((a) => `<li>${escapeXml(a.replace(/`/g, ""))}</li>`)
      .join("")}</ul></section>`,
  ]);
}
