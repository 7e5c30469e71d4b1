// The companions a check prices with its phone: the next due phones of the listing, soonest expiry first, passing
// over those already priced (each round scans past the rounds before it) and stopping at the first covered phone.
import { expect } from "chai";
import { DateTime } from "luxon";
import { likelyNext, PHONES_PER_QUOTE_ROUND } from "../../provider/check-quotes";
import { SubscriptionResourceSchema, type SubscriptionResource } from "../../provider/client";
import { formatApiTime } from "../../provider/planner/billing-time";
import { planRenewal } from "../../provider/planner/plan";
import { planInputOf } from "../../provider/planner/planned-renewal";
import { DEFAULT_SETTINGS, EffectiveSettings } from "../../provider/planner/settings";

const NOW = DateTime.fromISO("2027-10-30T00:00:00Z", { zone: "utc" });
const SETTINGS: EffectiveSettings = { ...DEFAULT_SETTINGS, renewBefore: "P30D" };

/** A listed phone expiring `days` days from NOW. */
function phone(id: string, days: number): SubscriptionResource {
  return SubscriptionResourceSchema.parse({
    id: `sub-${id}`,
    resource_id: id,
    status: 2,
    expire_policy: 0,
    expire_time: formatApiTime(NOW.plus({ days })),
  });
}

function wantedOf(p: SubscriptionResource) {
  const plan = planRenewal(planInputOf(p.resource_id, p.expire_time, NOW, SETTINGS));
  if (plan === undefined) throw new Error(`${p.resource_id} is not due`);
  return { phoneId: p.resource_id, plan };
}

describe("likelyNext: the phones a check prices with its own", () => {
  // 120 due phones (days 1-24, 5 a day), then phones the policy leaves covered.
  const due = Array.from({ length: 120 }, (_, i) => phone(`due-${String(i).padStart(3, "0")}`, 1 + i / 5));
  const covered = [phone("covered-1", 40), phone("covered-2", 60)];
  const listing = [...due, ...covered];

  it("takes the soonest due phones not priced yet, passing over the priced ones, a round at most", () => {
    const priced = new Set(due.slice(0, 60).map((p) => p.resource_id));
    const found = likelyNext(listing, wantedOf(due[70]), NOW, SETTINGS, (id) => priced.has(id));
    const expected = due
      .slice(60)
      .filter((p) => p.resource_id !== due[70].resource_id)
      .slice(0, PHONES_PER_QUOTE_ROUND - 1)
      .map((p) => p.resource_id);
    expect(found.map((r) => r.phoneId)).to.deep.equal(expected);
  });

  it("stops at the first phone the settings leave covered", () => {
    const priced = new Set(due.slice(0, 110).map((p) => p.resource_id));
    const found = likelyNext(listing, wantedOf(due[110]), NOW, SETTINGS, (id) => priced.has(id));
    expect(found.map((r) => r.phoneId)).to.deep.equal(due.slice(111).map((p) => p.resource_id));
  });
});
