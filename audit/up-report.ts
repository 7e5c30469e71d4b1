// What an `up` paid, as a pull-request comment (Markdown) and a self-contained HTML page, for reconciling with
// Billing Center's orders: one row per renewed phone with its order, and one per order with its total.
import { TIME_ZONE_NOTE, formatExpiry, formatMoney, formatPeriod, plural } from "./display-values";
import { cell, htmlPage } from "./html-page";
import { code, escapeMarkdown, table } from "./markdown-table";
import { UpRenewal, UpTotals, upTotals } from "./up-renewals";
import { escapeXml } from "./xml-escape";

/** First line of the comment, so that a bot can find and update its previous one. */
export const UP_COMMENT_MARKER = "<!-- koophone-audit up -->";

interface OrderLine {
  orderId: string;
  phones: number;
  totals: UpTotals;
}

function orderLines(renewals: UpRenewal[]): OrderLine[] {
  const byOrder = new Map<string, UpRenewal[]>();
  for (const renewal of renewals)
    byOrder.set(renewal.orderId, [...(byOrder.get(renewal.orderId) ?? []), renewal]);
  return [...byOrder.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([orderId, items]) => ({ orderId, phones: items.length, totals: upTotals(items) }));
}

function money(amounts: UpTotals["amounts"]): string {
  return amounts.map((a) => formatMoney(a.amount, a.currency)).join(" + ");
}

/** The known total, and what it leaves out: a renewal with no amount is never counted as free. */
function paid(totals: UpTotals): string {
  const { phones, orders } = totals.unknownAmounts;
  const known = totals.amounts.length > 0 ? money(totals.amounts) : "no known amount";
  if (phones === 0) return known;
  return (
    `${known}, excluding ${plural(phones, "phone")} whose amount is not known ` +
    `(see ${orders.length === 1 ? "order" : "orders"} ${orders.join(", ")} in Billing Center)`
  );
}

/** An order's amount in its row: the known part, and how many of its phones have none. */
function orderAmount(totals: UpTotals): string {
  const { phones } = totals.unknownAmounts;
  const parts = [...(totals.amounts.length > 0 ? [money(totals.amounts)] : [])];
  if (phones > 0) parts.push(`not known for ${plural(phones, "phone")}`);
  return parts.join(" + ");
}

function summary(totals: UpTotals): string {
  if (totals.phones === 0) return "This up renewed no phone: nothing was paid.";
  return `${plural(totals.phones, "phone")} renewed in ${plural(totals.orders, "order")}, paid ${paid(totals)}.`;
}

function amountCell(r: UpRenewal): string {
  return r.amount === undefined ? `not known (see order ${r.orderId})` : formatMoney(r.amount, r.currency);
}

const NOTES = [
  `Times are in ${TIME_ZONE_NOTE}.`,
  "From the stack's state before and after the up (each subscription's lastRenewal): the order that renewed " +
    "the phone, the periods ordered, the expiry it started from and the one it gave, and what the order charged " +
    "for the phone, pro-rata days included, before coupons and discounts. Billing Center's orders list the same " +
    "order ids and amounts.",
];

/** Said only when a renewal has no amount, so that its blank is explained where it shows. */
const UNKNOWN_AMOUNT_NOTE =
  "A renewal found after an interrupted up, in an order that renewed several phones to the same expiry from " +
  "different ones, has no amount and no start: the order's lines name no phone, so they cannot tell which is " +
  "this phone's. Its order is certain; Billing Center's order shows what it charged. The totals exclude it.";

function notes(totals: UpTotals): string[] {
  return totals.unknownAmounts.phones > 0 ? [...NOTES, UNKNOWN_AMOUNT_NOTE] : NOTES;
}

const RENEWAL_HEADER = ["Phone", "Resource", "Order", "Periods", "From", "To", "Amount"];

function renewalCells(r: UpRenewal): string[] {
  return [
    r.phoneId,
    r.resourceName,
    r.orderId,
    formatPeriod(r.period),
    r.from === undefined ? "not known" : formatExpiry(r.from),
    formatExpiry(r.to),
  ];
}

export function renderUpMarkdown(renewals: UpRenewal[]): string {
  const totals = upTotals(renewals);
  const lines = [UP_COMMENT_MARKER, "## KooPhone renewals paid by this up", "", summary(totals), ""];
  if (renewals.length > 0) {
    lines.push(
      ...table(
        RENEWAL_HEADER,
        ["left", "left", "left", "left", "left", "left", "right"],
        renewals.map((r) => {
          const [phoneId, resource, orderId, ...rest] = renewalCells(r);
          return [code(phoneId), escapeMarkdown(resource), code(orderId), ...rest, amountCell(r)];
        }),
      ),
      "",
      `**Total paid:** ${paid(totals)}`,
      "",
      "### Orders",
      "",
      ...table(
        ["Order", "Phones", "Amount"],
        ["left", "right", "right"],
        orderLines(renewals).map((o) => [code(o.orderId), String(o.phones), orderAmount(o.totals)]),
      ),
      "",
    );
  }
  lines.push(...notes(totals).map((note) => `- ${escapeMarkdown(note)}`));
  return `${lines.join("\n")}\n`;
}

function renewalRowHtml(r: UpRenewal): string {
  const [phoneId, resource, orderId, ...rest] = renewalCells(r).map(escapeXml);
  return (
    `<tr data-phone-id="${phoneId}" data-order-id="${orderId}">` +
    cell(phoneId, "phone-id") +
    cell(resource, "name") +
    cell(orderId, "phone-id") +
    rest.map((text) => cell(text)).join("") +
    cell(escapeXml(amountCell(r)), "amount") +
    "</tr>"
  );
}

function orderRowHtml(o: OrderLine): string {
  return (
    `<tr data-order-id="${escapeXml(o.orderId)}">` +
    cell(escapeXml(o.orderId), "phone-id") +
    cell(String(o.phones), "amount") +
    cell(escapeXml(orderAmount(o.totals)), "amount") +
    "</tr>"
  );
}

export function renderUpHtml(renewals: UpRenewal[]): string {
  const totals = upTotals(renewals);
  const header = (names: string[]) =>
    `<tr>${names.map((n) => `<th${n === "Amount" || n === "Phones" ? ' class="amount"' : ""}>${n}</th>`).join("")}</tr>`;
  const sections =
    renewals.length === 0
      ? []
      : [
          `<section><h2>Renewals</h2><table class="renewals"><thead>${header(RENEWAL_HEADER)}</thead><tbody>` +
            `${renewals.map(renewalRowHtml).join("")}</tbody></table>` +
            `<p class="totals"><strong>Total paid:</strong> ${escapeXml(paid(totals))}</p></section>`,
          `<section><h2>Orders</h2><table class="orders"><thead>${header(["Order", "Phones", "Amount"])}</thead>` +
            `<tbody>${orderLines(renewals).map(orderRowHtml).join("")}</tbody></table></section>`,
        ];
  return htmlPage("KooPhone renewals paid", [
    "<h1>KooPhone renewals paid by this up</h1>",
    `<p class="summary">${escapeXml(summary(totals))}</p>`,
    ...sections,
    `<section><h2>Notes</h2><ul class="notes">${notes(totals)
      .map((n) => `<li>${escapeXml(n)}</li>`)
      .join("")}</ul></section>`,
  ]);
}
