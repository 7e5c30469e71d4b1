// The Billing Center's documented numbers and codes, in one table: order statuses and types, subscription statuses
// and expiry policies, and each error code with the kind of failure it is. The client, the renewal code and the
// emulator all read them from here.
import type { PeriodUnit } from "../planner/period";

/** Order `status`. */
export const ORDER_STATUS = {
  pendingApproval: 1,
  pendingRefund: 2,
  processing: 3,
  cancelled: 4,
  completed: 5,
  pendingPayment: 6,
  pendingConfirmation: 9,
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

/** Order `order_type` (the list's query parameter is a string, its answer a number). */
export const ORDER_TYPE = {
  new: 1,
  renewal: 2,
  change: 3,
  unsubscribe: 4,
  toPayPerUse: 10,
  toYearlyMonthly: 11,
} as const;
export type OrderType = (typeof ORDER_TYPE)[keyof typeof ORDER_TYPE];

/** Subscription (yearly/monthly resource) `status`. */
export const SUBSCRIPTION_STATUS = { inUse: 2, closed: 3, frozen: 4, expired: 5 } as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUS)[keyof typeof SUBSCRIPTION_STATUS];

/** Subscription `expire_policy`: what happens at expiry. There is no separate auto-renew flag. */
/** ShowCustomerAccountBalances' account_type (huaweicloudsdkbss AccountBalanceV3). */
export const ACCOUNT_TYPE = { cash: 1, credit: 2, bonus: 5, deposit: 7 } as const;

export const EXPIRE_POLICY = {
  gracePeriod: 0,
  payPerUse: 1,
  delete: 2,
  autoRenew: 3,
  freeze: 4,
  deleteFromRetention: 5,
} as const;
export type ExpirePolicy = (typeof EXPIRE_POLICY)[keyof typeof EXPIRE_POLICY];

/** The kinds of failure a code can mean; the client raises one error class per kind. */
export type FailureKind =
  | "authentication"
  | "permission"
  | "rate-limit"
  | "invalid"
  | "not-found"
  | "pending-order"
  | "insufficient-balance"
  | "order-state"
  | "server";

/** Every code the project knows, named by what it means. */
export const CODE = {
  success: "CBC.0000",
  parameterError: "CBC.0100",
  wrongSite: "CBC.0150",
  accessDenied: "CBC.0151",
  wrongSiteEndpoint: "CBC.0156",
  otherError: "CBC.0999",
  // Renew.
  notMainResource: "CBC.30010036",
  periodNotFound: "CBC.30010069",
  autoPayFailed: "CBC.30050006",
  periodValidationFailed: "CBC.99000092",
  resourceAbsent: "CBC.99003016",
  resourceInPendingOrder: "CBC.99003100",
  resourceInProcessingOrder: "CBC.99003144",
  durationOverMaximum: "CBC.99003154",
  /** Not published: the emulator's code for a phone an administrator froze. */
  resourceFrozen: "CBC.99003631",
  // Renewal price (per resource, inside an HTTP 200).
  rateNotMainResource: "CBC.30050007",
  rateNoSuchPeriod: "CBC.30050008",
  rateResourceAbsent: "CBC.30050009",
  rateResourceInPendingOrder: "CBC.30050010",
  rateResourceBeingChanged: "CBC.30050011",
  rateDuplicateIds: "CBC.30050012",
  rateRenewalNotSupported: "CBC.30050013",
  // Auto-renew.
  autoRenewResourceAbsent: "CBC.99003012",
  autoRenewNotAllowed: "CBC.99003602",
  // Orders.
  invalidOrder: "CBC.30000010",
  orderStatusChanged: "CBC.99003106",
  couponNotUsable: "CBC.99003108",
  pastPaymentDeadline: "CBC.99003110",
  insufficientBalance: "CBC.99005003",
  tooFrequent: "CBC.99008040",
  // API gateway and KooPhone.
  gatewayNoSuchApi: "APIGW.0101",
  gatewayAuthenticationFailed: "APIGW.0301",
  gatewayThrottled: "APIGW.0308",
  koophoneParameterError: "KOOPHONE.API.1000",
} as const;
export type Code = (typeof CODE)[keyof typeof CODE];

/** The kind of failure each documented error code is. */
export const FAILURE_KIND_OF_CODE: ReadonlyMap<string, FailureKind> = new Map<string, FailureKind>([
  [CODE.wrongSite, "permission"],
  [CODE.accessDenied, "permission"],
  [CODE.wrongSiteEndpoint, "permission"],
  [CODE.parameterError, "invalid"],
  [CODE.notMainResource, "invalid"],
  [CODE.periodNotFound, "invalid"],
  [CODE.periodValidationFailed, "invalid"],
  [CODE.durationOverMaximum, "invalid"],
  [CODE.autoRenewNotAllowed, "invalid"],
  [CODE.resourceFrozen, "invalid"],
  [CODE.rateNotMainResource, "invalid"],
  [CODE.rateNoSuchPeriod, "invalid"],
  [CODE.rateResourceBeingChanged, "invalid"],
  [CODE.rateDuplicateIds, "invalid"],
  [CODE.rateRenewalNotSupported, "invalid"],
  [CODE.couponNotUsable, "invalid"],
  [CODE.koophoneParameterError, "invalid"],
  [CODE.resourceAbsent, "not-found"],
  [CODE.autoRenewResourceAbsent, "not-found"],
  [CODE.rateResourceAbsent, "not-found"],
  [CODE.resourceInPendingOrder, "pending-order"],
  [CODE.rateResourceInPendingOrder, "pending-order"],
  [CODE.resourceInProcessingOrder, "pending-order"],
  [CODE.insufficientBalance, "insufficient-balance"],
  [CODE.autoPayFailed, "insufficient-balance"],
  [CODE.invalidOrder, "order-state"],
  [CODE.orderStatusChanged, "order-state"],
  [CODE.pastPaymentDeadline, "order-state"],
  [CODE.tooFrequent, "rate-limit"],
  [CODE.gatewayThrottled, "rate-limit"],
  [CODE.gatewayAuthenticationFailed, "authentication"],
  [CODE.otherError, "server"],
]);

/** Codes saying a phone is held by an order that is pending payment or in processing (renew and price). */
export const PENDING_ORDER_CODES: ReadonlySet<string> = new Set(
  [...FAILURE_KIND_OF_CODE].filter(([, kind]) => kind === "pending-order").map(([code]) => code),
);

/** "CBC.0000", "KOOPHONE.API.0000", "0" or an empty code mean success. */
export function isSuccessCode(code: string): boolean {
  return /^(?:[A-Za-z]+(?:\.[A-Za-z]+)*\.)?0*$/.test(code);
}

/** BSS `period_type` codes of a yearly/monthly renewal. */
export const PERIOD_TYPE_CODE = { month: 2, year: 3 } as const satisfies Record<PeriodUnit, number>;

/** The unit of a `period_type` code; undefined for a code that is no yearly/monthly period type. */
export function periodUnitOfCode(code: number | undefined): PeriodUnit | undefined {
  if (code === PERIOD_TYPE_CODE.month) return "month";
  if (code === PERIOD_TYPE_CODE.year) return "year";
  return undefined;
}
