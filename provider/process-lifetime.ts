import { connect } from "node:net";
import { AsyncMethods, wrapMethods } from "./method-wrapper";

/**
 * The dynamic provider process serves the engine over gRPC and never exits by itself: when the CLI is killed, it
 * would run forever. It watches its engine instead, and once the engine is gone it lets the calls under way
 * finish (a renewal being paid completes and its outcome stays in Billing Center), then exits. Its state is the
 * process's, on purpose: one engine and one count of calls under way, whatever the number of runtimes in it.
 */

let callsInFlight = 0;
const drainedListeners: (() => void)[] = [];

/** The provider, with its calls counted while they run. */
export function countCallsInFlight<P extends AsyncMethods>(provider: P): P {
  return wrapMethods(provider, async (_method, call) => {
    callsInFlight += 1;
    try {
      return await call();
    } finally {
      callsInFlight -= 1;
      if (callsInFlight === 0) drainedListeners.splice(0).forEach((listener) => listener());
    }
  });
}

export function inFlight(): number {
  return callsInFlight;
}

/** Resolves once no call is under way. */
function drained(): Promise<void> {
  return callsInFlight === 0 ? Promise.resolve() : new Promise((resolve) => drainedListeners.push(resolve));
}

export interface EngineAddress {
  host: string;
  port: number;
}

/**
 * The engine's address among the plugin's arguments: the host passes it last, after optional `--logtostderr`,
 * `-v=N` and `--tracing <endpoint>`.
 */
export function engineAddressIn(args: readonly string[]): EngineAddress | undefined {
  const last = args.at(-1);
  const match = last === undefined ? null : /^\[?([^\]\s/]+?)\]?:(\d{1,5})$/.exec(last);
  if (!match || (args.length >= 2 && args.at(-2) === "--tracing")) return undefined;
  return { host: match[1], port: Number(match[2]) };
}

/** Does anything still accept connections at the engine's address? Only a refusal counts as gone. */
export function engineAnswers(address: EngineAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const settle = (alive: boolean): void => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => settle(true));
    socket.once("connect", () => settle(true));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(error.code !== "ECONNREFUSED"));
  });
}

export interface LifetimeOptions {
  address: EngineAddress;
  /** How often the engine is looked for. */
  probeEveryMs: number;
  /** The longest the calls under way may take once the engine is gone; past it they are abandoned. */
  drainLimitMs: number;
  /** The parent's pid now, and how to read it later: a new parent means the engine process died. */
  parentPid: () => number;
  exit: (code: number) => void;
  log: (line: string) => void;
}

/** Watches the engine; returns a function that stops watching. Timers never keep the process alive. */
export function watchEngine(options: LifetimeOptions): () => void {
  const firstParent = options.parentPid();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const engineGone = async (): Promise<boolean> =>
    options.parentPid() !== firstParent || !(await engineAnswers(options.address, options.probeEveryMs));

  const wrapUp = async (): Promise<void> => {
    const pending = inFlight();
    options.log(
      `the Pulumi engine is gone; ${pending === 0 ? "no call is under way" : `finishing ${pending} call(s) under way`}, then exiting`,
    );
    let limit: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      drained().then(() => "finished" as const),
      new Promise<"abandoned">((resolve) => {
        limit = setTimeout(() => resolve("abandoned"), options.drainLimitMs);
      }),
    ]);
    clearTimeout(limit);
    if (outcome === "abandoned") {
      options.log(`abandoning ${inFlight()} call(s) still under way after ${options.drainLimitMs} ms`);
    }
    options.exit(0);
  };

  const probe = async (): Promise<void> => {
    if (stopped) return;
    if (await engineGone()) {
      stopped = true;
      await wrapUp();
      return;
    }
    if (!stopped) timer = setTimeout(() => void probe(), options.probeEveryMs).unref();
  };
  timer = setTimeout(() => void probe(), options.probeEveryMs).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

const PROBE_EVERY_MS = 2_000;
/** Each HTTP attempt is bounded by the client's timeout and retries by their budgets; this bounds the rest. */
const DRAIN_LIMIT_MS = 5 * 60_000;
let watching = false;

/**
 * Once the engine is gone, so is the reader of this process's stdout and stderr: a write fails with EPIPE, and
 * that error, unhandled, reaches the host's uncaught-error handler, which writes it to stderr: a loop that burns a
 * core and memory and starves every timer. Write errors on these streams are therefore dropped.
 */
function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
}

/**
 * Starts watching the engine whose address this process got as its last argument (the dynamic provider host);
 * does nothing in any other process, or when already watching.
 */
export function exitWhenEngineGone(): void {
  const address = engineAddressIn(process.argv.slice(2));
  if (watching || address === undefined) return;
  watching = true;
  ignoreClosedOutput();
  watchEngine({
    address,
    probeEveryMs: PROBE_EVERY_MS,
    drainLimitMs: DRAIN_LIMIT_MS,
    parentPid: () => process.ppid,
    exit: (code) => process.exit(code),
    // Nobody reads this process's output any more.
    log: () => undefined,
  });
}
