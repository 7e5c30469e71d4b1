import { expect } from "chai";
import { RATE_BATCH, rateRequests } from "../../audit/rate-requests";
import type { RenewalRow } from "../../audit/renewal-rows";
import type { Period } from "../../provider/planner/period";

function row(phoneId: string, periods?: Period): RenewalRow {
  return { phoneId, resourceName: phoneId, newExpiry: "2026-03-15T15:59:59Z", periods };
}

describe("audit: renew-rate requests", () => {
  it("groups the phones by period type and number", () => {
    const { requests, skipped } = rateRequests([
      row("m1a", { unit: "month", count: 1 }),
      row("y1", { unit: "year", count: 1 }),
      row("m3", { unit: "month", count: 3 }),
      row("m1b", { unit: "month", count: 1 }),
    ]);
    expect(skipped.size).to.equal(0);
    expect(requests).to.deep.equal([
      { resource_ids: ["m1a", "m1b"], period_type: 2, period_num: 1, include_relative_resources: true },
      { resource_ids: ["y1"], period_type: 3, period_num: 1, include_relative_resources: true },
      { resource_ids: ["m3"], period_type: 2, period_num: 3, include_relative_resources: true },
    ]);
  });

  it("asks for at most 10 phones per call", () => {
    const rows = Array.from({ length: 23 }, (_, i) => row(`p${i}`, { unit: "month", count: 1 }));
    const { requests } = rateRequests(rows);
    expect(requests.map((r) => r.resource_ids.length)).to.deep.equal([RATE_BATCH, RATE_BATCH, 3]);
    expect(requests.flatMap((r) => r.resource_ids)).to.deep.equal(rows.map((r) => r.phoneId));
  });

  it("does not ask for what cannot be priced, and says why", () => {
    const { requests, skipped } = rateRequests([
      row("unknown"),
      row("days", { unit: "month", count: 0 }),
      row("long", { unit: "month", count: 14 }),
    ]);
    expect(requests).to.deep.equal([]);
    expect(Object.fromEntries(skipped)).to.deep.equal({
      unknown: "Billing Center reports no subscription for this phone",
      days: "the expiry moves by less than 1 month",
      long: "14 months is more than one order renews (1-11 months or 1-3 years)",
    });
  });
});
