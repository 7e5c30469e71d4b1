import { expect } from "chai";
import { DateTime, Duration } from "luxon";
import {
  coverageRule,
  coverageThreshold,
  isCovered,
  parseExpireNotBefore,
  parseRenewBefore,
} from "../../provider/planner/coverage";

const now = DateTime.fromISO("2026-03-10T04:00:00Z", { zone: "utc" });

describe("planner: coverage", () => {
  describe("parseRenewBefore", () => {
    for (const [text, expected] of [
      ["P30D", { days: 30 }],
      ["P1M", { months: 1 }],
      ["PT12H", { hours: 12 }],
      ["P2W", { weeks: 2 }],
      ["P1Y2M3DT4H5M6S", { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
      ["P0D", { days: 0 }],
    ] as const) {
      it(`reads ${text}`, () => {
        expect(parseRenewBefore(text)?.toObject()).to.deep.equal(expected);
      });
    }

    for (const text of ["30 days", "P", "PT", "P1DT", "-P1D", "P-1D", "P1.5D", "p30d", "30", "", "P1H"]) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        expect(parseRenewBefore(text)).to.equal(undefined);
      });
    }
  });

  describe("parseExpireNotBefore", () => {
    it("reads a date as the start of that day in UTC+8", () => {
      expect(parseExpireNotBefore("2027-01-01")?.toISO()).to.equal("2027-01-01T00:00:00.000+08:00");
    });

    it("keeps an explicit offset", () => {
      expect(parseExpireNotBefore("2027-01-01T00:00:00Z")?.toUTC().toISO()).to.equal(
        "2027-01-01T00:00:00.000Z",
      );
      expect(parseExpireNotBefore("2027-01-01T10:00:00+02:00")?.toUTC().toISO()).to.equal(
        "2027-01-01T08:00:00.000Z",
      );
    });

    it("reads a date-time without offset in UTC+8", () => {
      expect(parseExpireNotBefore("2027-01-01T12:30")?.toUTC().toISO()).to.equal("2027-01-01T04:30:00.000Z");
    });

    for (const text of ["2027", "2027-W01", "2027-02-30", "next year", "01/01/2027", "2027-1-1", ""]) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        expect(parseExpireNotBefore(text)).to.equal(undefined);
      });
    }
  });

  describe("coverageRule", () => {
    it("parses the settings form and passes parsed values through", () => {
      const rule = coverageRule({ renewBefore: "P30D", expireNotBefore: "2027-01-01" });
      expect(rule.renewBefore.toObject()).to.deep.equal({ days: 30 });
      expect(rule.expireNotBefore?.toISO()).to.equal("2027-01-01T00:00:00.000+08:00");
      const duration = Duration.fromObject({ hours: 1 });
      expect(coverageRule({ renewBefore: duration }).renewBefore).to.equal(duration);
    });

    it("refuses text that validation would have refused, naming the field", () => {
      expect(() => coverageRule({ renewBefore: "30d" })).to.throw(/renewBefore: "30d"/);
      expect(() => coverageRule({ renewBefore: "P1D", expireNotBefore: "soon" })).to.throw(
        /expireNotBefore: "soon"/,
      );
    });
  });

  describe("due", () => {
    const rule = coverageRule({ renewBefore: "P30D" });
    const threshold = now.plus({ days: 30 });

    it("is due when less than renewBefore remains, not when exactly that much does", () => {
      expect(isCovered(threshold.minus({ milliseconds: 1 }), now, rule)).to.equal(false);
      expect(isCovered(threshold, now, rule)).to.equal(true);
    });

    it("is due for an expired phone", () => {
      expect(isCovered(now.minus({ days: 3 }), now, rule)).to.equal(false);
    });

    it("adds calendar months in the billing zone", () => {
      // 2026-01-31 20:00 UTC is already Feb 1 in UTC+8: one month later is Mar 1 04:00 (UTC+8), not Feb 28.
      const atMonthEnd = DateTime.fromISO("2026-01-31T20:00:00Z", { zone: "utc" });
      const monthRule = coverageRule({ renewBefore: "P1M" });
      expect(coverageThreshold(atMonthEnd, monthRule).toISO()).to.equal("2026-03-01T04:00:00.000+08:00");
    });

    it("is due before expireNotBefore however much time remains", () => {
      const notBefore = coverageRule({ renewBefore: "P0D", expireNotBefore: "2027-01-01" });
      expect(isCovered(DateTime.fromISO("2026-12-31T23:59:59+08:00"), now, notBefore)).to.equal(false);
      expect(isCovered(DateTime.fromISO("2027-01-01T23:59:59+08:00"), now, notBefore)).to.equal(true);
    });

    it("takes the later of the two thresholds", () => {
      const early = coverageRule({ renewBefore: "P400D", expireNotBefore: "2026-04-01" });
      expect(coverageThreshold(now, early).toMillis()).to.equal(now.plus({ days: 400 }).toMillis());
      const late = coverageRule({ renewBefore: "P1D", expireNotBefore: "2028-04-01" });
      expect(coverageThreshold(now, late).toISO()).to.equal("2028-04-01T00:00:00.000+08:00");
    });
  });
});
