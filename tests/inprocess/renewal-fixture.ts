// A local cloud and provider runtimes' batches for in-process tests of the renewal pipeline: the emulator over real HTTP,
// no engine. Short batch windows and read retries keep each test within seconds.
import type { DateTime } from "luxon";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { SubscriptionResource } from "../../provider/client";
import { DEFAULT_SETTINGS, EffectiveSettings } from "../../provider/planner/settings";
import { LastRenewal, renewIfDue } from "../../provider/renewal";
import type { Batches } from "../../provider/batches";
import { Runtime } from "../../provider/runtime";

/** The emulator's clock at the start of every test: phones seeded to expire within days of it are due. */
export const START = "2026-03-10T04:00:00Z";

/** The price of one month of the default SKU (CNY). */
export const MONTH_PRICE = 129;

export async function startCloud(): Promise<RunningEmulator> {
  return startEmulator({ now: START, rateLimit: 1000 });
}

/**
 * A provider runtime's batches against the cloud; `timeoutMs` is per HTTP attempt, `followWindowMs` how long
 * orders and order totals wait for company (order totals at most five times it).
 */
export function newBatches(
  cloud: { url: string },
  { timeoutMs, followWindowMs = 10 }: { timeoutMs?: number; followWindowMs?: number } = {},
): Batches {
  return new Runtime(
    {
      endpoint: cloud.url,
      koophoneEndpoint: cloud.url,
      credentials: DEFAULT_CREDENTIALS,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    },
    {
      timing: { windowMs: 20, followWindowMs, maxWaitMs: 1_000 },
      client: { maxRetries: 2, retryBaseDelayMs: 20, retryMaxDelayMs: 50, callsPerSecond: 1000 },
    },
  ).batches;
}

/** Monthly renewals 30 days ahead, paid by the pipeline (the defaults a user gets). */
export const SETTINGS: EffectiveSettings = { ...DEFAULT_SETTINGS, period: { unit: "month", count: 1 } };

/** Empties the cloud and seeds `count` phones expiring in 10 days (due under SETTINGS); their ids. */
export async function seedDuePhones(cloud: RunningEmulator, count: number): Promise<string[]> {
  await cloud.admin.reset();
  await cloud.admin.clearFaults();
  const { phones } = await cloud.admin.seed({ count, expiryWithinDays: [10, 10], balance: 100_000 });
  return phones.map((p) => p.resourceId);
}

/** The phone as Billing Center lists it now. */
export async function readPhone(session: Batches, phoneId: string): Promise<SubscriptionResource> {
  const [phone] = await session.client.queryAllResources([phoneId]);
  if (phone === undefined) throw new Error(`phone ${phoneId} is not listed`);
  return phone;
}

/** The phone as Billing Center lists it now, and when by Billing Center's clock (as a check sees it). */
export async function seenNow(
  session: Batches,
  phoneId: string,
): Promise<{ phone: SubscriptionResource; seenAt: DateTime }> {
  const phone = await readPhone(session, phoneId);
  return { phone, seenAt: session.now() };
}

/** One deployment's renewal of these phones, all at once as the engine runs them: per phone, its outcome. */
export async function renewAll(
  session: Batches,
  phoneIds: string[],
  settings: EffectiveSettings = SETTINGS,
): Promise<PromiseSettledResult<LastRenewal | undefined>[]> {
  const phones = await Promise.all(phoneIds.map((id) => readPhone(session, id)));
  return renewEach(session, phones, settings);
}

/** The renewal of phones already read (as `up` plans from its check's read). */
export function renewEach(
  session: Batches,
  phones: SubscriptionResource[],
  settings: EffectiveSettings = SETTINGS,
): Promise<PromiseSettledResult<LastRenewal | undefined>[]> {
  return Promise.allSettled(phones.map((phone) => renewIfDue(session, phone, settings)));
}

/** An unpaid monthly renewal order for these phones, as another pipeline (or an interrupted run) leaves one. */
export async function placeUnpaidOrder(cloud: RunningEmulator, phoneIds: string[]): Promise<string> {
  const answer = await newBatches(cloud).client.renew({
    resource_ids: phoneIds,
    period_type: 2,
    period_num: 1,
    is_auto_pay: 0,
  });
  return answer.order_ids[0];
}

export async function payOrder(cloud: RunningEmulator, orderId: string): Promise<void> {
  await newBatches(cloud).client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
}

/** Waits until the cloud has received `count` calls of `api` (it counts a call when it arrives). */
export async function callsArrived(cloud: RunningEmulator, api: string, count: number): Promise<void> {
  for (let waited = 0; waited < 5_000; waited += 10) {
    if (((await cloud.admin.counters())[api] ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the cloud never received ${count} ${api} calls`);
}

/** The amount each phone's line of a completed order charged (CNY), as the cloud recorded it. */
export async function chargedPerPhone(cloud: RunningEmulator, orderId: string): Promise<Map<string, number>> {
  const order = (await cloud.admin.state()).orders.find((o) => o.orderId === orderId);
  return new Map((order?.lineItems ?? []).map((item) => [item.resourceId, item.amountCents / 100]));
}

/** Paid renewal orders per phone, as the cloud recorded them (completed orders only). */
export async function paidRenewalsPerPhone(cloud: RunningEmulator): Promise<Map<string, string[]>> {
  const { orders } = await cloud.admin.state();
  const paid = new Map<string, string[]>();
  for (const order of orders.filter((o) => o.status === 5)) {
    for (const item of order.lineItems)
      paid.set(item.resourceId, [...(paid.get(item.resourceId) ?? []), order.orderId]);
  }
  return paid;
}

/** Orders still waiting for payment. */
export async function unpaidOrders(cloud: RunningEmulator): Promise<string[]> {
  const { orders } = await cloud.admin.state();
  return orders.filter((o) => o.status === 6).map((o) => o.orderId);
}

/** The value of a fulfilled outcome; fails the test with the reason of a rejected one. */
export function fulfilled<T>(outcome: PromiseSettledResult<T>): T {
  if (outcome.status === "rejected") {
    throw new Error(
      `expected success, got: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`,
    );
  }
  return outcome.value;
}

/** The reason of a rejected outcome; fails the test when it succeeded. */
export function rejected(outcome: PromiseSettledResult<unknown>): Error {
  if (outcome.status === "fulfilled")
    throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
}
