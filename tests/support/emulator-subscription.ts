import type { Subscription } from "../../emulator/types";

/** An emulator subscription of one phone in use, expiring at `expireTime`: what its pricing rules take. */
export function subscriptionOf(skuCode: string, expireTime: string): Subscription {
  return {
    id: "sub",
    resourceId: "phone",
    skuCode,
    status: 2,
    statusSince: expireTime,
    effectiveTime: expireTime,
    expireTime,
    purchaseUnit: "month",
    payPerUseAfterExpiry: false,
    basePolicy: 0,
    updateTime: expireTime,
  };
}
