import { expect } from "chai";
import type { PlannedRenewal } from "../../audit/phone-changes";
import { rateBatches } from "../../audit/rate-batches";
import type { Period } from "../../provider/planner/period";

function renewal(period: Period): PlannedRenewal {
  return { from: "2026-02-03T15:59:59Z", to: "2026-03-15T15:59:59Z", period, extraDays: 12 };
}

const ids = (batches: [string, PlannedRenewal][][]) => batches.map((batch) => batch.map(([id]) => id));

describe("audit: renew-rate batches", () => {
  it("groups the phones by period unit and count", () => {
    const batches = rateBatches(
      new Map([
        ["m1a", renewal({ unit: "month", count: 1 })],
        ["y1", renewal({ unit: "year", count: 1 })],
        ["m3", renewal({ unit: "month", count: 3 })],
        ["m1b", renewal({ unit: "month", count: 1 })],
      ]),
      10,
    );
    expect(ids(batches)).to.deep.equal([["m1a", "m1b"], ["y1"], ["m3"]]);
  });

  it("asks for at most the limit per call, every phone once", () => {
    const renewals = new Map(
      Array.from({ length: 23 }, (_, i) => [`p${i}`, renewal({ unit: "month", count: 1 })]),
    );
    const batches = rateBatches(renewals, 10);
    expect(batches.map((batch) => batch.length)).to.deep.equal([10, 10, 3]);
    expect(ids(batches).flat()).to.deep.equal([...renewals.keys()]);
  });
});
