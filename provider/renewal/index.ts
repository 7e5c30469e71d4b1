// The renewal pipeline's surface: what the resource providers and the session use.
export { renewIfDue } from "./renew-phone";
export { findLastRenewals } from "./last-renewals";
export { orderRenewals } from "./order-renewals";
export { priceRenewals } from "./price-renewals";
export { paidOrderTotals } from "./order-gateway";
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
