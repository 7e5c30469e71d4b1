#!/usr/bin/env node
// koophone-emulator --port 8787 --data DIR --seed 40: the emulator as a command. Prints its URL and access key
// (never the secret key); stops cleanly on SIGINT and SIGTERM.
import { parseArgs } from "node:util";
import { DEFAULT_CREDENTIALS } from "./credentials";
import { startEmulator } from "./emulator";

const USAGE = `usage: koophone-emulator [--port 8787] [--host 127.0.0.1] [--data DIR] [--seed COUNT] [--rng-seed N]
                         [--now ISO-TIME] [--balance YUAN (with --seed)] [--rate-limit CALLS]`;

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be an integer, not "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string" },
      seed: { type: "string" },
      "rng-seed": { type: "string" },
      now: { type: "string" },
      balance: { type: "string" },
      "rate-limit": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const count = integer("seed", values.seed);
  const balance = values.balance === undefined ? undefined : Number(values.balance);
  if (balance !== undefined && !(balance >= 0)) throw new Error("--balance must be a number of yuan >= 0");
  if (balance !== undefined && count === undefined) throw new Error("--balance goes with --seed");
  const rateLimit = integer("rate-limit", values["rate-limit"]);
  if (rateLimit !== undefined && rateLimit < 1) {
    throw new Error("--rate-limit must be a whole number of calls a second per API, 1 or more");
  }
  const emulator = await startEmulator({
    port: integer("port", values.port),
    host: values.host,
    dataDir: values.data,
    now: values.now,
    rateLimit,
    seed:
      count === undefined
        ? undefined
        : {
            count,
            rngSeed: integer("rng-seed", values["rng-seed"]),
            autoRenewShare: 0.2,
            payPerUseShare: 0.1,
            frozenShare: 0.05,
            balance,
          },
  });
  process.stdout.write(
    [
      `KooPhone emulator listening on ${emulator.url}`,
      `  endpoint and koophoneEndpoint: ${emulator.url}`,
      `  access key: ${DEFAULT_CREDENTIALS.accessKey} (its secret key is DEFAULT_CREDENTIALS.secretKey of pulumi-koophone/emulator)`,
      `  admin API: ${emulator.url}/_emulator/ (loopback only)`,
      `  data: ${emulator.dataDir}`,
      "",
    ].join("\n"),
  );
  const shutdown = (signal: string): void => {
    process.stdout.write(`${signal}: stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`koophone-emulator: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`koophone-emulator: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
});
