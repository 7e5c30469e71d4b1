import type * as pulumi from "@pulumi/pulumi";
import { Implementation, load } from "./provider-loader";

type Policy = Implementation["policyProvider"];

/**
 * A RenewalPolicy's provider. This module is the object (`export =`) and the package exports the module, so the
 * state stores `require("pulumi-koophone/sdk/policy-provider-handle")` per resource (a few hundred bytes, no
 * credential) rather than the code. Each method hands its arguments on unchanged.
 */
const policyProviderHandle = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    load().configure((key) => req.config.get(key));
  },
  check: (...args: Parameters<Policy["check"]>) => load().policyProvider.check(...args),
  diff: (...args: Parameters<Policy["diff"]>) => load().policyProvider.diff(...args),
  create: (...args: Parameters<Policy["create"]>) => load().policyProvider.create(...args),
  read: (...args: Parameters<Policy["read"]>) => load().policyProvider.read(...args),
  update: (...args: Parameters<Policy["update"]>) => load().policyProvider.update(...args),
  delete: (...args: Parameters<Policy["delete"]>) => load().policyProvider.delete(...args),
} satisfies pulumi.dynamic.ResourceProvider;

export = policyProviderHandle;
