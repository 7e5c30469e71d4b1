/** A renewal the provider refused or could not complete; names the phones, the Billing Center code and what to do. */
export class RenewalError extends Error {
  constructor(
    message: string,
    readonly phoneIds: string[],
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The money guard: the renewal would cost more than `maxOrderAmount`; nothing was ordered. */
export class MoneyGuardError extends RenewalError {
  constructor(over: { phoneId: string; amount: number; limit: number }[], currency: string) {
    const list = over
      .map((o) => `${o.phoneId} ${o.amount.toFixed(2)} ${currency} (limit ${o.limit})`)
      .join(", ");
    super(
      `maxOrderAmount exceeded, nothing was ordered for this batch: ${list}. ` +
        `Raise maxOrderAmount or shorten the period, then run pulumi up again.`,
      over.map((o) => o.phoneId),
    );
  }
}

/**
 * A failure once money has moved, or may have: names the orders that were paid (or whose payment got no answer),
 * so that the caller records them and never reports that nothing was changed.
 */
export class PaidRenewalError extends RenewalError {
  constructor(
    message: string,
    phoneIds: string[],
    /** The orders paid for these phones (or, when `paymentConfirmed` is false, perhaps paid). */
    readonly paidOrderIds: string[],
    readonly paymentConfirmed: boolean,
    code?: string,
  ) {
    super(message, phoneIds, code);
  }
}
