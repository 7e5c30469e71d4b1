// What the renewal pipeline needs from the runtime around it: the client, the order history, the billing clock, a
// phone read, and the batch entry points where concurrent phones meet. Nothing else of the provider reaches the pipeline.
import type { DateTime } from "luxon";
import type { KooPhoneClient, SubscriptionResource } from "../client";
import type { PeriodUnit } from "../planner/period";
import type { RenewalPlan } from "../planner/plan";
import type { OrderHistory } from "./order-history";
import type { LastRenewal, OrderTotal } from "./records";

export type { LastRenewal, OrderTotal };

export interface RenewalContext {
  readonly client: KooPhoneClient;
  /** What orders hold or renewed which phones: the one place that answers it. */
  readonly history: OrderHistory;
  /** The billing clock: Billing Center's time, so that plans agree with it. */
  now(): DateTime;
  /** A phone's subscription as it is now; undefined when Billing Center does not list it. */
  readPhone(phoneId: string): Promise<SubscriptionResource | undefined>;
  /** What these paid renewal orders, created since `createdSince`, charged in all; an order not listed is left out. */
  orderTotals(orderIds: string[], createdSince: DateTime): Promise<Map<string, OrderTotal>>;
}

/** A renewal context whose prices and orders go through batches shared by the phones of one deployment. */
export interface BatchedRenewalContext extends RenewalContext {
  priceRenewal(request: RateRequest): Promise<RateResult>;
  orderRenewal(request: RenewalOrderRequest): Promise<RenewalOrderResult>;
}

export interface RateRequest {
  phoneId: string;
  plan: RenewalPlan;
  maxOrderAmount?: number;
}

export interface RateResult {
  amount: number;
  currency: string;
}

export interface RenewalOrderRequest {
  phoneId: string;
  plan: RenewalPlan;
  autoPay: boolean;
  /** What renew-rate priced this renewal at; when an order's total is its phones' quotes, no order is read. */
  quote?: RateResult;
}

/** What renewed the phone, as its order says (the line item matched to the phone). */
export interface OrderedRenewal {
  kind: "renewed";
  orderId: string;
  /** What Billing Center charged for this phone, pro-rata days included; undefined when the order did not say. */
  amount?: number;
  currency?: string;
  /** The renewal as the order's line item has it; undefined when no line item could be matched. */
  period?: { unit: PeriodUnit; count: number };
  from?: string;
  to?: string;
}

/** The phone was covered by a renewal that no order found in scope explains (the console, auto-renew). */
export interface CoveredElsewhere {
  kind: "covered";
}

export type RenewalOrderResult = OrderedRenewal | CoveredElsewhere;
