/** pulumi-koophone: keep Huawei Cloud KooPhone cloud-phone subscriptions paid, declaratively. */
export { RenewalPolicy } from "./renewal-policy";
export type { RenewalPolicyArgs } from "./renewal-policy";
export { KooPhoneSubscription } from "./koophone-subscription";
export type { KooPhoneSubscriptionArgs, SubscriptionSettings } from "./koophone-subscription";
export { Fleet } from "./fleet";
export type { FleetArgs } from "./fleet";
export type { Shard } from "../provider/shard";
export { listPhones } from "./list-phones";
export type { PhoneSummary } from "./list-phones";
export type { LastRenewal, PeriodArgs, RenewalDayArg, RenewalMode } from "./types";
