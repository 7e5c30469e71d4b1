import type * as pulumi from "@pulumi/pulumi";

type Implementation = typeof import("../provider");
type Policy = Implementation["policyProvider"];
type Subscription = Implementation["subscriptionProvider"];

/**
 * The provider process loads the implementation by package name: the serialized provider stored per resource
 * stays a few hundred bytes, carries no credential, and picks up a fixed provider on the next run.
 */
function load(): Implementation {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time in the provider process
  return require("pulumi-koophone/provider");
}

/** Each method hands its arguments on unchanged: the implementation owns their types. */
export const policyProviderHandle = {
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

export const subscriptionProviderHandle = {
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
