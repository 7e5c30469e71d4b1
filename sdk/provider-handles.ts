import type * as pulumi from "@pulumi/pulumi";

type Implementation = typeof import("../provider");

/**
 * The provider process loads the implementation by package name: the serialized provider stored per resource
 * stays a few hundred bytes, carries no credential, and picks up a fixed provider on the next run.
 */
function load(): Implementation {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time in the provider process
  return require("pulumi-koophone/provider");
}

type Props = Record<string, unknown>;

export const policyProviderHandle: pulumi.dynamic.ResourceProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    load().configure((key) => req.config.get(key));
  },
  check: (olds: Props, news: Props) => load().policyProvider.check(olds, news),
  diff: (id: string, olds: Props, news: Props) => load().policyProvider.diff(id, olds, news),
  create: (inputs: Props) => load().policyProvider.create(inputs),
  read: (id: string, props: Props) => load().policyProvider.read(id, props),
  update: (id: string, olds: Props, news: Props) => load().policyProvider.update(id, olds, news),
  delete: () => load().policyProvider.delete(),
};

export const subscriptionProviderHandle: pulumi.dynamic.ResourceProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    load().configure((key) => req.config.get(key));
  },
  check: (olds: Props, news: Props) => load().subscriptionProvider.check(olds, news),
  diff: (id: string, olds: Props, news: Props) => load().subscriptionProvider.diff(id, olds, news),
  create: (inputs: Props) => load().subscriptionProvider.create(inputs),
  read: (id: string, props: Props) => load().subscriptionProvider.read(id, props),
  update: (id: string, olds: Props, news: Props) => load().subscriptionProvider.update(id, olds, news),
  delete: (id: string, props: Props) => load().subscriptionProvider.delete(id, props),
};
