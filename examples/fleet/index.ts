import * as pulumi from "@pulumi/pulumi";
import { Fleet, RenewalPolicy } from "pulumi-koophone";

// Every phone whose name contains `fleet:nameContains` (by default "phone-", as the emulator names the phones it
// seeds) stays paid at least 30 days ahead, renewed a month at a time, expiring on the 15th so that the whole fleet
// renews together.
const config = new pulumi.Config("fleet");

const policy = new RenewalPolicy("standard", {
  renewalDay: config.getNumber("renewalDay") ?? 15,
  period: { unit: "month", count: 1 },
  renewBefore: "P30D",
  mode: "manual",
  autoPay: true,
  maxOrderAmount: config.getNumber("maxOrderAmount") ?? 500,
});

const fleet = new Fleet("shop-floor", { policy, nameContains: config.get("nameContains") ?? "phone-" });

export const phoneIds = fleet.phoneIds;
