// The emulator's state: what it persists, what the admin API dumps. Times are API strings
// (yyyy-MM-ddTHH:mm:ssZ, UTC); amounts are integer cents.
import type {
  ExpirePolicy,
  ORDER_TYPE,
  OrderStatus,
  SubscriptionStatus,
} from "../provider/client/billing-codes";
import type { PeriodUnit } from "../provider/planner/period";

export type { ExpirePolicy, SubscriptionStatus };

/** KooPhone `billing_mode` (its values are unpublished: the emulator's choice). */
export type BillingMode = "prePaid" | "postPaid";

/** A KooPhone instance. Its id is also the BSS resource id of its subscription. */
export interface Phone {
  instanceId: string;
  name: string;
  skuCode: string;
  billingMode: BillingMode;
  /** 0 unknown, 1 stopped, 2 running, 3 going offline, 4 starting, 5 shut down. */
  runningStatus: number;
  assignedUser?: string;
  /** Frozen by the administrator (the "frozen-phone" fault), whatever its expiry. */
  adminFrozen: boolean;
  createTime: string;
}

export interface AutoRenewSetting {
  /** How many more times auto-renew may charge; undefined = unlimited (auto_renew_times 0). */
  remaining?: number;
  periodUnit: PeriodUnit;
}

/** The yearly/monthly subscription of one phone. */
export interface Subscription {
  /** The subscription id (BSS `id`); the phone is `resourceId`. */
  id: string;
  resourceId: string;
  skuCode: string;
  status: SubscriptionStatus;
  /** When `status` last changed: the grace and retention periods are counted from it. */
  statusSince: string;
  effectiveTime: string;
  expireTime: string;
  /** The period unit of the phone's last order: auto-renew renews one of these unless told otherwise. */
  purchaseUnit: PeriodUnit;
  autoRenew?: AutoRenewSetting;
  /** to-on-demand SET_UP: switch to pay-per-use at expiry. */
  payPerUseAfterExpiry: boolean;
  /** The policy when neither auto-renew nor pay-per-use applies (0 unless seeded otherwise). */
  basePolicy: 0 | 2 | 4 | 5;
  /** When auto-renew last tried to charge and could not (it retries the next day at 03:00 UTC+8). */
  lastAutoRenewFailure?: string;
  updateTime: string;
}

export type { OrderStatus };

export interface OrderLineItem {
  lineItemId: string;
  resourceId: string;
  skuCode: string;
  periodUnit: PeriodUnit;
  periodCount: number;
  /** The expiry being extended (the renewal starts there, even in the grace period). */
  effectiveTime: string;
  /** The expiry after the renewal, aligned with the renewal day when one is set. */
  expireTime: string;
  /** Days added by the renewal-day alignment, charged pro rata. */
  extraDays: number;
  amountCents: number;
}

/** Who placed an order: the API, the console (admin consoleRenew) or auto-renew. */
export type OrderSource = "api" | "console" | "auto-renew";

export interface Order {
  orderId: string;
  status: OrderStatus;
  /** Renewal: the only type the emulator creates. */
  orderType: typeof ORDER_TYPE.renewal;
  source: OrderSource;
  createTime: string;
  paymentTime?: string;
  pendingPaymentEndTime?: string;
  /** Why a cancelled order was cancelled: by the customer, or unpaid past its deadline. */
  cancelReason?: "customer" | "deadline";
  amountCents: number;
  lineItems: OrderLineItem[];
}

/** The account renewal configuration (renew/config), as the config values were set. */
export interface AccountConfig {
  /** EXPIRE_DATE: "1".."28" or "-1"; absent until set. */
  expireDate?: string;
  /** DEDUCTION_DATE: "2".."7". */
  deductionDate: string;
}

export type FaultKind =
  "5xx" | "429" | "latency" | "reset" | "commit-then-drop" | "insufficient-balance" | "frozen-phone";

export interface Fault {
  kind: FaultKind;
  /** Short API name (see API_NAMES); absent = every API. insufficient-balance also knows "auto-renew"
   * (charges made while the clock advances) and "console". */
  api?: string;
  /** How many times it fires (default 1); -1 forever. */
  count?: number;
  /** For "latency": the delay (default 2000 ms). */
  latencyMs?: number;
  /** Only requests that mention this resource id (path or body); required for "frozen-phone". */
  resourceId?: string;
}

export interface StoredFault extends Fault {
  id: number;
  /** Firings left; -1 forever. */
  remaining: number;
}

export interface EmulatorState {
  version: 1;
  now: string;
  balanceCents: number;
  config: AccountConfig;
  phones: Phone[];
  subscriptions: Subscription[];
  orders: Order[];
  faults: StoredFault[];
  /** Source of order, line item, subscription and fault ids. */
  nextSeq: number;
}

export interface SeedOptions {
  count: number;
  /** Expiries drawn uniformly between now + min and now + max days (default [1, 90]). */
  expiryWithinDays?: [number, number];
  /** Share (0-1) of phones with auto-renew on (expire_policy 3). */
  autoRenewShare?: number;
  /** Share of phones set to switch to pay-per-use at expiry (to-on-demand SET_UP, expire_policy 1). */
  payPerUseShare?: number;
  /** Share of phones frozen because they expired 16-29 days ago (status 4, in the retention period). */
  frozenShare?: number;
  /** Share of phones billed pay-per-use from the start: KooPhone lists them, BSS has no subscription. */
  payPerUseBilledShare?: number;
  namePrefix?: string;
  rngSeed?: number;
  /** A SKU code of the catalogue (default koophone.standard.4u8g). */
  sku?: string;
  /** Sets the account balance (yuan). */
  balance?: number;
}

export interface SeededPhone {
  instanceId: string;
  resourceId: string;
  name: string;
  sku: string;
  billingMode: BillingMode;
  /** Absent for a pay-per-use billed phone. */
  expireTime?: string;
  status?: SubscriptionStatus;
  expirePolicy?: ExpirePolicy;
}

/** What `state()` returns: the wire-facing views of phones, subscriptions and orders, and the rest. */
export interface StateDump {
  now: string;
  balance: number;
  config: { EXPIRE_DATE?: string; DEDUCTION_DATE: string };
  phones: Phone[];
  subscriptions: (Subscription & { expirePolicy: ExpirePolicy; wireStatus: SubscriptionStatus })[];
  orders: Order[];
  faults: StoredFault[];
}
