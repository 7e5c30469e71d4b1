import { providerHandle } from "./provider-loader";

/**
 * A KooPhoneSubscription's provider. This module is the object (`export =`) and the package exports the module, so
 * the state stores `require("pulumi-koophone/sdk/subscription-provider-handle")` per resource (a few hundred
 * bytes, no credential) rather than the code.
 */
export = providerHandle("subscription");
