// startEmulator: the emulator in-process, on a port of its own.
import { promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { EmulatorAdmin } from "./admin-client";
import { clockNow, parseIsoInstant, toApiTime } from "./clock";
import { DEFAULT_CREDENTIALS, EmulatorCredentials } from "./credentials";
import { initialState } from "./initial-state";
import { RateLimiter } from "./rate-limit";
import { seedFleet } from "./seed";
import { requestListener } from "./server";
import { Store } from "./store";
import type { SeedOptions } from "./types";

export interface StartOptions {
  /** 0 (the default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the state is kept; a temporary directory (removed on stop) when absent. */
  dataDir?: string;
  /** A fleet to seed when the state is new (a restored state is left as it is). */
  seed?: SeedOptions;
  /** Default: DEFAULT_CREDENTIALS. */
  credentials?: EmulatorCredentials[];
  /** The virtual clock's start for a new state (ISO); default the real now. */
  now?: string;
  /** Calls per second per API for the account, all access keys and clients together; default 10. */
  rateLimit?: number;
}

export interface RunningEmulator {
  url: string;
  admin: EmulatorAdmin;
  dataDir: string;
  stop(): Promise<void>;
}

function startTime(now: string | undefined): string {
  if (now === undefined) return toApiTime(DateTime.utc().startOf("second"));
  const parsed = parseIsoInstant(now);
  if (!parsed) throw new Error(`startEmulator: now "${now}" is not an ISO 8601 time`);
  return toApiTime(parsed);
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "koophone-emulator-")));
  const start = startTime(opts.now);
  const { store, restored } = await Store.open(dataDir, () => initialState(start));
  const seed = opts.seed;
  if (seed && !restored) await store.mutate((s) => seedFleet(s, seed, clockNow(s)));

  const secrets = new Map((opts.credentials ?? [DEFAULT_CREDENTIALS]).map((c) => [c.accessKey, c.secretKey]));
  const stopping = new AbortController();
  const server = http.createServer(
    requestListener({
      store,
      counters: new Map(),
      throttled: new Map(),
      freshState: initialState,
      secretKeyOf: (accessKey) => secrets.get(accessKey),
      limiter: new RateLimiter(opts.rateLimit ?? 10),
      stopping: stopping.signal,
    }),
  );
  await listen(server, opts.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await store.close();
      if (ownDir) await fs.rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  return { url, admin: new EmulatorAdmin(url), dataDir, stop };
}
