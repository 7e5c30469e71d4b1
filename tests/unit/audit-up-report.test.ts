import { expect } from "chai";
import { SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { InputError } from "../../audit/input-error";
import { parseStackExport } from "../../audit/stack-export";
import { UP_COMMENT_MARKER, renderUpHtml, renderUpMarkdown } from "../../audit/up-report";
import { upRenewals, upTotals } from "../../audit/up-renewals";

const A = "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b";
const B = "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6";
const C = "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4";

function renewal(orderId: string, amount: number | string, unit = "month") {
  return {
    orderId,
    period: { unit, count: 1 },
    amount,
    currency: "CNY",
    from: "2026-02-03T15:59:59Z",
    to: "2026-03-15T15:59:59Z",
  };
}

function subscription(phoneId: string, lastRenewal: unknown) {
  return {
    urn: `urn:pulumi:prod::fleet::${SUBSCRIPTION_TYPE}::stores-${phoneId.slice(0, 6)}`,
    type: SUBSCRIPTION_TYPE,
    inputs: { phoneId },
    outputs: { phoneId, expireTime: "2026-03-15T15:59:59Z", lastRenewal },
  };
}

/** A `pulumi stack export` document holding these resources. */
function stackExport(resources: object[]) {
  return parseStackExport(JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }), "test");
}

const before = stackExport([
  subscription(A, null),
  subscription(B, renewal("CS2512150930OLD01", 44.8)),
  subscription(C, renewal("CS2512150930OLD02", "129.00")),
]);
const after = stackExport([
  subscription(A, renewal("CS2601260200NEW01", 180.6)),
  subscription(B, renewal("CS2601260200NEW01", "1371.29", "year")),
  subscription(C, renewal("CS2512150930OLD02", "129.00")),
  subscription("0d1e2f3a4b5c47d8e9f0a1b2c3d4e5f6", renewal("CS2601260200NEW02", 0.1)),
  { urn: "urn:pulumi:prod::fleet::pulumi:pulumi:Stack::fleet-prod", type: "pulumi:pulumi:Stack" },
]);

describe("audit: what an up paid, from two stack exports", () => {
  it("lists the renewals recorded after the up and not before, by phone id, amounts in cents", () => {
    const renewals = upRenewals(before, after);
    expect(renewals.map((r) => [r.phoneId, r.orderId, r.amount])).to.deep.equal([
      ["0d1e2f3a4b5c47d8e9f0a1b2c3d4e5f6", "CS2601260200NEW02", "0.10"],
      [B, "CS2601260200NEW01", "1371.29"],
      [A, "CS2601260200NEW01", "180.60"],
    ]);
    expect(renewals[2]).to.deep.equal({
      phoneId: A,
      resourceName: "stores-6f1c2a",
      orderId: "CS2601260200NEW01",
      period: { unit: "month", count: 1 },
      amount: "180.60",
      currency: "CNY",
      from: "2026-02-03T15:59:59Z",
      to: "2026-03-15T15:59:59Z",
    });
    expect(upTotals(renewals)).to.deep.equal({
      phones: 3,
      orders: 2,
      amounts: [{ currency: "CNY", amount: "1551.99" }],
      unknownAmounts: { phones: 0, orders: [] },
    });
  });

  it("counts everything in the state after the first up of a stack (an empty export before)", () => {
    expect(upRenewals(stackExport([]), after)).to.have.length(4);
    expect(upRenewals(after, after)).to.deep.equal([]);
  });

  it("refuses a lastRenewal of another shape, naming the resource, the field and the value", () => {
    const bad = stackExport([subscription(A, { ...renewal("CS1", 1), period: { unit: "week", count: 1 } })]);
    expect(() => upRenewals(before, bad)).to.throw(
      InputError,
      /the state after up: urn:pulumi:prod::fleet::.*::stores-6f1c2a: output lastRenewal\.period\.unit is \{.*"week".*\}/,
    );
  });

  it("explains a file that is not a stack export, and points out a preview given instead", () => {
    expect(() => parseStackExport("nope", "--before b.json")).to.throw(
      InputError,
      /--before b\.json is not JSON/,
    );
    expect(() => parseStackExport('{"steps": []}', "--before b.json")).to.throw(
      InputError,
      /at deployment: .*this is a `pulumi preview --json` document/,
    );
  });
});

describe("audit: the report of what an up paid", () => {
  const renewals = upRenewals(before, after);
  const markdown = renderUpMarkdown(renewals);

  it("writes a Markdown comment: one row per renewal with its order, the total paid, one row per order", () => {
    expect(markdown.split("\n")[0]).to.equal(UP_COMMENT_MARKER);
    expect(markdown).to.include("3 phones renewed in 2 orders, paid CNY 1551.99.");
    expect(markdown).to.include(
      "| `6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b` | stores-6f1c2a | `CS2601260200NEW01` | 1 month | 2026-02-03 23:59:59 | 2026-03-15 23:59:59 | CNY 180.60 |",
    );
    expect(markdown).to.include("**Total paid:** CNY 1551.99");
    expect(markdown).to.include("| `CS2601260200NEW01` | 2 | CNY 1551.89 |");
    expect(markdown).to.include("| `CS2601260200NEW02` | 1 | CNY 0.10 |");
    expect(markdown).to.not.include("OLD0");
  });

  it("writes the same as a self-contained HTML page", () => {
    const html = renderUpHtml(renewals);
    expect(html.match(/<tr data-phone-id="/g)).to.have.length(3);
    expect(html).to.include(
      '<tr data-order-id="CS2601260200NEW01"><td class="phone-id">CS2601260200NEW01</td>',
    );
    expect(html).to.include("<strong>Total paid:</strong> CNY 1551.99");
    expect(html).to.not.match(/\s(src|href)=|url\(|@import|<script|<link/i);
  });

  describe("a renewal whose order's lines cannot tell its amount", () => {
    // Recorded after an interrupted up: the order renewed two phones to the same day from different ones.
    const { amount: _amount, from: _from, ...uncertain } = renewal("CS2601260200NEW03", 0);
    const withUnknown = upRenewals(
      before,
      stackExport([
        subscription(A, renewal("CS2601260200NEW01", 180.6)),
        subscription(B, uncertain),
        subscription(C, uncertain),
      ]),
    );

    it("is listed with no amount and no start, and the totals leave it out and say so", () => {
      expect(withUnknown.map((r) => [r.phoneId, r.orderId, r.amount, r.from])).to.deep.equal([
        [B, "CS2601260200NEW03", undefined, undefined],
        [A, "CS2601260200NEW01", "180.60", "2026-02-03T15:59:59Z"],
        [C, "CS2601260200NEW03", undefined, undefined],
      ]);
      expect(upTotals(withUnknown)).to.deep.equal({
        phones: 3,
        orders: 2,
        amounts: [{ currency: "CNY", amount: "180.60" }],
        unknownAmounts: { phones: 2, orders: ["CS2601260200NEW03"] },
      });
    });

    it("shows the amount as not known, pointing at the order, in Markdown and HTML", () => {
      const total =
        "CNY 180.60, excluding 2 phones whose amount is not known (see order CS2601260200NEW03 in Billing Center)";
      const md = renderUpMarkdown(withUnknown);
      expect(md).to.include(`3 phones renewed in 2 orders, paid ${total}.`);
      expect(md).to.include(
        "| `1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6` | stores-1a2b3c | `CS2601260200NEW03` | 1 month | not known | 2026-03-15 23:59:59 | not known (see order CS2601260200NEW03) |",
      );
      expect(md).to.include(`**Total paid:** ${total}`);
      expect(md).to.include("| `CS2601260200NEW03` | 2 | not known for 2 phones |");
      expect(md).to.include("The totals exclude it.");
      const html = renderUpHtml(withUnknown);
      expect(html).to.include('<td class="amount">not known (see order CS2601260200NEW03)</td>');
      expect(html).to.include(`<strong>Total paid:</strong> ${total}`);
      expect(markdown).to.not.include("The totals exclude it.");
    });
  });

  it("says so when the up paid nothing", () => {
    expect(renderUpMarkdown([])).to.include("This up renewed no phone: nothing was paid.");
    expect(renderUpMarkdown([])).to.not.include("| Phone |");
  });
});
