import * as pulumi from "@pulumi/pulumi";
import { Fleet, RenewalPolicy } from "pulumi-koophone";

// One shard of the account's fleet. Stack shard-<i> of N sets koophone:shard "<i>/<N>": its Fleet manages the phones
// (named fleet:nameContains, by default "phone-") whose id hashes to shard i, and its provider makes at most
// floor(10 / N) calls a second per API, its share of the account's budget at the Billing Center gateway.
// The account's renewal configuration is one per account: shard 0 declares the RenewalPolicy that sets it, from
// koophone:renewalDay, which the other shards read for their plans.
const koophone = new pulumi.Config("koophone");
const fleetConfig = new pulumi.Config("fleet");

const settings = {
  period: { unit: "month", count: 1 },
  renewBefore: "P30D",
  mode: "manual",
  autoPay: true,
  maxOrderAmount: fleetConfig.getNumber("maxOrderAmount") ?? 500,
} as const;

const ownsAccountConfiguration = koophone.require("shard").trim().startsWith("0/");
const day = koophone.require("renewalDay");
const policy = ownsAccountConfiguration
  ? new RenewalPolicy("account", { renewalDay: day === "last" ? "last" : Number(day), ...settings })
  : undefined;

const fleet = new Fleet("fleet", {
  ...settings,
  policy,
  nameContains: fleetConfig.get("nameContains") ?? "phone-",
});

export const phoneIds = fleet.phoneIds;
