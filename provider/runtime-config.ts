import { ConfigLookup, ProviderConfiguration, resolveConfiguration } from "./configuration";
import { Session, sessionFor } from "./session";

// The stack config handed to `configure`; kept in this process's memory only, never in state or logs.
let lookup: ConfigLookup = () => undefined;

/** Called from the dynamic provider's `configure` with the stack's configuration. */
export function configure(config: ConfigLookup): void {
  lookup = config;
}

export function currentConfiguration(): ProviderConfiguration {
  return resolveConfiguration(lookup, process.env);
}

/** The process's session for the current configuration. */
export function currentSession(): Session {
  return sessionFor(currentConfiguration());
}
