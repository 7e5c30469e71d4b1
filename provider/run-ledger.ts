// What one run of the stack will pay: each due phone's check adds its renewal's renew-rate quote, unless the
// renewals ahead of it (cap-order.ts) and its own would pass koophone:maxRunAmount: then it is left for a later
// run. The total is held against what the account can pay, read once, when the first renewal is counted.
import { KooPhoneApiError, type KooPhoneClient } from "./client";
import type { ProviderConfiguration } from "./configuration";
import { RateResult, RenewalError } from "./renewal";
import {
  admitRenewal,
  deferredMessage,
  payableCents,
  shortBalanceMessage,
  shortfallCents,
} from "./run-budget";
import { toCents } from "./cents";

/** The account cannot pay the run (koophone:balanceCheck "fail"): nothing is ordered. */
export class BalanceShortError extends RenewalError {}

/** What a due phone's check does with its renewal: keeps it, or leaves it for a later run (no `renewal` input). */
export type LedgerDecision = "renew" | "defer";

export interface LedgerWarnings {
  /** Once per run for a topic. */
  once(topic: string, message: string): Promise<void>;
  /** Each time. */
  each(message: string): Promise<void>;
}

export class RunLedger {
  private plannedCents = 0;
  private readonly decided = new Map<string, LedgerDecision>();
  private payable: Promise<number> | undefined;

  constructor(
    private readonly client: KooPhoneClient,
    private readonly configuration: Pick<ProviderConfiguration, "balanceCheck" | "maxRunAmount">,
    private readonly warnings: LedgerWarnings,
  ) {}

  /** Prices are needed at check only when something uses them: the cap, or the balance check. */
  get active(): boolean {
    return this.configuration.maxRunAmount !== undefined || this.balanceCheck !== "off";
  }

  /** The run's planned total so far, in cents of the quotes' currency. */
  get planned(): number {
    return this.plannedCents;
  }

  /** The cap, when the run has one: what the renewals ahead of a phone cost matters then only. */
  get capped(): boolean {
    return this.configuration.maxRunAmount !== undefined;
  }

  /**
   * Counts a due phone's renewal at its quote, or defers it when `aheadCents` (what the renewals ahead of it cost)
   * and its own pass the cap. Rejects with BalanceShortError when the run's total passes what the account can pay
   * (balanceCheck "fail"). A phone checked again keeps its first decision.
   */
  async admit(phoneId: string, quote: RateResult | Error, aheadCents = 0): Promise<LedgerDecision> {
    const earlier = this.decided.get(phoneId);
    if (earlier !== undefined) return earlier;
    if (quote instanceof Error) {
      // The cause by its code only: the create prices the phone again and shows the message under the phone.
      await this.warnings.each(
        `${phoneId}: its renewal could not be priced (${causeCodeOf(quote)}), so the run's total and its ` +
          `balance check leave it out; up prices it again before it orders it, and says why if it cannot.`,
      );
      return this.decide(phoneId, "renew");
    }
    const amount = toCents(quote.amount);
    const cap = this.configuration.maxRunAmount;
    // The run's total too: phones of other settings (another policy) are not in this phone's line ahead.
    const before = Math.max(aheadCents, this.plannedCents);
    if (cap !== undefined && admitRenewal(before, amount, toCents(cap)).kind === "deferred") {
      await this.warnings.each(deferredMessage(phoneId, quote.currency, toCents(cap), before, amount));
      return this.decide(phoneId, "defer");
    }
    this.plannedCents += amount;
    this.decide(phoneId, "renew");
    await this.holdAgainstBalance(phoneId, quote.currency);
    return "renew";
  }

  private get balanceCheck() {
    return this.configuration.balanceCheck ?? "fail";
  }

  private decide(phoneId: string, decision: LedgerDecision): LedgerDecision {
    this.decided.set(phoneId, decision);
    return decision;
  }

  private async holdAgainstBalance(phoneId: string, currency: string): Promise<void> {
    const mode = this.balanceCheck;
    if (mode === "off") return;
    const payable = await this.payableCents();
    if (shortfallCents(this.plannedCents, payable) === undefined) return;
    const message = shortBalanceMessage(currency, this.plannedCents, payable, mode);
    if (mode === "warn") return this.warnings.once("balance short", message);
    throw new BalanceShortError(message, [phoneId]);
  }

  /** Read once per run; a failed read is tried again by the next check. */
  private payableCents(): Promise<number> {
    const read = (this.payable ??= this.client.accountBalances().then(payableCents));
    read.catch(() => {
      if (this.payable === read) this.payable = undefined;
    });
    return read;
  }
}

/** The Billing Center code behind a failed quote (the error's or its cause's), else the kind of error. */
function causeCodeOf(error: Error): string {
  const api = error instanceof KooPhoneApiError ? error : error.cause;
  if (api instanceof KooPhoneApiError) return api.code ?? api.networkCode ?? api.name;
  return error.name;
}
