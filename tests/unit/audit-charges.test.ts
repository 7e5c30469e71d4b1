import { expect } from "chai";
import { DateTime } from "luxon";
import { Charge, chargeOf } from "../../audit/charges";
import type { RenewalDayChange } from "../../audit/phone-changes";
import { quoteRenewal } from "../../emulator/billing";
import { SKUS } from "../../emulator/catalog";
import { formatApiTime, parseApiTime } from "../../provider/planner/billing-time";
import { Period, addPeriod } from "../../provider/planner/period";
import type { PlannedRenewal } from "../../provider/planner/planned-renewal";
import {
  RenewalDay,
  extraDays,
  renewalDayConfigValue,
  renewedExpiry,
} from "../../provider/planner/renewal-day";
import { subscriptionOf } from "../support/emulator-subscription";

/** The renewal the planner gives from `from` by `period`, lined up with `day`. */
function planned(from: string, period: Period, day: RenewalDay): PlannedRenewal {
  const start = parseApiTime(from);
  const to = renewedExpiry(start, period, day);
  return {
    from,
    to: formatApiTime(to),
    periodUnit: period.unit,
    periodCount: period.count,
    extraDays: extraDays(addPeriod(start.setZone("UTC+8"), period), to),
    renewalDay: day,
  };
}

/** What the emulator's Billing Center charges (renew-rate, renew) with the account's day set to `day`. */
function emulatorAmount(skuCode: string, from: string, period: Period, day: RenewalDay | undefined): string {
  const config = {
    deductionDate: "7",
    ...(day === undefined ? {} : { expireDate: renewalDayConfigValue(day) }),
  };
  return (quoteRenewal(subscriptionOf(skuCode, from), period, config).amountCents / 100).toFixed(2);
}

const CNY = (amount: string) => ({ amount, currency: "CNY" });

describe("audit: what a planned renewal will charge", () => {
  const renewal = planned("2026-02-03T15:59:59Z", { unit: "month", count: 1 }, 15);

  it("is renew-rate's price, exact, when the account's renewal day stays as it is", () => {
    expect(renewal.extraDays).to.equal(12);
    expect(chargeOf(renewal, CNY("180.60"))).to.deep.equal({
      kind: "exact",
      amount: "180.60",
      currency: "CNY",
    });
  });

  it("adds the planned days at a 30th of the monthly price when this up sets the day first", () => {
    const charge = chargeOf(renewal, CNY("129.00"), { before: undefined, after: 15 });
    expect(charge).to.deep.equal({
      kind: "estimated",
      amount: "180.60",
      currency: "CNY",
      basis: { pricedDays: 0, renewalDay: 15, unitAmount: "129.00", daysPerUnit: 30 },
    });
  });

  it("adds them at a 365th of the yearly price for a yearly renewal", () => {
    const yearly = planned("2026-02-20T15:59:59Z", { unit: "year", count: 1 }, 15);
    expect(yearly.extraDays).to.equal(23);
    const charge = chargeOf(yearly, CNY("1290.00"), { before: undefined, after: 15 });
    expect(charge).to.deep.include({ kind: "estimated", amount: "1371.29" }); // 1290 + 23 x 1290 / 365
  });

  it("is exact when the day that is replaced adds the same days", () => {
    // Jan 28 + 1 month is Feb 28, both the 28th and the last day of February 2026: no day added either way.
    const sameDays = planned("2026-01-28T15:59:59Z", { unit: "month", count: 1 }, "last");
    expect(sameDays.extraDays).to.equal(0);
    expect(chargeOf(sameDays, CNY("129.00"), { before: 28, after: "last" })).to.deep.include({
      kind: "exact",
    });
  });

  it("says why there is no amount", () => {
    const unpriced = (charge: Charge) => expect(charge.kind).to.equal("unpriced");
    unpriced(chargeOf(renewal, { error: "CBC.30050010 pending order" }));
    unpriced(chargeOf(renewal, undefined));
    unpriced(chargeOf(renewal, CNY("n/a")));
    expect(chargeOf(renewal, { error: "CBC.30050010 pending order" })).to.deep.equal({
      kind: "unpriced",
      error: "CBC.30050010 pending order",
    });
  });

  it("equals, to the cent, what Billing Center charges once the new day is applied (emulator, every case)", () => {
    const days: RenewalDay[] = [1, 15, 28, "last"];
    const periods: Period[] = [
      { unit: "month", count: 1 },
      { unit: "month", count: 3 },
      { unit: "year", count: 1 },
      { unit: "year", count: 3 },
    ];
    let cases = 0;
    const misses: string[] = [];
    for (const sku of SKUS) {
      for (let d = 0; d < 366; d += 17) {
        const from = formatApiTime(
          DateTime.fromISO("2026-01-01T23:59:59", { zone: "UTC+8" }).plus({ days: d }),
        );
        for (const period of periods) {
          for (const after of days) {
            for (const before of [undefined, ...days.filter((day) => day !== after)]) {
              const change: RenewalDayChange = { before, after };
              const quote = CNY(emulatorAmount(sku.code, from, period, before));
              const charge = chargeOf(planned(from, period, after), quote, change);
              const paid = emulatorAmount(sku.code, from, period, after);
              cases++;
              if (!("amount" in charge) || charge.amount !== paid) {
                misses.push(
                  `${sku.code} ${from} ${period.count} ${period.unit} ${before}->${after}: ${JSON.stringify(charge)} vs ${paid}`,
                );
              }
            }
          }
        }
      }
    }
    expect(misses.slice(0, 5), `${misses.length} of ${cases} cases`).to.deep.equal([]);
  });
});
