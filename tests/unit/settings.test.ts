import { expect } from "chai";
import { z } from "zod";
import { parseAccountRenewalDay } from "../../provider/planner/account-renewal-day";
import { describeValue, toCheckFailures } from "../../provider/planner/check-failures";
import {
  DEFAULT_SETTINGS,
  UNKNOWN,
  checkRenewalPolicyInputs,
  checkSubscriptionArgs,
  containsUnknown,
  isUnknown,
  effectiveSettings,
  subscriptionSettings,
} from "../../provider/planner/settings";

const policy = (extra: Record<string, unknown>) => checkRenewalPolicyInputs({ renewalDay: 1, ...extra });
const subscription = (extra: Record<string, unknown>) => checkSubscriptionArgs({ phoneId: "p-1", ...extra });

function reasons(outcome: { failures: { property: string; reason: string }[] }): string[] {
  return outcome.failures.map((failure) => failure.reason);
}

/** The single failure of an outcome, checked to be at `property`. */
function onlyFailure(
  outcome: { failures: { property: string; reason: string }[] },
  property: string,
): string {
  expect(outcome.failures.map((failure) => failure.property)).to.deep.equal([property]);
  return outcome.failures[0].reason;
}

describe("settings: RenewalPolicy inputs", () => {
  it("accepts a full policy", () => {
    const inputs = {
      renewalDay: "last",
      deductionDaysBeforeExpiry: 3,
      period: { unit: "year", count: 1 },
      renewBefore: "P1M",
      mode: "auto",
      autoPay: false,
      maxOrderAmount: 1200.5,
    };
    expect(checkRenewalPolicyInputs(inputs)).to.deep.equal({ failures: [], value: inputs });
  });

  it("drops inputs it does not know (e.g. the serialized provider)", () => {
    expect(checkRenewalPolicyInputs({ renewalDay: 5, __provider: "..." }).value).to.deep.equal({
      renewalDay: 5,
    });
  });

  for (const [value, expected] of [
    [
      31,
      'renewalDay: 31 is not allowed; use 1-28 or "last" (not every month has day 31; "last" is the last day of each month)',
    ],
    [
      29,
      'renewalDay: 29 is not allowed; use 1-28 or "last" (not every month has day 29; "last" is the last day of each month)',
    ],
    [0, 'renewalDay: 0 is not allowed; use 1-28 or "last"'],
    [2.5, 'renewalDay: 2.5 is not allowed; use 1-28 or "last"'],
    ["first", 'renewalDay: "first" is not allowed; use 1-28 or "last"'],
    ["-1", 'renewalDay: "-1" is not allowed; use 1-28 or "last"'],
    [undefined, 'renewalDay: a value is required; use 1-28 or "last"'],
  ] as const) {
    it(`renewalDay ${describeValue(value)}: names the field, the value and what is allowed`, () => {
      expect(onlyFailure(checkRenewalPolicyInputs({ renewalDay: value }), "renewalDay")).to.equal(expected);
    });
  }

  for (const value of [1, 8, 3.5, "3"]) {
    it(`deductionDaysBeforeExpiry ${describeValue(value)} is refused with the range`, () => {
      expect(onlyFailure(policy({ deductionDaysBeforeExpiry: value }), "deductionDaysBeforeExpiry")).to.equal(
        `deductionDaysBeforeExpiry: ${describeValue(value)} is not allowed; use a whole number of days from 2 to 7`,
      );
    });
  }

  it("reports every failing field at once", () => {
    const outcome = checkRenewalPolicyInputs({ renewalDay: 40, deductionDaysBeforeExpiry: 9, autoPay: "no" });
    expect(outcome.failures.map((failure) => failure.property)).to.have.members([
      "renewalDay",
      "deductionDaysBeforeExpiry",
      "autoPay",
    ]);
    expect(outcome.value).to.equal(undefined);
  });

  it("refuses inputs that are not an object", () => {
    expect(onlyFailure(checkRenewalPolicyInputs(null), "")).to.equal(
      "inputs: null is not allowed; use an object of settings",
    );
  });
});

describe("settings: fleet settings (policy defaults and a subscription's own)", () => {
  describe("period", () => {
    it("accepts the API's limits", () => {
      for (const period of [
        { unit: "month", count: 1 },
        { unit: "month", count: 11 },
        { unit: "year", count: 1 },
        { unit: "year", count: 3 },
      ]) {
        expect(subscription({ period }).failures).to.deep.equal([]);
      }
    });

    for (const [period, property, expected] of [
      [
        { unit: "month", count: 12 },
        "period.count",
        'period.count: 12 months is not allowed; one order renews 1-11 months or 1-3 years (use { unit: "year", count: 1 })',
      ],
      [
        { unit: "month", count: 13 },
        "period.count",
        "period.count: 13 months is not allowed; one order renews 1-11 months or 1-3 years",
      ],
      [
        { unit: "year", count: 4 },
        "period.count",
        "period.count: 4 years is not allowed; one order renews 1-11 months or 1-3 years",
      ],
      [
        { unit: "month", count: 0 },
        "period.count",
        "period.count: 0 is not allowed; use a whole number of units; one order renews 1-11 months or 1-3 years",
      ],
      [
        { unit: "month", count: 1.5 },
        "period.count",
        "period.count: 1.5 is not allowed; use a whole number of units; one order renews 1-11 months or 1-3 years",
      ],
      [
        { unit: "month" },
        "period.count",
        "period.count: a value is required; use a whole number of units; one order renews 1-11 months or 1-3 years",
      ],
      [
        { unit: "week", count: 2 },
        "period.unit",
        'period.unit: "week" is not allowed; use "month" or "year"',
      ],
      [
        { unit: "MONTH", count: 2 },
        "period.unit",
        'period.unit: "MONTH" is not allowed; use "month" or "year"',
      ],
      ["1 month", "period", 'period: "1 month" is not allowed; use { unit: "month" | "year", count: n }'],
    ] as const) {
      it(`${describeValue(period)} is refused with the limits`, () => {
        expect(onlyFailure(subscription({ period }), property)).to.equal(expected);
      });
    }
  });

  for (const value of ["30 days", "P", "-P1D", "P1.5D", "p30d", 30]) {
    it(`renewBefore ${describeValue(value)} is named as a malformed duration`, () => {
      expect(onlyFailure(subscription({ renewBefore: value }), "renewBefore")).to.equal(
        `renewBefore: ${describeValue(value)} is not an ISO-8601 duration; use e.g. "P30D" (30 days), ` +
          `"P1M" (1 month) or "PT12H" (12 hours)`,
      );
    });
  }

  for (const value of ["next year", "2027", "2027-02-30", "31/12/2027", 20270101]) {
    it(`expireNotBefore ${describeValue(value)} is named as a malformed date`, () => {
      expect(onlyFailure(subscription({ expireNotBefore: value }), "expireNotBefore")).to.equal(
        `expireNotBefore: ${describeValue(value)} is not an ISO-8601 date; use e.g. "2027-01-01" or ` +
          `"2027-01-01T00:00:00+08:00" (without an offset, UTC+8)`,
      );
    });
  }

  it("accepts expireNotBefore dates and date-times", () => {
    for (const value of [
      "2027-01-01",
      "2027-01-01T00:00:00Z",
      "2027-01-01T08:00:00+08:00",
      "2027-01-01T08:00",
    ]) {
      expect(subscription({ expireNotBefore: value }).failures).to.deep.equal([]);
    }
  });

  describe("mode", () => {
    it("accepts the three modes", () => {
      for (const mode of ["manual", "auto", "payPerUseAfterExpiry"]) {
        expect(subscription({ mode }).failures).to.deep.equal([]);
      }
    });

    for (const value of [
      "renewalsCanceled",
      "Renewals Canceled",
      "RENEWALS_CANCELLED",
      "renewals-canceled",
      "renewalCanceled",
    ]) {
      it(`${describeValue(value)} explains that "Renewals Canceled" has no API and what to use instead`, () => {
        const reason = onlyFailure(subscription({ mode: value }), "mode");
        expect(reason).to.match(new RegExp(`^mode: ${JSON.stringify(value)} is not available: `));
        expect(reason).to.contain(`Billing Center's "Renewals Canceled" tab`);
        expect(reason).to.contain("has no API, it can only be set in the console");
        expect(reason).to.contain('Use "manual"');
        expect(reason).to.contain('"payPerUseAfterExpiry"');
      });
    }

    for (const [value, meant] of [
      ["Auto Renewals", "auto"],
      ["Manual Renewals", "manual"],
      ["Pay-per-Use After Expiration", "payPerUseAfterExpiry"],
      ["AUTO", "auto"],
    ]) {
      it(`${describeValue(value)} (a console tab name) is refused with a suggestion`, () => {
        expect(onlyFailure(subscription({ mode: value }), "mode")).to.equal(
          `mode: ${JSON.stringify(value)} is not allowed; use "manual", "auto" or "payPerUseAfterExpiry" ` +
            `(did you mean "${meant}"?)`,
        );
      });
    }

    for (const value of ["delete", 3, true]) {
      it(`${describeValue(value)} is refused with the allowed modes`, () => {
        expect(onlyFailure(subscription({ mode: value }), "mode")).to.equal(
          `mode: ${describeValue(value)} is not allowed; use "manual", "auto" or "payPerUseAfterExpiry"`,
        );
      });
    }
  });

  for (const value of ["yes", 1, "true"]) {
    it(`autoPay ${describeValue(value)} is refused`, () => {
      expect(onlyFailure(subscription({ autoPay: value }), "autoPay")).to.equal(
        `autoPay: ${describeValue(value)} is not allowed; use true or false`,
      );
    });
  }

  for (const value of [0, -5, "500", null]) {
    it(`maxOrderAmount ${describeValue(value)} is refused`, () => {
      expect(onlyFailure(subscription({ maxOrderAmount: value }), "maxOrderAmount")).to.equal(
        `maxOrderAmount: ${describeValue(value)} is not allowed; use a positive amount in CNY, e.g. 500`,
      );
    });
  }
});

describe("settings: KooPhoneSubscription inputs", () => {
  it("accepts a subscription with its policy's settings", () => {
    const inputs = {
      phoneId: "phone-1",
      policy: { renewalDay: 15, period: { unit: "month", count: 3 }, mode: "manual" },
      renewBefore: "PT12H",
      expireNotBefore: "2027-01-01",
      onDelete: "manual",
    };
    expect(checkSubscriptionArgs(inputs)).to.deep.equal({ failures: [], value: inputs });
  });

  for (const [value, expected] of [
    [undefined, "phoneId: a value is required; use the KooPhone instance id (a non-empty string)"],
    ["", 'phoneId: "" is not allowed; use the KooPhone instance id (a non-empty string)'],
    ["  ", 'phoneId: "  " is not allowed; use the KooPhone instance id (a non-empty string)'],
    [42, "phoneId: 42 is not allowed; use the KooPhone instance id (a non-empty string)"],
  ] as const) {
    it(`phoneId ${describeValue(value)} is refused`, () => {
      expect(onlyFailure(checkSubscriptionArgs({ phoneId: value }), "phoneId")).to.equal(expected);
    });
  }

  for (const value of ["delete", "unsubscribe", false]) {
    it(`onDelete ${describeValue(value)} is refused, saying nothing unsubscribes a phone`, () => {
      expect(onlyFailure(subscription({ onDelete: value }), "onDelete")).to.equal(
        `onDelete: ${describeValue(value)} is not allowed; use "retain" (stop managing, touch nothing) or ` +
          `"manual" (turn auto-renew and pay-per-use after expiry off); nothing ever unsubscribes a phone`,
      );
    });
  }

  it("names nested policy fields with their dotted path", () => {
    const outcome = subscription({ policy: { renewalDay: 30, period: { unit: "year", count: 5 } } });
    expect(outcome.failures.map((failure) => failure.property)).to.have.members([
      "policy.renewalDay",
      "policy.period.count",
    ]);
    expect(reasons(outcome)).to.include(
      "policy.period.count: 5 years is not allowed; one order renews 1-11 months or 1-3 years",
    );
  });

  it("quotes a long value shortened", () => {
    const reason = onlyFailure(subscription({ mode: "x".repeat(200) }), "mode");
    expect(reason).to.match(/^mode: "x{76}\.\.\. is not allowed/);
  });
});

describe("settings: unknown values during preview", () => {
  it("recognizes the sentinel, at any depth", () => {
    expect(isUnknown(UNKNOWN)).to.equal(true);
    expect(isUnknown("04DA6B54-80E4-46F7-96EC-B56FF0331BA9")).to.equal(false);
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).to.equal(true);
    expect(containsUnknown({ a: [1, { b: "known" }] })).to.equal(false);
  });

  it("skips every unknown field instead of failing, and keeps checking the known ones", () => {
    const outcome = checkSubscriptionArgs({
      phoneId: UNKNOWN,
      policy: UNKNOWN,
      period: { unit: "month", count: UNKNOWN },
      renewBefore: UNKNOWN,
      expireNotBefore: UNKNOWN,
      mode: UNKNOWN,
      autoPay: UNKNOWN,
      maxOrderAmount: -1,
      onDelete: UNKNOWN,
    });
    expect(reasons(outcome)).to.deep.equal([
      "maxOrderAmount: -1 is not allowed; use a positive amount in CNY, e.g. 500",
    ]);
  });

  it("gives no parsed value while anything is unknown, even when nothing fails", () => {
    expect(checkSubscriptionArgs({ phoneId: "p-1", mode: UNKNOWN })).to.deep.equal({ failures: [] });
    expect(checkRenewalPolicyInputs({ renewalDay: UNKNOWN })).to.deep.equal({ failures: [] });
    expect(checkRenewalPolicyInputs(UNKNOWN)).to.deep.equal({ failures: [] });
  });

  it("does not check a period count against an unknown unit", () => {
    expect(subscription({ period: { unit: UNKNOWN, count: 5 } })).to.deep.equal({ failures: [] });
  });

  it("still refuses a known field next to an unknown one in the same object", () => {
    expect(reasons(subscription({ period: { unit: UNKNOWN, count: 0 } }))).to.deep.equal([
      "period.count: 0 is not allowed; use a whole number of units; one order renews 1-11 months or 1-3 years",
    ]);
  });
});

describe("settings: toCheckFailures", () => {
  it("turns any zod issue into a property and a reason that names it", () => {
    const result = z.object({ a: z.object({ b: z.string() }) }).safeParse({ a: { b: 1 } });
    expect(result.success).to.equal(false);
    const failures = toCheckFailures(result.error?.issues ?? []);
    expect(failures).to.have.length(1);
    expect(failures[0].property).to.equal("a.b");
    expect(failures[0].reason).to.match(/^a\.b: /);
  });
});

describe("settings: a subscription's recorded and effective settings", () => {
  const args = (extra: Record<string, unknown>) => {
    const value = checkSubscriptionArgs({ phoneId: "p-1", ...extra }).value;
    if (value === undefined) throw new Error("valid arguments expected");
    return value;
  };

  it("applies the defaults when nothing is set", () => {
    expect(effectiveSettings(subscriptionSettings(args({})))).to.deep.equal({
      period: { unit: "month", count: 1 },
      renewBefore: "P30D",
      mode: "manual",
      autoPay: true,
      onDelete: "retain",
    });
  });

  it("records the policy's settings and renewal day flat, without the policy object or any default", () => {
    const policy = {
      renewalDay: "last",
      period: { unit: "year", count: 1 },
      renewBefore: "P60D",
      mode: "auto",
      autoPay: false,
      maxOrderAmount: 900,
    };
    expect(subscriptionSettings(args({ policy }))).to.deep.equal({ phoneId: "p-1", ...policy });
    expect(subscriptionSettings(args({}))).to.deep.equal({ phoneId: "p-1" });
  });

  it("lets the subscription's own settings win", () => {
    const own = {
      period: { unit: "month", count: 2 },
      renewBefore: "PT12H",
      expireNotBefore: "2027-01-01",
      mode: "payPerUseAfterExpiry",
      autoPay: true,
      maxOrderAmount: 50,
      onDelete: "manual",
    };
    const policy = {
      renewalDay: 10,
      period: { unit: "year", count: 1 },
      renewBefore: "P60D",
      autoPay: false,
      maxOrderAmount: 900,
    };
    expect(effectiveSettings(subscriptionSettings(args({ ...own, policy })))).to.deep.equal({
      ...own,
      renewalDay: 10,
    });
  });

  it("keeps false from the subscription over true from the policy", () => {
    const policy = { renewalDay: 1, autoPay: true };
    expect(subscriptionSettings(args({ autoPay: false, policy })).autoPay).to.equal(false);
  });

  it("lines up with the policy's day first, else the account day the configuration states, never with none", () => {
    const withPolicy = subscriptionSettings(args({ policy: { renewalDay: 10 } }));
    expect(effectiveSettings(withPolicy, 20).renewalDay).to.equal(10);
    expect(effectiveSettings(subscriptionSettings(args({})), 20).renewalDay).to.equal(20);
    expect(effectiveSettings(subscriptionSettings(args({})), "none")).to.not.have.property("renewalDay");
    expect(effectiveSettings(subscriptionSettings(args({})))).to.not.have.property("renewalDay");
  });

  it("does not share the default period object", () => {
    const effective = effectiveSettings({});
    effective.period.count = 5;
    expect(DEFAULT_SETTINGS.period.count).to.equal(1);
  });
});

describe("settings: koophone:renewalDay", () => {
  it("reads 1-28, last and none, and nothing else", () => {
    expect(["1", "28", "last", "none"].map(parseAccountRenewalDay)).to.deep.equal([1, 28, "last", "none"]);
    expect(["0", "29", "31", "-1", "first", ""].map(parseAccountRenewalDay)).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
