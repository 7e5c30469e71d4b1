import { KooPhoneClient, PERIOD_TYPE_CODE } from "../client";
import type { RateRequest, RateResult } from "./context";
import { MoneyGuardError, RenewalError } from "./errors";

/**
 * A renewal priced earlier in the run (its check's quote for the run's ledger), held against its own money guard:
 * the quote itself, or a MoneyGuardError when it costs more than the phone's `maxOrderAmount`.
 */
export function guardedQuote(request: RateRequest, quote: RateResult): RateResult | MoneyGuardError {
  const limit = request.maxOrderAmount;
  if (limit === undefined || quote.amount <= limit) return quote;
  return new MoneyGuardError([{ phoneId: request.phoneId, amount: quote.amount, limit }], quote.currency);
}

/**
 * Prices up to 10 renewals of one period in one renew-rate call, then applies the money guard: when any phone
 * costs more than its `maxOrderAmount`, every phone of the batch fails and nothing of it is ordered.
 */
export async function priceRenewals(
  client: KooPhoneClient,
  requests: RateRequest[],
): Promise<(RateResult | Error)[]> {
  const { periodUnit, periodCount } = requests[0].plan;
  const response = await client.renewRate({
    resource_ids: requests.map((r) => r.phoneId),
    period_type: PERIOD_TYPE_CODE[periodUnit],
    period_num: periodCount,
    include_relative_resources: true,
  });
  const currency = response.currency || "CNY";
  const amounts = new Map(response.renew_inquiry_results.map((r) => [r.resource_id, Number(r.amount)]));
  const failures = new Map((response.fail_resource_infos ?? []).map((f) => [f.resource_id, f]));

  const over = requests
    .filter((r) => r.maxOrderAmount !== undefined && (amounts.get(r.phoneId) ?? 0) > r.maxOrderAmount)
    .map((r) => ({ phoneId: r.phoneId, amount: amounts.get(r.phoneId) ?? 0, limit: r.maxOrderAmount ?? 0 }));
  if (over.length > 0) {
    const guard = new MoneyGuardError(over, currency);
    return requests.map(() => guard);
  }
  return requests.map((r) => {
    const failure = failures.get(r.phoneId);
    if (failure !== undefined) {
      return new RenewalError(
        `cannot price the renewal of ${r.phoneId}: ${failure.error_code} ${failure.error_msg}`,
        [r.phoneId],
        failure.error_code,
      );
    }
    const amount = amounts.get(r.phoneId);
    if (amount === undefined || Number.isNaN(amount)) {
      return new RenewalError(`renew-rate returned no amount for ${r.phoneId}`, [r.phoneId]);
    }
    return { amount, currency };
  });
}
