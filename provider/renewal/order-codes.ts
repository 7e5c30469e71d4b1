// The Billing Center codes and order statuses the renewal pipeline acts on, in one place.

/** Order statuses (ListCustomerOrders / ShowCustomerOrderDetails `status`). */
export const ORDER_STATUS = {
  processing: 3,
  cancelled: 4,
  completed: 5,
  pendingPayment: 6,
} as const;

/** `order_type` of a renewal order. */
export const RENEWAL_ORDER_TYPE = "2";

/** renew's per-phone codes for a phone already in an unfinished order (pending payment; processing). */
export const HELD_BY_ORDER_CODES: ReadonlySet<string> = new Set(["CBC.99003100", "CBC.99003144"]);

/** renew-rate's code for a phone in an order pending payment: it cannot be priced until that order ends. */
export const RATE_HELD_BY_ORDER_CODE = "CBC.30050010";
