// The forecast's calls to the cloud, all reads: the managed phones' expiries and names, the account's other phones,
// and today's renew-rate price of each period the simulation orders, through the provider's own batched call.
import type { DateTime, Duration } from "luxon";
import { Batches } from "../provider/batches";
import { KooPhoneClient } from "../provider/client";
import { alignmentDay } from "../provider/planner/account-renewal-day";
import { parseApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import { unmanageableReason } from "../provider/phone-state";
import { OrderHistory } from "../provider/renewal";
import { toCents } from "../provider/cents";
import { daysPricedFrom, unitPrice } from "./charges";
import { AT_ONCE } from "./cloud-facts";
import { ForecastPhone, SimulatedPhone, UnitPrices, periodKey } from "./forecast";
import { plannedPeriod } from "./phone-changes";
import type { ManagedPhone } from "./stack-settings";
import { UnmanagedPhone, unmanagedPhones } from "./unmanaged-phones";

/** A managed phone no `up` can renew (absent or closed), and why, as its check says it. */
export interface NotForecast {
  phoneId: string;
  reason: string;
}

export interface ForecastCloud {
  phones: ForecastPhone[];
  notForecast: NotForecast[];
  unmanaged: UnmanagedPhone[];
  /** Billing Center's clock (the emulator's virtual one in tests and demos). */
  serverTime?: DateTime;
}

/** The managed phones as Billing Center and KooPhone have them now, and the account's phones nobody manages. */
export async function readForecastCloud(
  client: KooPhoneClient,
  managed: ManagedPhone[],
  unmanagedWithin: Duration,
  clock: () => DateTime,
): Promise<ForecastCloud> {
  const [resources, instances] = await Promise.all([client.allResources(), client.listAllInstances()]);
  const now = client.serverTime() ?? clock();
  const listed = new Map(resources.map((r) => [r.resource_id, r]));
  const names = new Map(instances.map((i) => [i.instance_id, i.instance_name]));
  const phones: ForecastPhone[] = [];
  const notForecast: NotForecast[] = [];
  for (const m of managed) {
    const resource = listed.get(m.phoneId);
    // The same test `check` makes: such a phone fails its check, so no `up` renews it.
    const reason = unmanageableReason(resource);
    if (resource === undefined || reason !== undefined) {
      notForecast.push({ phoneId: m.phoneId, reason: reason ?? "" });
      continue;
    }
    const name = names.get(m.phoneId);
    phones.push({
      phoneId: m.phoneId,
      ...(name === undefined ? {} : { name }),
      expireTime: resource.expire_time,
      settings: m.settings,
      renewalDay: m.renewalDay,
    });
  }
  return {
    phones,
    notForecast,
    unmanaged: unmanagedPhones({
      resources,
      instances,
      managed: new Set(managed.map((m) => m.phoneId)),
      now,
      within: unmanagedWithin,
    }),
    serverTime: now,
  };
}

/**
 * Today's price of one unit of each period each phone's simulated renewals order, in cents: renew-rate's amount
 * for that period from the phone's expiry now (with the days up to the renewal day Billing Center has, the
 * policy's) turned back into a unit price, as the preview report recovers it (charges.ts).
 */
export async function priceForecast(
  client: KooPhoneClient,
  simulated: SimulatedPhone[],
): Promise<{ unitPrices: UnitPrices; currency: string }> {
  const batches = new Batches(client, new OrderHistory(client), true, AT_ONCE);
  const currencies = new Set<string>();
  const unitPrices = new Map<string, Map<string, number>>();
  const asks = simulated.flatMap(({ phone, renewals }) => {
    const periods = new Map<string, Period>();
    for (const { plan } of renewals) periods.set(periodKey(plannedPeriod(plan)), plannedPeriod(plan));
    return [...periods.values()].map(async (period) => {
      const from = parseApiTime(phone.expireTime);
      // renew-rate asks by period only: the plan's other fields do not reach the call.
      const plan = {
        periodUnit: period.unit,
        periodCount: period.count,
        from,
        to: from,
        extraDays: 0,
        threshold: from,
      };
      const { amount, currency } = await batches.priceRenewal({ phoneId: phone.phoneId, plan });
      currencies.add(currency);
      const priced = daysPricedFrom(from, period, alignmentDay(phone.renewalDay));
      const prices = unitPrices.get(phone.phoneId) ?? new Map<string, number>();
      prices.set(periodKey(period), unitPrice(toCents(amount.toFixed(2)), period, priced));
      unitPrices.set(phone.phoneId, prices);
    });
  });
  await Promise.all(asks);
  if (currencies.size > 1)
    throw new Error(`renew-rate answered in several currencies: ${[...currencies].join(", ")}`);
  return { unitPrices, currency: [...currencies][0] ?? "CNY" };
}
