import type { ConfigLookup } from "../configuration";

/**
 * A provider instance's configuration as `configure` receives it: the engine hands every input of the provider
 * resource (the stack's `koophone:` config for the default provider, the resource's properties for an explicit one)
 * as `variables`, keyed `koophone:config:<key>`, secrets in plain text, values other than strings as JSON (a number
 * arrives as its digits, which is what the shared configuration parses).
 */
export function configLookupOf(variables: ReadonlyMap<string, string>): ConfigLookup {
  return (key) => {
    const [pkg, name] = key.split(":", 2);
    return variables.get(`${pkg}:config:${name}`);
  };
}
