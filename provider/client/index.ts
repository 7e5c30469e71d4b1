// The Billing Center + KooPhone client: its public surface.
export * from "./bss-schemas";
export * from "./koophone-schemas";
export * from "./errors";
export * from "./billing-codes";
export { API_NAMES, MUTATING_APIS, type ApiName } from "./api-names";
export { BATCH_LIMIT } from "./batch-limits";
export { ENDPOINTS, type Endpoint, type RetryRule, type Service } from "./endpoints";
export { KooPhoneClient, type ClientOptions } from "./koophone-client";
export { checkEndpoint, isLoopbackHost, InsecureEndpointError } from "./endpoint";
export { chunk, collectPages, PAGE_SIZE, type Page } from "./paging";
export { debugLog, verbosityOf } from "./debug-log";
export {
  SlidingWindowRateLimiter,
  sharedRateLimiter,
  type RateLimiterClock,
  type ReleaseSlot,
} from "./rate-limiter";
export { maskAccessKey, redactCredentials } from "./redaction";
export {
  backoffDelay,
  parseRetryAfter,
  DEFAULT_BACKOFF,
  DEFAULT_RETRY_LIMITS,
  MAX_RETRY_AFTER_MS,
  type BackoffOptions,
} from "./retry-policy";
export {
  signRequest,
  computeSignature,
  parseAuthorization,
  type Credentials,
  type SignableRequest,
} from "./signer";
