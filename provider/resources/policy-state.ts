/** The state of a RenewalPolicy, typed once: its inputs are also its outputs (Billing Center has no read API). */
import type { RenewalPolicyInputs } from "../planner/settings";

export type PolicyInputs = RenewalPolicyInputs;

/** What was applied to the account, and the defaults handed to the subscriptions that name the policy. */
export type PolicyOutputs = RenewalPolicyInputs;
