// The renewal pipeline's surface: what the resource providers and the batches use.
export { renewIfDue } from "./renew-phone";
export { orderRenewals } from "./order-renewals";
export { guardedQuote, priceRenewals } from "./price-renewals";
export { OrderHistory, LOOKBACK } from "./order-history";
export type { PaidRenewalOrder } from "./order-history";
export { MoneyGuardError, PaidRenewalError, RenewalError } from "./errors";
export type {
  BatchedRenewalContext,
  LastRenewal,
  OrderTotal,
  RateRequest,
  RateResult,
  RenewalContext,
  RenewalOrderRequest,
  RenewalOrderResult,
} from "./context";
