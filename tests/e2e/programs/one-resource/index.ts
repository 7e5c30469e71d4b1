import * as pulumi from "@pulumi/pulumi";
import {
  KooPhoneSubscription,
  KooPhoneSubscriptionArgs,
  RenewalPolicy,
  RenewalPolicyArgs,
} from "pulumi-koophone";

// One resource whose inputs are taken as given from the stack config, wrong types included, as a program written
// in JavaScript or built from YAML could pass them: `program:resource` names the kind, `program:inputs` (JSON)
// holds the inputs.
const config = new pulumi.Config("program");
const inputs = config.requireObject<Record<string, unknown>>("inputs");

if (config.require("resource") === "RenewalPolicy") {
  new RenewalPolicy("policy", inputs as unknown as RenewalPolicyArgs);
} else {
  new KooPhoneSubscription("phone", inputs as unknown as KooPhoneSubscriptionArgs);
}
