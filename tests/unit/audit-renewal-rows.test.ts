import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { auditReport } from "../../audit/audit-report";
import type { CloudPhone } from "../../audit/cloud-phone";
import { modeChanges } from "../../audit/mode-changes";
import { phoneChanges } from "../../audit/phone-changes";
import { parsePreviewJson } from "../../audit/preview-json";
import { RenewalRow, renewalRows, renewalTotals } from "../../audit/renewal-rows";
import { parseApiTime } from "../../provider/planner/billing-time";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures", name), "utf8");
const preview = parsePreviewJson(fixture("preview-fleet.json"));
const answers = JSON.parse(fixture("preview-fleet-cloud.json")) as { phones: Record<string, CloudPhone> };
const cloud = new Map(Object.entries(answers.phones));
const { changes } = phoneChanges(preview);

const A = "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b";
const B = "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6";
const C = "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4";
const D = "5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a";
const E = "3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b";
const F = "7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6";

const t = parseApiTime;

describe("audit: renewal rows", () => {
  it("lists the phones the provider plans to renew, by phone id, as planned, without asking the cloud", () => {
    const rows = renewalRows(changes, new Map());
    expect(rows.map((r) => r.phoneId)).to.deep.equal([B, E, A, F]);
    expect(rows.find((r) => r.phoneId === A)).to.deep.equal({
      phoneId: A,
      resourceName: `stores-${A}`,
      name: undefined,
      currentExpiry: "2026-02-03T15:59:59Z",
      newExpiry: "2026-03-15T15:59:59Z",
      periods: { unit: "month", count: 1 },
      extraDays: 12,
      renewalDayUnknown: false,
    });
    expect(rows.find((r) => r.phoneId === B)).to.deep.include({
      periods: { unit: "year", count: 1 },
      extraDays: 23,
    });
    expect(rows.find((r) => r.phoneId === E)).to.deep.include({
      periods: { unit: "month", count: 3 },
      extraDays: 5,
    });
    expect(
      rows.find((r) => r.phoneId === F)?.currentExpiry,
      "a new subscription starts where check read it",
    ).to.equal("2026-02-08T15:59:59Z");
  });

  it("takes the names from the cloud, and keeps the planned start over the cloud's expiry", () => {
    const moved = new Map(cloud).set(A, { ...cloud.get(A), expireTime: "2026-03-15T15:59:59Z" });
    const rows = renewalRows(changes, moved);
    expect(rows.map((r) => r.name)).to.deep.equal([
      "store-sh-002",
      "store-cd-005",
      "store-bj-001",
      "store-wh-006",
    ]);
    expect(rows.find((r) => r.phoneId === A)?.currentExpiry).to.equal("2026-02-03T15:59:59Z");
  });
});

describe("audit: totals", () => {
  const row = (phoneId: string, charge?: RenewalRow["charge"]): RenewalRow => ({
    phoneId,
    resourceName: phoneId,
    currentExpiry: "2026-02-15T15:59:59Z",
    newExpiry: "2026-03-15T15:59:59Z",
    periods: { unit: "month", count: 1 },
    extraDays: 0,
    renewalDayUnknown: false,
    charge,
  });

  it("sums the priced rows per currency, in cents, and counts the estimated and the unpriced", () => {
    const basis = { pricedDays: 0, renewalDay: 15, unitAmount: "0.20", daysPerUnit: 30 };
    const totals = renewalTotals([
      row("a", { kind: "exact", amount: "0.10", currency: "CNY" }),
      row("b", { kind: "estimated", amount: "0.20", currency: "CNY", basis }),
      row("c", { kind: "exact", amount: "15.00", currency: "USD" }),
      row("d", { kind: "unpriced", error: "CBC.30050010 pending order" }),
      row("e"),
    ]);
    expect(totals).to.deep.equal({
      phones: 5,
      amounts: [
        { currency: "CNY", amount: "0.30" },
        { currency: "USD", amount: "15.00" },
      ],
      unpriced: 1,
      estimated: 1,
    });
  });

  it("adds up the fleet's quotes", () => {
    const quotes = JSON.parse(fixture("preview-fleet-cloud.json")).quotes;
    const report = auditReport({
      preview,
      cloud,
      quotes: new Map(Object.entries(quotes)),
      now: t("2026-01-26T02:00:00Z"),
      cloudAsked: true,
    });
    expect(report.totals).to.deep.equal({
      phones: 4,
      amounts: [{ currency: "CNY", amount: "856.13" }],
      unpriced: 0,
      estimated: 0,
    });
  });
});

describe("audit: mode changes", () => {
  it("lists the phone whose mode changes, from the mode in state", () => {
    expect(modeChanges(changes, cloud)).to.deep.equal([
      { phoneId: D, resourceName: `stores-${D}`, name: "store-sz-004", from: "manual", to: "auto" },
    ]);
  });

  it("lists a new subscription whose current mode is unknown", () => {
    expect(modeChanges(changes, new Map()).map((c) => [c.phoneId, c.from, c.to])).to.deep.equal([
      [D, "manual", "auto"],
      [F, undefined, "manual"],
    ]);
  });

  it("prefers the mode Billing Center reports now over state", () => {
    const switched = new Map(cloud).set(C, { ...cloud.get(C), mode: "payPerUseAfterExpiry" as const });
    expect(modeChanges(changes, switched).map((c) => [c.phoneId, c.from, c.to])).to.deep.include([
      C,
      "payPerUseAfterExpiry",
      "manual",
    ]);
  });
});

describe("audit: the report", () => {
  it("has one lane per subscribed phone, renewed or not", () => {
    const report = auditReport({
      preview,
      cloud,
      quotes: new Map(),
      now: t("2026-01-26T02:00:00Z"),
      cloudAsked: true,
    });
    expect(report.lanes.map((l) => l.phoneId)).to.deep.equal([B, E, D, A, F, C]);
    expect(report.lanes.find((l) => l.phoneId === C)).to.deep.include({
      label: "store-gz-003",
      before: "2026-06-15T15:59:59Z",
      renewal: undefined,
    });
    expect(report.renewalDay).to.equal(15);
  });
});
