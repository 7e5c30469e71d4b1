// The local KooPhone + Billing Center cloud: start it, drive it through its admin client.
export { startEmulator } from "./emulator";
export type { RunningEmulator, StartOptions } from "./emulator";
export { EmulatorAdmin, EmulatorAdminError } from "./admin-client";
export type { ClockShift, ConsoleRenewal } from "./admin-client";
export { DEFAULT_CREDENTIALS } from "./credentials";
export type { EmulatorCredentials } from "./credentials";
export { API_NAMES } from "./api-names";
export type { ApiName } from "./api-names";
export { SERVICE_TYPE_CODE, RESOURCE_TYPE_CODE, SKUS, DEFAULT_SKU } from "./catalog";
export type { Sku } from "./catalog";
export type {
  BillingMode,
  ExpirePolicy,
  Fault,
  FaultKind,
  SeedOptions,
  SeededPhone,
  StateDump,
  StoredFault,
  SubscriptionStatus,
} from "./types";
