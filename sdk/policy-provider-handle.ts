import { providerHandle } from "./provider-loader";

/**
 * A RenewalPolicy's provider. This module is the object (`export =`) and the package exports the module, so the
 * state stores `require("pulumi-koophone/sdk/policy-provider-handle")` per resource (a few hundred bytes, no
 * credential) rather than the code.
 */
export = providerHandle("policy");
