import type { KooPhoneClient } from "../client";
import type { OrderedRenewal } from "./context";
import { orderCharges, OrderCharges } from "./order-gateway";
import { PhoneTimes, renewalInOrder } from "./order-lines";

/**
 * The renewals found or made in one batch, each described from its order's line item. An order's details are read
 * once per batch; when they cannot be read, the renewal is still reported (the money moved), without the amount.
 */
export class RenewalsOfBatch {
  private readonly charges = new Map<string, Promise<OrderCharges | undefined>>();

  constructor(private readonly client: KooPhoneClient) {}

  async renewed(orderId: string, reconciled: boolean, times: PhoneTimes): Promise<OrderedRenewal> {
    if (!this.charges.has(orderId)) {
      this.charges.set(
        orderId,
        orderCharges(this.client, orderId).catch(() => undefined),
      );
    }
    const charges = await this.charges.get(orderId);
    const line = charges ? renewalInOrder(charges, times) : {};
    return { kind: "renewed", orderId, reconciled, currency: charges?.currency, ...line };
  }
}
