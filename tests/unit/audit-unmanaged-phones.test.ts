import { expect } from "chai";
import { DateTime, Duration } from "luxon";
import type { Instance, SubscriptionResource } from "../../provider/client";
import { unmanagedPhones } from "../../audit/unmanaged-phones";

// Which of the account's phones the reports list as nobody's: KooPhone phones in use or in grace, not managed by
// the stack, expiring within the window; soonest first.

const NOW = DateTime.fromISO("2026-12-03T02:00:00Z", { zone: "utc" });

const resource = (id: string, expire: string, status = 2) =>
  ({ id, resource_id: id, status, expire_time: expire, expire_policy: 0 }) as SubscriptionResource;
const instance = (id: string) =>
  ({
    instance_id: id,
    instance_name: `name-${id}`,
    instance_sku: "s",
    frozen_status: 0,
    billing_mode: "prePaid",
  }) as Instance;

describe("audit: phones nobody manages", () => {
  it("lists the unmanaged phones in use or in grace that expire within the window, with whole days left", () => {
    const resources = [
      resource("in-10-days", "2026-12-13T15:59:59Z"),
      resource("managed", "2026-12-05T15:59:59Z"),
      resource("in-grace", "2026-11-30T15:59:59Z", 5),
      resource("frozen", "2026-12-04T15:59:59Z", 4),
      resource("closed", "2026-12-04T15:59:59Z", 3),
      resource("in-40-days", "2027-01-12T15:59:59Z"),
      resource("not-a-phone", "2026-12-04T15:59:59Z"),
    ];
    const instances = ["in-10-days", "managed", "in-grace", "frozen", "closed", "in-40-days"].map(instance);
    const listed = unmanagedPhones({
      resources,
      instances,
      managed: new Set(["managed"]),
      now: NOW,
      within: Duration.fromISO("P30D"),
    });
    expect(listed).to.deep.equal([
      { phoneId: "in-grace", name: "name-in-grace", expireTime: "2026-11-30T15:59:59Z", daysLeft: -3 },
      { phoneId: "in-10-days", name: "name-in-10-days", expireTime: "2026-12-13T15:59:59Z", daysLeft: 10 },
    ]);
  });
});
