/** A renewal the provider refused or could not complete; names the phones, the BSS code and what to do. */
export class RenewalError extends Error {
  constructor(
    message: string,
    readonly phoneIds: string[],
    readonly code?: string,
  ) {
    super(message);
    this.name = "RenewalError";
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
    this.name = "MoneyGuardError";
  }
}
