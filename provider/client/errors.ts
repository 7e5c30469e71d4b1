// One error class per way a Billing Center / KooPhone call can fail, each with a message that says what to do.
// Messages never hold a credential: the client redacts what the server says before it gets here.
import { FAILURE_KIND_OF_CODE, type FailureKind } from "./billing-codes";

/** What an error knows about the failed call. */
export interface ApiErrorDetails {
  /** Short API name: query, renew, rate, pay, ... */
  api: string;
  /** The Huawei error code (CBC.xxxx, APIGW.xxxx, KOOPHONE.API.xxxx), when the server gave one. */
  code?: string;
  httpStatus?: number;
  /** The answer's X-Request-Id, for Huawei's support. */
  requestId?: string;
  /** The phones (resource ids) the call was about. */
  resourceIds?: string[];
  orderId?: string;
  /** The server's own words (already redacted), or what the client found wrong before sending. */
  detail?: string;
  /** For rate limiting: how long the server asked to wait. */
  retryAfterMs?: number;
  /** For network failures: the socket error code (ECONNRESET, ECONNABORTED...). */
  networkCode?: string;
}

const MAX_IDS_IN_MESSAGE = 10;

export class KooPhoneApiError extends Error {
  readonly api: string;
  readonly code?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly resourceIds: string[];
  readonly orderId?: string;
  readonly detail?: string;
  readonly networkCode?: string;

  constructor(details: ApiErrorDetails, summary: string, advice: string) {
    super(composeMessage(details, summary, advice));
    this.name = new.target.name;
    this.api = details.api;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.resourceIds = details.resourceIds ?? [];
    this.orderId = details.orderId;
    this.detail = details.detail;
    this.networkCode = details.networkCode;
  }
}

function composeMessage(details: ApiErrorDetails, summary: string, advice: string): string {
  const ids = details.resourceIds ?? [];
  const shown = ids.slice(0, MAX_IDS_IN_MESSAGE).join(", ");
  const more = ids.length > MAX_IDS_IN_MESSAGE ? ` and ${ids.length - MAX_IDS_IN_MESSAGE} more` : "";
  const about = [
    ids.length > 0 ? `phones ${shown}${more}` : undefined,
    details.orderId !== undefined ? `order ${details.orderId}` : undefined,
  ].filter((part) => part !== undefined);
  const facts = [
    details.httpStatus !== undefined ? `HTTP ${details.httpStatus}` : undefined,
    details.code,
    details.networkCode,
    details.detail ? `"${details.detail}"` : undefined,
  ].filter((part) => part !== undefined);
  const subject = about.length > 0 ? ` (${about.join("; ")})` : "";
  const evidence = facts.length > 0 ? ` [${facts.join(", ")}]` : "";
  return `${details.api}${subject}: ${summary}${evidence}. ${advice}`;
}

export class AuthenticationError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the credentials were rejected",
      "Check koophone:accessKey and koophone:secretKey (or HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK), that a " +
        "temporary security token has not expired, and that this machine's clock is within 15 minutes of real time.",
    );
  }
}

export class PermissionError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "access denied",
      "Give the IAM user Billing Center and KooPhone permissions (e.g. BSS Administrator), and use the endpoint of " +
        "the account's site: an international account must use https://bss-intl.myhuaweicloud.com (koophone:endpoint).",
    );
  }
}

export class RateLimitError extends KooPhoneApiError {
  readonly retryAfterMs?: number;

  constructor(details: ApiErrorDetails) {
    super(
      details,
      "too many calls (the request was not carried out)",
      `Wait${details.retryAfterMs !== undefined ? ` ${Math.ceil(details.retryAfterMs / 1000)}s` : ""} and run ` +
        "again; run fewer pipelines against this account at once or lower koophone:callsPerSecond (each stack's share).",
    );
    this.retryAfterMs = details.retryAfterMs;
  }
}

export class InvalidRequestError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the request was refused as invalid",
      "Check the phone ids and the period asked for (1-11 months or 1-3 years, at most 10 phones per renewal, " +
        "main resources only, a renewal within the maximum total duration); the server's words say which field.",
    );
  }
}

export class ResourceNotFoundError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "no such subscription (absent, or expired and deleted)",
      "Check the phone ids in the stack; a phone deleted after its retention period cannot be renewed: remove it " +
        "from the stack.",
    );
  }
}

export class PendingOrderError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "an order for these phones is already pending payment or in processing",
      "Pay or cancel that order in the Billing Center (Orders > My Orders), or run again to let the provider " +
        "reconcile it; do not place another order meanwhile.",
    );
  }
}

export class InsufficientBalanceError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the account balance is insufficient",
      "Top up the account (or set up a payment method), then run again; an unpaid order stays pending until its " +
        "payment deadline and is paid on the next run.",
    );
  }
}

export class OrderStateError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the order can no longer be paid or changed",
      "Look the order up again (it may already be paid, cancelled, or past its payment deadline) and place a new " +
        "renewal order if the phones are still not covered.",
    );
  }
}

export class ServerError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the service failed or answered something unexpected",
      "Run again later; if it persists, check Huawei Cloud's service health and the endpoint configured " +
        "(koophone:endpoint, koophone:koophoneEndpoint).",
    );
  }
}

export class ConnectionError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "could not get an answer from the endpoint (nothing was changed)",
      "Check the endpoint URL, DNS, proxy settings and network access to Huawei Cloud, then run again.",
    );
  }
}

export class UnknownOutcomeError extends KooPhoneApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the request was sent but its outcome is unknown (it may have been carried out)",
      "Do not simply retry: re-read the phones' expiry and look up their recent renewal orders (pending payment or " +
        "completed) to learn whether it happened; the provider does this on its next run.",
    );
  }
}

type ErrorClass = new (details: ApiErrorDetails) => KooPhoneApiError;

const CLASS_OF_KIND: Record<FailureKind, ErrorClass> = {
  authentication: AuthenticationError,
  permission: PermissionError,
  "rate-limit": RateLimitError,
  invalid: InvalidRequestError,
  "not-found": ResourceNotFoundError,
  "pending-order": PendingOrderError,
  "insufficient-balance": InsufficientBalanceError,
  "order-state": OrderStateError,
  server: ServerError,
};

/** The error for a failed answer: by its code when documented, else by its HTTP status. */
export function errorForAnswer(details: ApiErrorDetails): KooPhoneApiError {
  const kind = details.code !== undefined ? FAILURE_KIND_OF_CODE.get(details.code) : undefined;
  return new (kind !== undefined ? CLASS_OF_KIND[kind] : errorClassFor(details.httpStatus, details.code))(
    details,
  );
}

function errorClassFor(status: number | undefined, code: string | undefined): ErrorClass {
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionError;
  if (status === 404) return ResourceNotFoundError;
  if (status === 429) return RateLimitError;
  if (status !== undefined && status >= 500) return ServerError;
  if (status !== undefined && status >= 400) return InvalidRequestError;
  // A 2xx carrying an undocumented error code was refused; one without any code is a broken answer.
  return code !== undefined ? InvalidRequestError : ServerError;
}
