// The renewal orders a window paid for a stack's phones, against its state, as a pull-request comment (Markdown),
// a self-contained HTML page, and JSON: one row per order with its phones, amount and whether the state records it,
// then the state's records that no order of the window explains.
import { TIME_ZONE_NOTE, formatExpiry, formatMoney, formatPeriod, plural } from "./display-values";
import { cell, htmlPage } from "./html-page";
import { code, escapeMarkdown, table } from "./markdown-table";
import type {
  Money,
  RecordRelation,
  ReconciledOrder,
  Reconciliation,
  UnmatchedRecord,
} from "./order-reconciliation";
import { escapeXml } from "./xml-escape";

/** First line of the comment, so that a bot can find and update its previous one. */
export const ORDERS_COMMENT_MARKER = "<!-- koophone-audit orders -->";

/** The window the orders were paid in (API times); `asOf` is Billing Center's clock when the report was made. */
export interface ReportWindow {
  since: string;
  until?: string;
  asOf?: string;
}

export interface OrdersReport extends Reconciliation {
  window: ReportWindow;
}

/** How ids and resource names are written inside a cell, so that Markdown and HTML share the wording. */
interface Inline {
  id(id: string): string;
  name(text: string): string;
}
const MARKDOWN: Inline = { id: code, name: escapeMarkdown };
const HTML: Inline = {
  id: (id) => `<code>${escapeXml(id)}</code>`,
  name: (text) => `<span class="resource-name">${escapeXml(text)}</span>`,
};

function money(amounts: Money[]): string {
  return amounts.length === 0
    ? "no known amount"
    : amounts.map((a) => formatMoney(a.amount, a.currency)).join(" + ");
}

function windowText({ since, until, asOf }: ReportWindow): string {
  const end = until ?? asOf;
  return end === undefined
    ? `since ${formatExpiry(since)}`
    : `from ${formatExpiry(since)} to ${formatExpiry(end)}`;
}

function title(report: OrdersReport): string {
  return `KooPhone renewal orders paid ${windowText(report.window)}`;
}

function summary(report: OrdersReport): string {
  const { totals, orders, otherOrders } = report;
  const others =
    otherOrders === 0
      ? ""
      : ` ${plural(otherOrders, "other renewal order")} paid in the window renewed no phone of this stack and ` +
        `${otherOrders === 1 ? "is" : "are"} not listed.`;
  if (orders.length === 0)
    return `No renewal order paid in the window renewed a phone of this stack.${others}`;
  const recorded = orders.filter((o) => o.recorded).length;
  const notRecorded = orders.length - recorded;
  return (
    `${plural(totals.orders, "order")} renewed ${plural(totals.phones, "phone")} of this stack, paid ` +
    `${paid(report)}: ${plural(recorded, "order")} recorded in the state` +
    `${recorded > 0 ? ` (${money(totals.recorded)})` : ""}, ${plural(notRecorded, "order")} not recorded` +
    `${notRecorded > 0 ? ` (${money(totals.notRecorded)})` : ""}.${others}`
  );
}

/** The known total, and the orders it leaves out: an order with no amount is never counted as free. */
function paid(report: OrdersReport): string {
  const { unknownAmounts } = report.totals;
  const known = money(report.totals.paid);
  return unknownAmounts.length === 0
    ? known
    : `${known}, excluding ${plural(unknownAmounts.length, "order")} whose amount Billing Center did not give ` +
        `(${unknownAmounts.join(", ")})`;
}

function phonesText(order: ReconciledOrder, inline: Inline): string {
  const ours = order.phones.map((p) => `${inline.id(p.phoneId)} (${inline.name(p.resourceName)})`).join(", ");
  return order.otherPhones.length === 0
    ? ours
    : `${ours}; not in this stack: ${order.otherPhones.map(inline.id).join(", ")}`;
}

type OtherRecord = Exclude<RecordRelation, "this order">;

/** What a subscription records instead of the order, given the order it records (written as an id). */
const RECORD_WORDS: Record<OtherRecord, (recorded: string) => string> = {
  "later order": (recorded) => `records the later ${recorded}`,
  "earlier order": (recorded) => `records the earlier ${recorded}`,
  "outside the window": (recorded) => `records ${recorded}, not paid in the window`,
  mismatch: (recorded) => `records ${recorded}, which did not renew it`,
  none: () => "records no renewal",
};

/** Whether the state records the order, and, for its phones' subscriptions that record something else, what. */
function stateText(order: ReconciledOrder, inline: Inline): string {
  const others = order.phones.flatMap((p) =>
    p.relation === "this order" ? [] : [{ ...p, relation: p.relation }],
  );
  const details = others
    .map(
      (p) => `${inline.name(p.resourceName)} ${RECORD_WORDS[p.relation](inline.id(p.recordedOrderId ?? ""))}`,
    )
    .join("; ");
  if (order.recorded) return others.length === 0 ? "recorded" : `recorded; ${details}`;
  const renewedAgain = others.every((p) => p.relation === "later order");
  return renewedAgain
    ? `not recorded in the state: renewed again later (${details})`
    : `not recorded in the state: a crash before it was recorded, the console, or another stack (${details})`;
}

function periodsText(order: ReconciledOrder): string {
  return order.periods.length === 0 ? "not known" : order.periods.map(formatPeriod).join(", ");
}

function amountText(order: ReconciledOrder): string {
  return order.amount === undefined
    ? "not known (see the order in Billing Center)"
    : formatMoney(order.amount.amount, order.amount.currency);
}

function totalLine(report: OrdersReport): string {
  return `${paid(report)} in ${plural(report.totals.orders, "order")}`;
}

function unmatchedText(record: UnmatchedRecord): string {
  return record.reason === "mismatch"
    ? "paid in the window, but it did not renew this phone"
    : "not paid in the window (paid before or after it, or not an order of this account)";
}

const NOTES = [
  `Times are in ${TIME_ZONE_NOTE}.`,
  "From Billing Center: each completed renewal order paid in the window that renewed a phone of this stack, " +
    "listed once with every phone it renewed (its subscriptions, queried by order id) and what it charged in all, " +
    "after discount and before coupons, also for its phones outside this stack. The total is what Billing " +
    "Center's order list shows for these order ids.",
  "Recorded: a subscription of one of its phones records it as its last renewal (lastRenewal) in the stack's " +
    "state. A subscription keeps only its last renewal, so an order whose phones were renewed again later is not " +
    "recorded; any other order not recorded was paid by a run that stopped before recording it (the next up " +
    "records it, unless it renews the phone again), in the console, or by another stack.",
  "Records naming no order of the window: a subscription's last renewal whose order was not paid in the window, " +
    "or whose order did not renew that phone.",
];

const ORDER_HEADER = ["Order", "Paid", "Phones", "Periods", "Amount", "State"];
const UNMATCHED_HEADER = ["Phone", "Resource", "Order", "Why"];

export function renderOrdersMarkdown(report: OrdersReport): string {
  const lines = [ORDERS_COMMENT_MARKER, `## ${title(report)}`, "", escapeMarkdown(summary(report)), ""];
  if (report.orders.length > 0) {
    lines.push(
      ...table(
        ORDER_HEADER,
        ["left", "left", "left", "left", "right", "left"],
        report.orders.map((o) => [
          code(o.orderId),
          formatExpiry(o.paidAt),
          phonesText(o, MARKDOWN),
          periodsText(o),
          amountText(o),
          stateText(o, MARKDOWN),
        ]),
      ),
      "",
      `**Total paid:** ${escapeMarkdown(totalLine(report))}`,
      "",
    );
  }
  if (report.unmatchedRecords.length > 0) {
    lines.push(
      "### Records naming no order of the window",
      "",
      ...table(
        UNMATCHED_HEADER,
        ["left", "left", "left", "left"],
        report.unmatchedRecords.map((r) => [
          code(r.phoneId),
          escapeMarkdown(r.resourceName),
          code(r.orderId),
          unmatchedText(r),
        ]),
      ),
      "",
    );
  }
  lines.push(...NOTES.map((note) => `- ${escapeMarkdown(note)}`));
  return `${lines.join("\n")}\n`;
}

function header(names: string[]): string {
  return `<tr>${names.map((n) => `<th${n === "Amount" ? ' class="amount"' : ""}>${n}</th>`).join("")}</tr>`;
}

function orderRowHtml(o: ReconciledOrder): string {
  return (
    `<tr data-order-id="${escapeXml(o.orderId)}" data-state="${o.recorded ? "recorded" : "not-recorded"}">` +
    cell(escapeXml(o.orderId), "phone-id") +
    cell(escapeXml(formatExpiry(o.paidAt))) +
    cell(phonesText(o, HTML), "name") +
    cell(escapeXml(periodsText(o))) +
    cell(escapeXml(amountText(o)), "amount") +
    cell(stateText(o, HTML), "name") +
    "</tr>"
  );
}

function unmatchedRowHtml(r: UnmatchedRecord): string {
  return (
    `<tr data-phone-id="${escapeXml(r.phoneId)}" data-order-id="${escapeXml(r.orderId)}">` +
    cell(escapeXml(r.phoneId), "phone-id") +
    cell(escapeXml(r.resourceName), "name") +
    cell(escapeXml(r.orderId), "phone-id") +
    cell(escapeXml(unmatchedText(r)), "name") +
    "</tr>"
  );
}

export function renderOrdersHtml(report: OrdersReport): string {
  const sections = [
    ...(report.orders.length === 0
      ? []
      : [
          `<section><h2>Orders</h2><table class="orders"><thead>${header(ORDER_HEADER)}</thead><tbody>` +
            `${report.orders.map(orderRowHtml).join("")}</tbody></table>` +
            `<p class="totals"><strong>Total paid:</strong> ${escapeXml(totalLine(report))}</p></section>`,
        ]),
    ...(report.unmatchedRecords.length === 0
      ? []
      : [
          `<section><h2>Records naming no order of the window</h2><table class="records"><thead>` +
            `${header(UNMATCHED_HEADER)}</thead><tbody>${report.unmatchedRecords.map(unmatchedRowHtml).join("")}` +
            "</tbody></table></section>",
        ]),
  ];
  return htmlPage(title(report), [
    `<h1>${escapeXml(title(report))}</h1>`,
    `<p class="summary">${escapeXml(summary(report))}</p>`,
    ...sections,
    `<section><h2>Notes</h2><ul class="notes">${NOTES.map((n) => `<li>${escapeXml(n)}</li>`).join("")}</ul></section>`,
  ]);
}

/** The report as data, for a script: times in the API's format, amounts as decimal strings. */
export function renderOrdersJson(report: OrdersReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
