import type * as pulumi from "@pulumi/pulumi";
import { Implementation, load } from "./provider-loader";

type Subscription = Implementation["subscriptionProvider"];

/**
 * A KooPhoneSubscription's provider. This module is the object (`export =`) and the package exports the module, so
 * the state stores `require("pulumi-koophone/sdk/subscription-provider-handle")` per resource (a few hundred
 * bytes, no credential) rather than the code. Each method hands its arguments on unchanged.
 */
const subscriptionProviderHandle = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    load().configure((key) => req.config.get(key));
  },
  check: (...args: Parameters<Subscription["check"]>) => load().subscriptionProvider.check(...args),
  diff: (...args: Parameters<Subscription["diff"]>) => load().subscriptionProvider.diff(...args),
  create: (...args: Parameters<Subscription["create"]>) => load().subscriptionProvider.create(...args),
  read: (...args: Parameters<Subscription["read"]>) => load().subscriptionProvider.read(...args),
  update: (...args: Parameters<Subscription["update"]>) => load().subscriptionProvider.update(...args),
  delete: (...args: Parameters<Subscription["delete"]>) => load().subscriptionProvider.delete(...args),
} satisfies pulumi.dynamic.ResourceProvider;

export = subscriptionProviderHandle;
