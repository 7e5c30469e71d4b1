// The Billing Center + KooPhone client: its public surface.
export * from "./bss-schemas";
export * from "./koophone-schemas";
export * from "./errors";
export { KooPhoneClient, type ApiName, type ClientOptions } from "./koophone-client";
export { checkEndpoint, isLoopbackHost, InsecureEndpointError } from "./endpoint";
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
