import { expect } from "chai";
import { UsageError, parseOrdersArgs } from "../../audit/cli-options";
import { reconcileOrders } from "../../audit/order-reconciliation";
import {
  ORDERS_COMMENT_MARKER,
  OrdersReport,
  renderOrdersHtml,
  renderOrdersMarkdown,
} from "../../audit/orders-report";
import type { StackSubscription, UpRenewal } from "../../audit/up-renewals";
import { PERIOD_TYPE_CODE } from "../../provider/client";
import type { PaidRenewalOrder } from "../../provider/renewal";

const A = "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b";
const B = "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6";
const C = "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4";
const OUTSIDE = "0d1e2f3a4b5c47d8e9f0a1b2c3d4e5f6";

function order(
  orderId: string,
  paidAt: string,
  phoneIds: string[],
  total: number | undefined,
  listed?: number,
): PaidRenewalOrder {
  return {
    orderId,
    paidAt,
    phoneIds,
    ...(listed === undefined ? {} : { total: { total: listed, currency: "CNY" } }),
    charges: {
      orderId,
      status: 5,
      currency: "CNY",
      ...(total === undefined ? {} : { total }),
      lines: phoneIds.map(() => ({ amount: 1, periodType: PERIOD_TYPE_CODE.month, periodNum: 1 })),
    },
  };
}

function subscription(phoneId: string, orderId?: string): StackSubscription {
  const lastRenewal: UpRenewal | undefined =
    orderId === undefined
      ? undefined
      : {
          phoneId,
          resourceName: `kiosk-${phoneId.slice(0, 4)}`,
          orderId,
          period: { unit: "month", count: 1 },
          currency: "CNY",
          to: "2026-03-15T15:59:59Z",
        };
  return { phoneId, resourceName: `kiosk-${phoneId.slice(0, 4)}`, ...(lastRenewal ? { lastRenewal } : {}) };
}

// A crashed run's order (A, B and a phone of another stack), recorded by the recovery run for A only; a later
// order that renewed B again, recorded by nothing (the console); C renewed twice, the later one recorded.
const CRASHED = order("CS2601260200AAAA1", "2026-01-26T02:00:00Z", [B, A, OUTSIDE], 387);
const C_FIRST = order("CS2601260210AAAA2", "2026-01-26T02:10:00Z", [C], 129.1);
const B_CONSOLE = order("CS2601260220AAAA3", "2026-01-26T02:20:00Z", [B], 129);
const C_AGAIN = order("CS2601260230AAAA4", "2026-01-26T02:30:00Z", [C], undefined, 129);
const NOT_OURS = order("CS2601260240AAAA5", "2026-01-26T02:40:00Z", [OUTSIDE], 10);

const stack = [
  subscription(A, CRASHED.orderId),
  subscription(B, CRASHED.orderId),
  subscription(C, C_AGAIN.orderId),
  subscription("a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0", "CS2512150930OLD01"),
  subscription("b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", C_FIRST.orderId),
  subscription("c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0"),
];

describe("audit: a stack's state against Billing Center's paid orders", () => {
  const reconciled = reconcileOrders([C_AGAIN, NOT_OURS, B_CONSOLE, CRASHED, C_FIRST], stack);

  it("lists each order of the stack's phones once, oldest payment first, with its phones and the others", () => {
    expect(
      reconciled.orders.map((o) => [o.orderId, o.phones.map((p) => p.phoneId), o.otherPhones]),
    ).to.deep.equal([
      [CRASHED.orderId, [B, A], [OUTSIDE]],
      [C_FIRST.orderId, [C], []],
      [B_CONSOLE.orderId, [B], []],
      [C_AGAIN.orderId, [C], []],
    ]);
    expect(reconciled.otherOrders, "the order of no phone of the stack").to.equal(1);
  });

  it("marks an order recorded when a subscription of its phones names it, and says what the others record", () => {
    const byId = new Map(reconciled.orders.map((o) => [o.orderId, o]));
    expect(byId.get(CRASHED.orderId)?.recorded, "recorded by the recovery run").to.equal(true);
    expect(byId.get(C_AGAIN.orderId)?.recorded, "the last of two orders for C").to.equal(true);
    expect(byId.get(C_FIRST.orderId)?.recorded).to.equal(false);
    expect(byId.get(C_FIRST.orderId)?.phones).to.deep.equal([
      { phoneId: C, resourceName: "kiosk-9e8d", relation: "later order", recordedOrderId: C_AGAIN.orderId },
    ]);
    expect(byId.get(B_CONSOLE.orderId)?.recorded).to.equal(false);
    expect(byId.get(B_CONSOLE.orderId)?.phones[0]).to.deep.include({ relation: "earlier order" });
  });

  it("names the records that no order of the window explains: outside it, or not renewing the phone", () => {
    expect(reconciled.unmatchedRecords).to.deep.equal([
      {
        phoneId: "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0",
        resourceName: "kiosk-a0a0",
        orderId: "CS2512150930OLD01",
        reason: "outside the window",
      },
      {
        phoneId: "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0",
        resourceName: "kiosk-b0b0",
        orderId: C_FIRST.orderId,
        reason: "mismatch",
      },
    ]);
  });

  it("adds each order's own amount once, the listing's when its details give none, in cents", () => {
    expect(reconciled.orders.map((o) => o.amount?.amount)).to.deep.equal([
      "387.00",
      "129.10",
      "129.00",
      "129.00",
    ]);
    expect(reconciled.totals).to.deep.equal({
      orders: 4,
      phones: 3,
      paid: [{ currency: "CNY", amount: "774.10" }],
      recorded: [{ currency: "CNY", amount: "516.00" }],
      notRecorded: [{ currency: "CNY", amount: "258.10" }],
      unknownAmounts: [],
    });
    expect(reconciled.orders[0].periods).to.deep.equal([{ unit: "month", count: 1 }]);
  });

  it("leaves an order whose amount Billing Center does not give out of the sums, and names it", () => {
    const unknown = order("CS2601260250AAAA6", "2026-01-26T02:50:00Z", [A], undefined);
    const { totals } = reconcileOrders([CRASHED, unknown], stack);
    expect(totals.paid).to.deep.equal([{ currency: "CNY", amount: "387.00" }]);
    expect(totals.unknownAmounts).to.deep.equal([unknown.orderId]);
  });

  it("tells a record's order outside the window from one in it, for a phone an order renewed", () => {
    const { orders, unmatchedRecords } = reconcileOrders([C_FIRST], stack);
    expect(orders[0].phones[0]).to.deep.include({
      relation: "outside the window",
      recordedOrderId: C_AGAIN.orderId,
    });
    expect(unmatchedRecords.map((r) => [r.phoneId, r.reason])).to.deep.include([C, "outside the window"]);
    const none = reconcileOrders(
      [order("CS2601260300AAAA7", "2026-01-26T03:00:00Z", ["c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0"], 5)],
      stack,
    );
    expect(none.orders[0]).to.deep.include({ recorded: false });
    expect(none.orders[0].phones[0].relation).to.equal("none");
  });
});

describe("audit: the orders report", () => {
  const report: OrdersReport = {
    window: { since: "2026-01-26T01:00:00Z", asOf: "2026-01-26T03:00:00Z" },
    ...reconcileOrders([CRASHED, C_FIRST, B_CONSOLE, C_AGAIN, NOT_OURS], stack),
  };

  it("writes one Markdown row per order, whether the state records it and why not, then the total", () => {
    const markdown = renderOrdersMarkdown(report);
    expect(
      markdown.startsWith(
        `${ORDERS_COMMENT_MARKER}\n## KooPhone renewal orders paid from 2026-01-26 09:00:00 to 2026-01-26 11:00:00\n`,
      ),
    ).to.equal(true);
    expect(markdown).to.include(
      "4 orders renewed 3 phones of this stack, paid CNY 774.10: 2 orders recorded in the state (CNY 516.00), " +
        "2 orders not recorded (CNY 258.10). 1 other renewal order paid in the window renewed no phone of this " +
        "stack and is not listed.",
    );
    expect(markdown).to.include(
      `| \`${CRASHED.orderId}\` | 2026-01-26 10:00:00 | \`${B}\` (kiosk-1a2b), \`${A}\` (kiosk-6f1c); not in this ` +
        `stack: \`${OUTSIDE}\` | 1 month | CNY 387.00 | recorded |`,
    );
    expect(markdown).to.include(
      `| CNY 129.10 | not recorded in the state: renewed again later (kiosk-9e8d records the later ` +
        `\`${C_AGAIN.orderId}\`) |`,
    );
    expect(markdown).to.include(
      "| not recorded in the state: a crash before it was recorded, the console, or another stack (kiosk-1a2b " +
        `records the earlier \`${CRASHED.orderId}\`) |`,
    );
    expect(markdown).to.include("**Total paid:** CNY 774.10 in 4 orders");
    expect(markdown).to.include(
      `| \`b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0\` | kiosk-b0b0 | \`${C_FIRST.orderId}\` | paid in the window, but it ` +
        "did not renew this phone |",
    );
  });

  it("writes the same in HTML, escaped, with each order's state as data", () => {
    const html = renderOrdersHtml({
      ...report,
      orders: report.orders.map((o) => ({
        ...o,
        phones: o.phones.map((p) => ({ ...p, resourceName: "<kiosk>" })),
      })),
    });
    expect(html).to.include(`<tr data-order-id="${CRASHED.orderId}" data-state="recorded">`);
    expect(html.match(/data-state="not-recorded"/g)).to.have.length(2);
    expect(html).to.include("&#60;kiosk&#62;").and.not.include("<kiosk>");
    expect(html).to.include("<strong>Total paid:</strong> CNY 774.10 in 4 orders");
  });

  it("says so when no order renewed a phone of the stack", () => {
    const empty: OrdersReport = { window: { since: "2026-01-26T01:00:00Z" }, ...reconcileOrders([], stack) };
    const markdown = renderOrdersMarkdown(empty);
    expect(markdown).to.include("## KooPhone renewal orders paid since 2026-01-26 09:00:00");
    expect(markdown).to.include("No renewal order paid in the window renewed a phone of this stack.");
    expect(markdown).to.not.include("**Total paid:**");
  });
});

describe("audit: the orders command line", () => {
  it("reads the export, the window, the outputs and the endpoints", () => {
    const options = parseOrdersArgs([
      "state.json",
      "--since",
      "2026-01-26T10:00:00+08:00",
      "--until",
      "2026-01-27T00:00:00Z",
      "--json",
      "--html",
      "orders.html",
      "--endpoint",
      "https://bss.example",
    ]);
    if (options === "help") throw new Error("not help");
    expect(options).to.deep.include({
      input: "state.json",
      json: true,
      html: "orders.html",
      markdown: undefined,
    });
    expect(options.since.toUTC().toISO()).to.equal("2026-01-26T02:00:00.000Z");
    expect(options.until?.toUTC().toISO()).to.equal("2026-01-27T00:00:00.000Z");
    expect(parseOrdersArgs(["--since", "2026-01-26T02:00:00Z"])).to.not.have.property("until");
    expect(parseOrdersArgs(["-h"])).to.equal("help");
  });

  it("requires --since, a window that does not end before it starts, and no preview option", () => {
    expect(() => parseOrdersArgs(["state.json"])).to.throw(UsageError, "--since is required");
    expect(() => parseOrdersArgs(["--since", "yesterday"])).to.throw(
      UsageError,
      '--since "yesterday" is not an ISO-8601 time',
    );
    expect(() =>
      parseOrdersArgs(["--since", "2026-01-26T02:00:00Z", "--until", "2026-01-25T02:00:00Z"]),
    ).to.throw(UsageError, "--until 2026-01-25T02:00:00Z is before --since 2026-01-26T02:00:00Z");
    expect(() => parseOrdersArgs(["--since", "2026-01-26T02:00:00Z", "--no-prices"])).to.throw(
      UsageError,
      "--no-prices",
    );
  });
});
