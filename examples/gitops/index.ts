import * as pulumi from "@pulumi/pulumi";
import { Fleet, RenewalPolicy } from "pulumi-koophone";

// The phones under review are listed in the stack config (`gitops:phoneIds`), so that adding a phone is a pull
// request whose preview shows exactly what the merge will pay for.
const config = new pulumi.Config("gitops");

const policy = new RenewalPolicy("account", {
  renewalDay: "last",
  period: { unit: "month", count: 3 },
  renewBefore: "P45D",
  autoPay: false, // orders are paid through PayOrders, so a failed payment is visible and the order cancelled
  maxOrderAmount: 2000,
});

const fleet = new Fleet("reviewed", { policy, phoneIds: config.requireObject<string[]>("phoneIds") });

export const phoneIds = fleet.phoneIds;
