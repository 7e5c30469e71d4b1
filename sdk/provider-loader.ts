export type Implementation = typeof import("../provider");

/**
 * The provider process loads the implementation by package name: it picks up a fixed provider on the next run,
 * and the program's process never loads it.
 */
export function load(): Implementation {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time in the provider process
  return require("pulumi-koophone/provider");
}
