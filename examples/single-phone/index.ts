import * as pulumi from "@pulumi/pulumi";
import { KooPhoneSubscription } from "pulumi-koophone";

// One phone, paid at least until a fixed date (e.g. the end of a contract), renewed a year at a time, switching
// to pay-per-use rather than freezing if it ever runs out.
const config = new pulumi.Config("phone");

const phone = new KooPhoneSubscription("kiosk", {
  phoneId: config.require("id"),
  period: { unit: "year", count: 1 },
  renewBefore: "P60D",
  expireNotBefore: config.get("paidUntil") ?? "2027-12-31",
  mode: "payPerUseAfterExpiry",
  maxOrderAmount: 5000,
});

export const expireTime = phone.expireTime;
