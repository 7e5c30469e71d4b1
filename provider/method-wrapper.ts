/** An object of async methods, as a dynamic provider is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list: each method keeps its own signature
export type AsyncMethods = { [name: string]: (...args: any[]) => Promise<unknown> };

/** A copy of `target` whose every method runs through `around`, which gets the method's name and its call. */
export function wrapMethods<T extends AsyncMethods>(
  target: T,
  around: (name: string, call: () => Promise<unknown>) => Promise<unknown>,
): T {
  const wrapped = Object.fromEntries(
    Object.entries(target).map(([name, method]) => [
      name,
      (...args: unknown[]) => around(name, () => method(...args)),
    ]),
  );
  return wrapped as T;
}
