import { expect } from "chai";
import fc from "fast-check";
import { DateTime } from "luxon";
import { BILLING_ZONE, endOfBillingDay } from "../../provider/planner/billing-time";
import { coverageRule, isCovered } from "../../provider/planner/coverage";
import { PERIOD_LIMITS, Period } from "../../provider/planner/period";
import { PlanError, PlanInput, RenewalPlan, planRenewal } from "../../provider/planner/plan";
import { RenewalDay, renewedExpiry } from "../../provider/planner/renewal-day";

const DAY_MS = 86_400_000;
const RUNS = 400;

const nowArb = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 0, 1) })
  .map((ms) => DateTime.fromMillis(ms, { zone: "utc" }));

const periodArb: fc.Arbitrary<Period> = fc.oneof(
  fc.integer({ min: 1, max: 11 }).map((count): Period => ({ unit: "month", count })),
  fc.integer({ min: 1, max: 3 }).map((count): Period => ({ unit: "year", count })),
);

const renewBeforeArb = fc.oneof(
  fc.integer({ min: 0, max: 500 }).map((n) => `P${n}D`),
  fc.integer({ min: 0, max: 14 }).map((n) => `P${n}M`),
  fc.integer({ min: 0, max: 72 }).map((n) => `PT${n}H`),
  fc.integer({ min: 0, max: 2 }).map((n) => `P${n}Y`),
);

const renewalDayArb: fc.Arbitrary<RenewalDay | undefined> = fc.option(
  fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constant<RenewalDay>("last")),
  { nil: undefined },
);

/** Phones as Billing Center has them (expiring at 23:59:59 UTC+8), expired ones in their grace period included. */
const inputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    now: nowArb,
    offsetMs: fc.integer({ min: -15 * DAY_MS, max: 800 * DAY_MS }),
    endOfDay: fc.boolean(),
    period: periodArb,
    renewBefore: renewBeforeArb,
    notBeforeDays: fc.option(fc.integer({ min: -30, max: 1200 }), { nil: undefined }),
    renewalDay: renewalDayArb,
  })
  .map(({ now, offsetMs, endOfDay, period, renewBefore, notBeforeDays, renewalDay }) => {
    const expiry = now.plus({ milliseconds: offsetMs });
    const input: PlanInput = {
      phoneId: "phone-1",
      now,
      expireTime: endOfDay ? endOfBillingDay(expiry).toUTC() : expiry,
      period,
      renewBefore,
    };
    if (notBeforeDays !== undefined) {
      input.expireNotBefore = now.setZone(BILLING_ZONE).plus({ days: notBeforeDays }).toISODate() ?? "";
    }
    if (renewalDay !== undefined) input.renewalDay = renewalDay;
    return input;
  });

/** The plan, or the PlanError when no allowed order reaches the threshold. */
function attempt(input: PlanInput): RenewalPlan | PlanError | undefined {
  try {
    return planRenewal(input);
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
}

function clears(input: PlanInput, expiry: DateTime): boolean {
  const notBefore = coverageRule(input).expireNotBefore;
  const byDuration = input.now.setZone(BILLING_ZONE).plus(coverageRule(input).renewBefore);
  return expiry >= byDuration && (notBefore === undefined || expiry >= notBefore);
}

function renewedBy(input: PlanInput, count: number): DateTime {
  return renewedExpiry(input.expireTime, { unit: input.period.unit, count }, input.renewalDay);
}

function plansOnly(input: PlanInput): RenewalPlan | undefined {
  const result = attempt(input);
  return result instanceof PlanError ? undefined : result;
}

describe("planner: planRenewal (properties)", () => {
  it("plans exactly for the phones that are due", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = attempt(input);
        expect(result !== undefined).to.equal(!isCovered(input.expireTime, input.now, coverageRule(input)));
      }),
      { numRuns: RUNS },
    );
  });

  it("brings the expiry past the threshold: to - now >= renewBefore and to >= expireNotBefore", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = plansOnly(input);
        if (plan === undefined) return;
        expect(clears(input, plan.to)).to.equal(true);
        expect(plan.to.toMillis()).to.be.at.least(plan.threshold.toMillis());
        const days = /^P(\d+)D$/.exec(String(input.renewBefore));
        if (days !== null) {
          expect(plan.to.toMillis() - input.now.toMillis()).to.be.at.least(Number(days[1]) * DAY_MS);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("uses the fewest periods: one period fewer would not clear the threshold", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = plansOnly(input);
        if (plan === undefined || plan.periodCount === input.period.count) return;
        expect(clears(input, renewedBy(input, plan.periodCount - input.period.count))).to.equal(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("orders whole periods within the API's limits, in the period's unit", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = plansOnly(input);
        if (plan === undefined) return;
        const limits = PERIOD_LIMITS[input.period.unit];
        expect(plan.periodUnit).to.equal(input.period.unit);
        expect(plan.periodCount % input.period.count).to.equal(0);
        expect(plan.periodCount).to.be.within(limits.min, limits.max);
      }),
      { numRuns: RUNS },
    );
  });

  it("renews from the current expiry and never moves it backwards", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = plansOnly(input);
        if (plan === undefined) return;
        expect(plan.from.toMillis()).to.equal(input.expireTime.toMillis());
        expect(plan.to.toMillis()).to.be.greaterThan(plan.from.toMillis());
        expect(plan.to.toMillis()).to.equal(renewedBy(input, plan.periodCount).toMillis());
      }),
      { numRuns: RUNS },
    );
  });

  it("lands on the renewal day at 23:59:59 UTC+8 when one is set, adding no days otherwise", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = plansOnly(input);
        if (plan === undefined) return;
        const local = plan.to.setZone(BILLING_ZONE);
        if (input.renewalDay === undefined) {
          expect(plan.extraDays).to.equal(0);
          return;
        }
        expect(local.toFormat("HH:mm:ss.SSS")).to.equal("23:59:59.000");
        const day = input.renewalDay === "last" ? local.daysInMonth : input.renewalDay;
        expect(local.day).to.equal(day);
        expect(plan.extraDays).to.be.within(0, 31);
      }),
      { numRuns: RUNS },
    );
  });

  it("fails only when the largest allowed order falls short, naming the phone and the threshold", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = attempt(input);
        if (!(result instanceof PlanError)) return;
        const { unit, count } = input.period;
        const most = Math.floor(PERIOD_LIMITS[unit].max / count) * count;
        expect(clears(input, renewedBy(input, most))).to.equal(false);
        expect(result.phoneId).to.equal("phone-1");
        expect(result.reachable?.toMillis()).to.equal(renewedBy(input, most).toMillis());
        expect(result.message).to.contain("phone-1");
        expect(result.message).to.contain(result.threshold.toISO({ suppressMilliseconds: true }));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("planner: planRenewal (examples)", () => {
  const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
  const monthly: Period = { unit: "month", count: 1 };

  function plan(overrides: Partial<PlanInput> & Pick<PlanInput, "expireTime" | "now">): RenewalPlan {
    const result = planRenewal({ phoneId: "phone-1", period: monthly, renewBefore: "P30D", ...overrides });
    if (result === undefined) throw new Error("expected a plan");
    return result;
  }

  it("does not plan for a phone with enough time left", () => {
    const result = planRenewal({
      phoneId: "phone-1",
      expireTime: at("2026-05-31T23:59:59+08:00"),
      now: at("2026-04-01T00:00:00+08:00"),
      period: monthly,
      renewBefore: "P30D",
    });
    expect(result).to.equal(undefined);
  });

  it("renews a phone in its grace period from its original expiry, not from now", () => {
    const result = plan({
      expireTime: at("2026-03-15T23:59:59+08:00"),
      now: at("2026-03-25T10:00:00+08:00"),
    });
    expect(result.from.toISO()).to.equal("2026-03-15T23:59:59.000+08:00");
    // One month reaches Apr 15, only 21 days after now: two are needed.
    expect(result.periodCount).to.equal(2);
    expect(result.to.toISO()).to.equal("2026-05-15T23:59:59.000+08:00");
  });

  it('lines up with the last day of the month ("last")', () => {
    const result = plan({
      expireTime: at("2026-01-15T23:59:59+08:00"),
      now: at("2026-01-01T00:00:00+08:00"),
      renewalDay: "last",
    });
    expect(result.to.toISO()).to.equal("2026-02-28T23:59:59.000+08:00");
    expect(result.extraDays).to.equal(13);
  });

  it("ends February on its last day, in leap years too", () => {
    for (const [year, last] of [
      [2026, 28],
      [2028, 29],
    ]) {
      const result = plan({
        expireTime: at(`${year}-01-31T23:59:59+08:00`),
        now: at(`${year}-01-20T00:00:00+08:00`),
        renewBefore: "P15D",
      });
      expect(result.to.toISO()).to.equal(`${year}-02-${last}T23:59:59.000+08:00`);
    }
  });

  it("keeps an expiry already on the renewal day (Feb 28 with day 28)", () => {
    const result = plan({
      expireTime: at("2026-01-31T23:59:59+08:00"),
      now: at("2026-01-20T00:00:00+08:00"),
      renewBefore: "P15D",
      renewalDay: 28,
    });
    expect(result.to.toISO()).to.equal("2026-02-28T23:59:59.000+08:00");
    expect(result.extraDays).to.equal(0);
  });

  it("moves forward to the next month when the renewal day has passed (Jan 31 + 1 month, day 5)", () => {
    const result = plan({
      expireTime: at("2026-01-31T23:59:59+08:00"),
      now: at("2026-01-20T00:00:00+08:00"),
      renewBefore: "P15D",
      renewalDay: 5,
    });
    expect(result.to.toISO()).to.equal("2026-03-05T23:59:59.000+08:00");
    expect(result.extraDays).to.equal(5);
  });

  it("renews enough months to reach expireNotBefore", () => {
    const result = plan({
      expireTime: at("2026-06-30T23:59:59+08:00"),
      now: at("2026-06-01T00:00:00+08:00"),
      renewBefore: "P0D",
      expireNotBefore: "2027-01-01",
    });
    expect(result.periodCount).to.equal(7);
    expect(result.to.toISO()).to.equal("2027-01-30T23:59:59.000+08:00");
  });

  it("renews in whole multiples of the period", () => {
    const result = plan({
      expireTime: at("2026-06-30T23:59:59+08:00"),
      now: at("2026-06-01T00:00:00+08:00"),
      period: { unit: "month", count: 3 },
      renewBefore: "P150D",
    });
    expect(result).to.include({ periodUnit: "month", periodCount: 6 });
  });

  it("renews by years", () => {
    const result = plan({
      expireTime: at("2026-06-30T23:59:59+08:00"),
      now: at("2026-06-01T00:00:00+08:00"),
      period: { unit: "year", count: 1 },
      renewBefore: "P1Y",
    });
    expect(result).to.include({ periodUnit: "year", periodCount: 1 });
    expect(result.to.toISO()).to.equal("2027-06-30T23:59:59.000+08:00");
  });

  it("fails at planning when one order cannot reach the threshold, saying what to change", () => {
    expect(() =>
      plan({
        expireTime: at("2026-01-31T23:59:59+08:00"),
        now: at("2026-01-10T00:00:00+08:00"),
        period: { unit: "month", count: 5 },
        renewBefore: "P400D",
      }),
    )
      .to.throw(PlanError)
      .with.property("message")
      .that.matches(
        /^phone phone-1: the expiry must reach 2027-02-14T00:00:00\+08:00 \(renewBefore P400D from now\)/,
      )
      .and.contains("the most one order can give is 10 months")
      .and.contains("which reaches 2026-11-30T23:59:59+08:00")
      .and.contains('unit: "year"');
  });

  it("refuses a period the API does not allow", () => {
    expect(() =>
      plan({
        expireTime: at("2026-01-31T23:59:59+08:00"),
        now: at("2026-01-10T00:00:00+08:00"),
        period: { unit: "month", count: 12 },
      }),
    ).to.throw(
      PlanError,
      "phone phone-1: period 12 months is not allowed; one order renews 1-11 months or 1-3 years",
    );
  });
});
