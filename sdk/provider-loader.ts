import type * as pulumi from "@pulumi/pulumi";

export type Implementation = typeof import("../provider");
type Providers = ReturnType<Implementation["configure"]>;

/**
 * The provider process loads the implementation by package name: it picks up a fixed provider on the next run,
 * and the program's process never loads it.
 */
function load(): Implementation {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time in the provider process
  return require("pulumi-koophone/provider");
}

/**
 * A dynamic resource's provider handle: the object a handle module exports. The engine calls `configure` on it
 * once per provider process, which makes the provider instance's runtime; each method hands its arguments on to
 * that runtime's provider of `kind`.
 */
export function providerHandle<Kind extends keyof Providers>(kind: Kind): pulumi.dynamic.ResourceProvider {
  let providers: Providers | undefined;
  const provider = (): Providers[Kind] => {
    if (providers === undefined) {
      throw new Error(
        "the koophone provider was called before configure: @pulumi/pulumi 3.216 or later is needed (it calls " +
          "configure on dynamic providers)",
      );
    }
    return providers[kind];
  };
  // The methods' own argument types are checked where the providers are declared (provider/resources/).
  type Method = (...args: unknown[]) => Promise<never>;
  const forward =
    (name: "check" | "diff" | "create" | "read" | "update" | "delete"): Method =>
    (...args) =>
      (provider()[name] as Method)(...args);
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      providers = load().configure((key) => req.config.get(key));
    },
    check: forward("check"),
    diff: forward("diff"),
    create: forward("create"),
    read: forward("read"),
    update: forward("update"),
    delete: forward("delete"),
  };
}
