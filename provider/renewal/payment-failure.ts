import {
  InsufficientBalanceError,
  KooPhoneApiError,
  KooPhoneClient,
  OrderStateError,
  UnknownOutcomeError,
} from "../client";
import { PaidRenewalError, RenewalError } from "./errors";
import { cancelUnlessPaid, PaymentUnknownError } from "./order-gateway";

/**
 * What a failed payment means for the phones of the order, as an error that says what to do; undefined when the
 * order turned out paid after all. Too little balance cancels an order this run placed, so that it does not hold
 * the phones; an order found unpaid (an interrupted run's, or placed in the console) is someone's to decide and is
 * left for the next run to pay.
 */
export async function paymentFailure(
  client: KooPhoneClient,
  error: unknown,
  orderId: string,
  phoneIds: string[],
  placedNow: boolean,
): Promise<Error | undefined> {
  const phones = phoneIds.join(", ");
  if (error instanceof PaymentUnknownError) {
    return new PaidRenewalError(
      `renewal order ${orderId} for ${phones} may have been paid: ${error.message}. Run pulumi up again: it ` +
        `looks the order up and records it, or pays it if it is still unpaid; it never renews twice.`,
      phoneIds,
      [orderId],
      false,
    );
  }
  if (error instanceof InsufficientBalanceError && !placedNow) {
    return new RenewalError(
      `insufficient balance to pay renewal order ${orderId} for ${phones} (${error.code}); that order was found ` +
        `unpaid, not placed by this run, and is left as it is: it holds the phones. Top up the account and run ` +
        `pulumi up again: it pays that order; or cancel it in the Billing Center (Orders > My Orders).`,
      phoneIds,
      error.code,
    );
  }
  if (error instanceof InsufficientBalanceError) {
    const cancelled = await cancelUnlessPaid(client, orderId).catch(() => undefined);
    if (cancelled === "paid") return undefined;
    const left =
      cancelled === "cancelled"
        ? "the unpaid order was cancelled"
        : "the unpaid order could not be cancelled and holds the phones until it is paid or cancelled";
    return new RenewalError(
      `insufficient balance to pay renewal order ${orderId} for ${phones} (${error.code}); ${left}. ` +
        `Top up the account and run pulumi up again.`,
      phoneIds,
      error.code,
    );
  }
  if (error instanceof UnknownOutcomeError) {
    return new RenewalError(
      `the payment of renewal order ${orderId} for ${phones} got no answer and the order is still unpaid; ` +
        `run pulumi up again: it pays that order, it does not order again`,
      phoneIds,
      error.code,
    );
  }
  if (error instanceof OrderStateError) {
    return new RenewalError(
      `renewal order ${orderId} for ${phones} can no longer be paid (${error.code}: cancelled or past its ` +
        `payment deadline); run pulumi up again: it orders anew for the phones still not covered`,
      phoneIds,
      error.code,
    );
  }
  if (error instanceof KooPhoneApiError) {
    return new RenewalError(
      `payment of renewal order ${orderId} for ${phones} failed: ${error.message}`,
      phoneIds,
      error.code,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
