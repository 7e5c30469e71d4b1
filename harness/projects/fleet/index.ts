import * as pulumi from "@pulumi/pulumi";
import { Fleet, FleetArgs, RenewalPolicy, RenewalPolicyArgs } from "pulumi-koophone";

// One project for every fleet a test or benchmark declares: the policy's and the Fleet's arguments are JSON in
// the stack config, so a run changes the fleet with `pulumi config set`, not with a new program.
const config = new pulumi.Config("program");

const policyArgs = config.getObject<RenewalPolicyArgs>("policy");
const policy = policyArgs ? new RenewalPolicy("policy", policyArgs) : undefined;
const fleet = new Fleet("fleet", { ...config.requireObject<Omit<FleetArgs, "policy">>("fleet"), policy });

export const phoneIds = fleet.phoneIds;
