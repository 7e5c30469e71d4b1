import { inspect } from "node:util";
import { InsecureEndpointError } from "./client/endpoint";
import { verbosityOf } from "./client/debug-log";
import { KooPhoneApiError } from "./client/errors";
import { ConfigurationError } from "./configuration";
import { AsyncMethods, wrapMethods } from "./method-wrapper";
import { RenewalError } from "./renewal/errors";

/**
 * The failures a user causes or meets: what Billing Center or KooPhone refused or failed to do, a setting to fix,
 * a renewal the provider refused. Their messages already say what happened and what to do; anything else is a bug.
 */
const USER_ERROR_CLASSES = [KooPhoneApiError, RenewalError, ConfigurationError, InsecureEndpointError];

/** How deep to follow `cause`: a message that adds context wraps the error that says what happened. */
const MAX_CAUSE_DEPTH = 8;

/** Is this a failure the user can act on (as opposed to a bug), itself or through the error it wraps? */
export function isUserError(error: unknown): error is Error {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth <= MAX_CAUSE_DEPTH; depth += 1) {
    const candidate = current;
    if (USER_ERROR_CLASSES.some((kind) => candidate instanceof kind)) return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * A dynamic provider's partial failure (the resource exists, with these properties, but did not converge): the
 * host records it as it is, so it must reach the host untouched.
 */
function isPartialFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && "id" in error && "reasons" in error;
}

/** An error that carries only its message: what the engine shows is the message, once, with no stack frames. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
    this.stack = message;
  }
}

/**
 * The dynamic provider host (@pulumi/pulumi cmd/dynamic-provider) writes `${error}: ${error.stack}` to stderr for
 * a failed check, diff, read or delete before it answers the engine, which shows that line under the stack as well
 * as the answer under the resource. For user errors that echo carries nothing the answer lacks, so it is dropped;
 * everything else still prints. The host offers no hook for it, hence a filter on console.error matching its format.
 */
const ECHOING_METHODS = new Set(["check", "diff", "read", "delete"]);
const echoesToDrop = new Set<string>();
let echoFilterInstalled = false;

function dropHostEcho(error: Error): void {
  if (!echoFilterInstalled) {
    const print = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && echoesToDrop.delete(args[0])) return;
      print(...args);
    };
    echoFilterInstalled = true;
  }
  echoesToDrop.add(`${error}: ${error.stack}`);
}

/** What reaches the engine for an error thrown by a provider method. */
export function presentedError(method: string, error: unknown, verbosity: number): unknown {
  if (isPartialFailure(error) || !isUserError(error)) return error;
  // `-v=N` reaches plugins only under `--logflow`: then a user error's details (class, code, HTTP status, request
  // id, stack) go to stderr for a bug report. They never hold a credential.
  if (verbosity > 0) process.stderr.write(`${method} failed: ${inspect(error, { depth: 4 })}\n`);
  const presented = new UserFacingError(error.message);
  if (ECHOING_METHODS.has(method)) dropHostEcho(presented);
  return presented;
}

/** The provider, with every user error thrown by its methods turned into its message alone. */
export function presentErrors<P extends AsyncMethods>(provider: P): P {
  return wrapMethods(provider, async (method, call) => {
    try {
      return await call();
    } catch (error) {
      throw presentedError(method, error, verbosityOf(process.argv));
    }
  });
}
