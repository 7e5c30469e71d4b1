import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Forecast } from "../../audit/forecast";
import { POLICY_TYPE, SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { RunningEmulator, startEmulator } from "../../emulator";
import { runAuditCaptured } from "../support/audit-run";
import { providerRuns, SHORT_WINDOWS } from "./provider-fixture";
import { Declared, ModelStack } from "./stack-model";

// The proof that the forecast is what `up` will do: the 12-month forecast of a small fleet of mixed periods and
// expiries, then a year of daily `up`s (the providers in-process, over HTTP to the emulator, its clock moved a day
// at a time, prices unchanged): the renewals Billing Center completed, their days, periods, from and to, the
// orders and the total paid equal the forecast to the cent. Then with a renewal-day change and a per-phone period
// override mid-year, the forecast taken after the change.

/** 10:00 in the billing zone: the daily runs happen at this time of day, as the forecast assumes. */
const NOW = "2026-12-03T02:00:00Z";
const FAST = { ...SHORT_WINDOWS, client: { callsPerSecond: 1000 } };
const DAY_MS = 24 * 3600 * 1000;

interface Renewal {
  phoneId: string;
  on: string;
  from: string;
  to: string;
  period: string;
  cents: number;
}

/** The stack's state as `pulumi stack export` prints it: each resource's type, URN, inputs and outputs. */
function stackExport(stack: ModelStack): string {
  const resources = [...stack.state].map(([name, recorded]) => {
    const type = name === "policy" ? POLICY_TYPE : SUBSCRIPTION_TYPE;
    return { urn: `urn:pulumi:dev::fleet::${type}::${name}`, type, ...recorded };
  });
  return JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });
}

function forecastRenewals(forecast: Forecast): Renewal[] {
  return forecast.phones.flatMap((phone) =>
    phone.renewals.map((r) => ({
      phoneId: phone.phoneId,
      on: r.on,
      from: r.from,
      to: r.to,
      period: `${r.period.count} ${r.period.unit}`,
      cents: Math.round(Number(r.amount) * 100),
    })),
  );
}

const byPhoneAndDay = (a: Renewal, b: Renewal) =>
  a.phoneId.localeCompare(b.phoneId) || a.on.localeCompare(b.on);

describe("the forecast is what a year of daily ups does (in-process)", function () {
  this.timeout(300_000);
  let cloud: RunningEmulator;
  let dir: string;

  beforeEach(async () => {
    cloud = await startEmulator({ now: NOW, rateLimit: 1000 });
    dir = mkdtempSync(path.join(tmpdir(), "koophone-forecast-"));
  });
  afterEach(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Twelve phones expiring over the next ten months, none in auto-renew or pay-per-use. */
  async function seedFleet(): Promise<string[]> {
    const { phones } = await cloud.admin.seed({
      count: 12,
      expiryWithinDays: [2, 300],
      rngSeed: 23,
      autoRenewShare: 0,
      payPerUseShare: 0,
      frozenShare: 0,
      balance: 10_000_000,
    });
    return phones.map((p) => p.resourceId).sort();
  }

  async function takeForecast(stack: ModelStack): Promise<Forecast> {
    const file = path.join(dir, "export.json");
    writeFileSync(file, stackExport(stack));
    const { code, out, err } = await runAuditCaptured([
      "forecast",
      file,
      "--json",
      "--endpoint",
      cloud.url,
      "--koophone-endpoint",
      cloud.url,
    ]);
    expect(err).to.equal("");
    expect(code).to.equal(0);
    return JSON.parse(out) as Forecast;
  }

  /** One `up` a day at the forecast's time of day, the clock moved a day between them, until the window's end. */
  async function dailyUps(stack: ModelStack, forecast: Forecast): Promise<void> {
    expect(await cloud.admin.getClock()).to.equal(forecast.from);
    const end = Date.parse(forecast.to);
    for (let now = Date.parse(forecast.from); now < end; now += DAY_MS) {
      const result = await stack.up();
      expect(result.errors, new Date(now).toISOString()).to.deep.equal([]);
      await cloud.admin.advanceClock({ days: 1 });
    }
  }

  async function orderIds(): Promise<Set<string>> {
    return new Set((await cloud.admin.state()).orders.map((o) => o.orderId));
  }

  /** The renewals Billing Center completed through the API, but for the orders `before` holds; orders per month. */
  async function paidAfter(
    before: Set<string>,
  ): Promise<{ renewals: Renewal[]; orders: Map<string, number> }> {
    const state = await cloud.admin.state();
    const orders = state.orders.filter((o) => o.source === "api" && o.status === 5 && !before.has(o.orderId));
    const perMonth = new Map<string, number>();
    const renewals = orders.flatMap((order) => {
      const month = new Date(Date.parse(order.createTime) + 8 * 3600 * 1000).toISOString().slice(0, 7);
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
      return order.lineItems.map((item) => ({
        phoneId: item.resourceId,
        on: order.createTime,
        from: item.effectiveTime,
        to: item.expireTime,
        period: `${item.periodCount} ${item.periodUnit}`,
        cents: item.amountCents,
      }));
    });
    return { renewals, orders: perMonth };
  }

  function expectForecastMet(forecast: Forecast, paid: { renewals: Renewal[]; orders: Map<string, number> }) {
    const forecastRows = forecastRenewals(forecast).sort(byPhoneAndDay);
    expect(paid.renewals.sort(byPhoneAndDay)).to.deep.equal(forecastRows);
    const total = paid.renewals.reduce((sum, r) => sum + r.cents, 0);
    expect((total / 100).toFixed(2)).to.equal(forecast.total);
    const forecastOrders = forecast.months.filter((m) => m.orders > 0).map((m) => [m.month, m.orders]);
    expect([...paid.orders].sort()).to.deep.equal(forecastOrders);
  }

  it("a fleet of mixed periods: the renewals, days, periods, orders and total of a year equal the forecast", async () => {
    const ids = await seedFleet();
    const declared: Declared = {
      policy: { renewalDay: 20, period: { unit: "month", count: 1 }, renewBefore: "P30D" },
      fleet: { phoneIds: ids },
      overrides: {
        [ids[0]]: { period: { unit: "year", count: 1 } },
        [ids[1]]: { period: { unit: "year", count: 1 } },
        [ids[2]]: { period: { unit: "month", count: 3 } },
        [ids[3]]: { period: { unit: "month", count: 3 }, renewBefore: "P45D" },
        // Auto-renew on, or pay-per-use after expiry: the provider renews them all the same, before Billing Center.
        [ids[4]]: { mode: "auto" },
        [ids[5]]: { mode: "payPerUseAfterExpiry" },
      },
    };
    const stack = new ModelStack(
      providerRuns(() => cloud, FAST),
      declared,
    );
    expect((await stack.up()).errors).to.deep.equal([]);
    const forecast = await takeForecast(stack);
    const before = await orderIds();
    expect(forecast.from).to.equal(NOW);
    expect(forecast.to).to.equal("2027-12-03T02:00:00Z");
    const rows = forecastRenewals(forecast);
    expect(new Set(rows.map((r) => r.period))).to.deep.equal(new Set(["1 month", "3 month", "1 year"]));
    expect(new Set(rows.map((r) => r.phoneId)).size).to.equal(ids.length);
    await dailyUps(stack, forecast);
    expectForecastMet(forecast, await paidAfter(before));
    const state = await cloud.admin.state();
    expect(
      state.orders.filter((o) => o.source !== "api"),
      "no renewal outside the stack",
    ).to.deep.equal([]);
  });

  it("after a renewal-day change and a per-phone period override mid-year, the forecast taken then holds", async () => {
    const ids = await seedFleet();
    const stack = new ModelStack(
      providerRuns(() => cloud, FAST),
      {
        policy: { renewalDay: 20, period: { unit: "month", count: 1 }, renewBefore: "P30D" },
        fleet: { phoneIds: ids },
        overrides: { [ids[0]]: { period: { unit: "year", count: 1 } } },
      },
    );
    for (let day = 0; day < 182; day++) {
      expect((await stack.up()).errors).to.deep.equal([]);
      await cloud.admin.advanceClock({ days: 1 });
    }
    stack.declared = {
      policy: { renewalDay: "last", period: { unit: "month", count: 1 }, renewBefore: "P30D" },
      fleet: { phoneIds: ids },
      overrides: {
        [ids[0]]: { period: { unit: "month", count: 2 } },
        [ids[5]]: { period: { unit: "year", count: 1 } },
      },
    };
    expect((await stack.up()).errors).to.deep.equal([]);
    const forecast = await takeForecast(stack);
    const before = await orderIds();
    const rows = forecastRenewals(forecast);
    expect(rows.filter((r) => r.phoneId === ids[0]).map((r) => r.period)).to.include("2 month");
    expect(rows.filter((r) => r.phoneId === ids[5]).map((r) => r.period)).to.include("1 year");
    // Every renewal lines up with the new day: the last day of the month, 23:59:59 UTC+8.
    for (const r of rows) {
      const end = new Date(Date.parse(r.to) + 8 * 3600 * 1000 + 1000);
      expect(end.getUTCDate(), `${r.phoneId} to ${r.to}`).to.equal(1);
    }
    await dailyUps(stack, forecast);
    expectForecastMet(forecast, await paidAfter(before));
  });
});
