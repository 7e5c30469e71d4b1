import { expect } from "chai";
import { DateTime, Duration } from "luxon";
import {
  Forecast,
  ForecastPhone,
  forecast,
  orderCount,
  simulateFleet,
  simulateRenewals,
} from "../../audit/forecast";
import { renderForecastCsv, renderForecastMarkdown } from "../../audit/forecast-report";
import { DEFAULT_SETTINGS, EffectiveSettings } from "../../provider/planner/settings";

// The forecast's simulation over the planner (one run a day), its prices and orders, and its CSV and Markdown.

const START = DateTime.fromISO("2026-12-03T02:00:00Z", { zone: "utc" });
const MONTHLY: EffectiveSettings = { ...DEFAULT_SETTINGS, period: { unit: "month", count: 1 } };

function phone(
  phoneId: string,
  expireTime: string,
  settings: Partial<EffectiveSettings> = {},
): ForecastPhone {
  return { phoneId, expireTime, settings: { ...MONTHLY, ...settings }, renewalDay: "none" };
}

const days = (renewals: { on: DateTime }[]) => renewals.map((r) => r.on.toISO());

describe("audit forecast: the simulation over the planner", () => {
  it("a monthly phone renews on the first daily run with less than renewBefore left, from the expiry it reached", () => {
    // Expires 2027-01-10 23:59:59 UTC+8: covered for 30 days until the run of 2026-12-12 10:00 UTC+8.
    const renewals = simulateRenewals(phone("p1", "2027-01-10T15:59:59Z"), START, START.plus({ months: 3 }));
    expect(days(renewals)).to.deep.equal([
      "2026-12-12T02:00:00.000Z",
      "2027-01-12T02:00:00.000Z",
      "2027-02-09T02:00:00.000Z",
    ]);
    expect(renewals.map((r) => [r.plan.from, r.plan.to, r.plan.periodCount])).to.deep.equal([
      ["2027-01-10T15:59:59Z", "2027-02-10T15:59:59Z", 1],
      ["2027-02-10T15:59:59Z", "2027-03-10T15:59:59Z", 1],
      ["2027-03-10T15:59:59Z", "2027-04-10T15:59:59Z", 1],
    ]);
  });

  it("lines renewals up with the renewal day, the extra days in the plan", () => {
    const renewals = simulateRenewals(
      { ...phone("p1", "2027-01-10T15:59:59Z", { renewalDay: 20 }), renewalDay: 20 },
      START,
      START.plus({ months: 2 }),
    );
    expect(renewals.map((r) => [r.plan.to, r.plan.extraDays])).to.deep.equal([
      ["2027-02-20T15:59:59Z", 10],
      ["2027-03-20T15:59:59Z", 0],
    ]);
  });

  it("an expired phone (grace period) renews at the first run, from its original expiry, by as many periods as due", () => {
    const renewals = simulateRenewals(phone("p1", "2026-11-30T15:59:59Z"), START, START.plus({ days: 1 }));
    expect(renewals.map((r) => [days([r])[0], r.plan.from, r.plan.to, r.plan.periodCount])).to.deep.equal([
      ["2026-12-03T02:00:00.000Z", "2026-11-30T15:59:59Z", "2027-01-30T15:59:59Z", 2],
    ]);
  });

  it("a yearly phone far from expiry renews nothing in the window", () => {
    const yearly = phone("p1", "2028-06-01T15:59:59Z", { period: { unit: "year", count: 1 } });
    expect(simulateRenewals(yearly, START, START.plus({ months: 12 }))).to.deep.equal([]);
  });
});

describe("audit forecast: orders, months and amounts", () => {
  it("counts orders as the provider batches: per run, period and autoPay, 10 phones an order", () => {
    const on = START;
    const month = { unit: "month" as const, count: 1 };
    const renewals = [
      ...Array.from({ length: 23 }, () => ({ on, period: month, autoPay: true })),
      { on, period: { unit: "year" as const, count: 1 }, autoPay: true },
      { on, period: month, autoPay: false },
      { on: on.plus({ days: 1 }), period: month, autoPay: true },
    ];
    expect(orderCount(renewals)).to.equal(3 + 1 + 1 + 1);
  });

  it("prices each renewal at the unit price times the periods plus the extra days pro rata; every month listed", () => {
    const phones = [
      {
        ...phone("p1", "2027-01-10T15:59:59Z", { renewalDay: 20 }),
        renewalDay: 20 as const,
        name: "store, 1",
      },
      phone("p2", "2028-06-01T15:59:59Z"),
    ];
    const unitPrices = new Map([["p1", new Map([["1 month", 12900]])]]);
    const result = forecast({
      simulated: simulateFleet(phones, START, START.plus({ months: 3 })),
      unitPrices,
      currency: "CNY",
      start: START,
      end: START.plus({ months: 3 }),
    });
    // 129.00 + 10 days at a 30th of it (43.00); then 129.00 twice.
    expect(result.phones[0].renewals.map((r) => r.amount)).to.deep.equal(["172.00", "129.00", "129.00"]);
    expect(result.months).to.deep.equal([
      { month: "2026-12", phones: 1, orders: 1, amount: "172.00" },
      { month: "2027-01", phones: 1, orders: 1, amount: "129.00" },
      { month: "2027-02", phones: 1, orders: 1, amount: "129.00" },
      { month: "2027-03", phones: 0, orders: 0, amount: "0.00" },
    ]);
    expect(result.total).to.equal("430.00");
    expect(result.phones[1]).to.deep.equal({ phoneId: "p2", name: null, renewals: [] });
    expect(Object.keys(result)).to.deep.equal(["currency", "from", "to", "months", "phones", "total"]);
    expect(Object.keys(result.phones[0].renewals[0])).to.deep.equal(["on", "from", "to", "period", "amount"]);
  });

  it("refuses a renewal it has no price for rather than counting it as free", () => {
    const run = () =>
      forecast({
        simulated: simulateFleet([phone("p1", "2027-01-10T15:59:59Z")], START, START.plus({ months: 1 })),
        unitPrices: new Map(),
        currency: "CNY",
        start: START,
        end: START.plus({ months: 1 }),
      });
    expect(run).to.throw("p1: no price for 1 month");
  });
});

describe("audit forecast: CSV and Markdown", () => {
  const sample: Forecast = {
    currency: "CNY",
    from: "2026-12-03T02:00:00Z",
    to: "2027-01-03T02:00:00Z",
    months: [
      { month: "2026-12", phones: 2, orders: 1, amount: "301.00" },
      { month: "2027-01", phones: 0, orders: 0, amount: "0.00" },
    ],
    phones: [
      {
        phoneId: "p1",
        name: 'store "north", 1',
        renewals: [
          {
            on: "2026-12-12T02:00:00Z",
            from: "2027-01-10T15:59:59Z",
            to: "2027-02-20T15:59:59Z",
            period: { unit: "month", count: 1 },
            amount: "172.00",
          },
        ],
      },
      {
        phoneId: "p2",
        name: null,
        renewals: [
          {
            on: "2026-12-12T02:00:00Z",
            from: "2027-01-20T15:59:59Z",
            to: "2027-02-20T15:59:59Z",
            period: { unit: "month", count: 1 },
            amount: "129.00",
          },
        ],
      },
    ],
    total: "301.00",
  };

  it("CSV: a header row, one row per renewal, CRLF, fields with commas or quotes quoted (RFC 4180)", () => {
    expect(renderForecastCsv(sample)).to.equal(
      "phone_id,name,renewed_on,from,to,period_unit,period_count,amount,currency\r\n" +
        'p1,"store ""north"", 1",2026-12-12T02:00:00Z,2027-01-10T15:59:59Z,2027-02-20T15:59:59Z,month,1,172.00,CNY\r\n' +
        "p2,,2026-12-12T02:00:00Z,2027-01-20T15:59:59Z,2027-02-20T15:59:59Z,month,1,129.00,CNY\r\n",
    );
  });

  it("Markdown: the summary, a row per month with the total, a row per renewal, the unmanaged phones, the run time", () => {
    const markdown = renderForecastMarkdown({
      forecast: sample,
      unmanaged: [{ phoneId: "p9", name: "lab|1", expireTime: "2026-12-20T15:59:59Z", daysLeft: 17 }],
      unmanagedWithin: Duration.fromISO("P30D"),
      notForecast: [],
      renewalDayUnknown: ["p2"],
    });
    const lines = markdown.split("\n");
    expect(lines).to.include("**2 renewals of 2 phones in 1 order: CNY 301.00**");
    expect(lines).to.include("| 2026-12 | 2 | 1 | CNY 301.00 |");
    expect(lines).to.include("| 2027-01 | 0 | 0 | CNY 0.00 |");
    expect(lines).to.include("| **Total** | | | **CNY 301.00** |");
    expect(lines).to.include(
      '| `p1` | store "north", 1 | 2026-12-12 | 2027-01-10 23:59:59 | 2027-02-20 23:59:59 | 1 month + 10 days | CNY 172.00 |',
    );
    expect(lines).to.include("### Phones nobody manages, expiring within P30D");
    expect(lines).to.include("| `p9` | lab\\|1 | 2026-12-20 23:59:59 | 17 |");
    expect(markdown).to.include("once a day at 02:00 UTC (the time this forecast was taken)");
    expect(markdown).to.include("- 1 phone (p2) planned without a renewal day: no RenewalPolicy states one");
  });
});
