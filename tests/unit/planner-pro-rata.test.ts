import { expect } from "chai";
import { quoteRenewal } from "../../emulator/billing";
import { SKUS } from "../../emulator/catalog";
import type { Period } from "../../provider/planner/period";
import { PRO_RATA_DAYS, proRataCents, renewalCents } from "../../provider/planner/pro-rata";
import { renewalDayConfigValue } from "../../provider/planner/renewal-day";
import { subscriptionOf } from "../support/emulator-subscription";

describe("planner: the pro-rata rule", () => {
  it("charges a day at a 30th of the monthly price, a 365th of the yearly one, to the cent", () => {
    expect(PRO_RATA_DAYS).to.deep.equal({ month: 30, year: 365 });
    expect(proRataCents(18_000, 12, "month")).to.equal(7_200);
    expect(proRataCents(129_000, 23, "year")).to.equal(8_129); // 8128.77
    expect(proRataCents(12_900, 1, "month")).to.equal(430);
    expect(proRataCents(12_900, 0, "year")).to.equal(0);
  });

  it("adds the periods at the unit price and the days pro rata", () => {
    expect(renewalCents(12_900, { unit: "month", count: 3 }, 12)).to.equal(3 * 12_900 + 5_160);
    expect(renewalCents(129_000, { unit: "year", count: 1 }, 23)).to.equal(137_129);
    expect(renewalCents(12_900, { unit: "month", count: 1 }, 0)).to.equal(12_900);
  });

  // The emulator keeps Billing Center's rule apart (it plays Billing Center): the two agree on every SKU, unit and
  // number of days a renewal day can add.
  it("agrees with the emulator's Billing Center on every SKU, period unit and number of days", () => {
    const expireTime = "2027-01-31T15:59:59Z";
    for (const sku of SKUS) {
      for (const period of [
        { unit: "month", count: 1 },
        { unit: "year", count: 1 },
      ] satisfies Period[]) {
        for (const day of Array.from({ length: 28 }, (_, i) => i + 1)) {
          const quote = quoteRenewal(subscriptionOf(sku.code, expireTime), period, {
            expireDate: renewalDayConfigValue(day),
            deductionDate: "7",
          });
          const unit = period.unit === "month" ? sku.monthlyCents : sku.yearlyCents;
          expect(
            renewalCents(unit, period, quote.extraDays),
            `${sku.code} ${period.unit} day ${day}`,
          ).to.equal(quote.amountCents);
        }
      }
    }
  });
});
