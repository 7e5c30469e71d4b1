#!/usr/bin/env node
// koophone-audit: reads a `pulumi preview --json` (or stack exports), asks the cloud, writes the reports.
// Input and output only: every decision is in the modules it calls.
import { DateTime } from "luxon";
import { readFile, writeFile } from "node:fs/promises";
import { InsecureEndpointError, KooPhoneClient } from "../provider/client";
import { ConfigurationError, resolveConfiguration } from "../provider/configuration";
import { formatApiTime } from "../provider/planner/billing-time";
import { PlanError } from "../provider/planner/plan";
import { OrderHistory } from "../provider/renewal";
import { auditReport } from "./audit-report";
import {
  AuditOptions,
  ORDERS_COMMAND,
  OrdersOptions,
  USAGE,
  UsageError,
  parseAuditArgs,
  parseOrdersArgs,
} from "./cli-options";
import { CloudAnswers, askCloud } from "./cloud-facts";
import { renderHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { InputError } from "./input-error";
import { FORECAST_COMMAND, ForecastOptions, parseForecastArgs } from "./forecast-options";
import { forecast, simulateFleet } from "./forecast";
import { priceForecast, readForecastCloud } from "./forecast-cloud";
import { renderForecastHtml } from "./forecast-html";
import {
  ForecastReport,
  renderForecastCsv,
  renderForecastJson,
  renderForecastMarkdown,
} from "./forecast-report";
import { managedPhones } from "./stack-settings";
import { reconcileOrders } from "./order-reconciliation";
import { OrdersReport, renderOrdersHtml, renderOrdersJson, renderOrdersMarkdown } from "./orders-report";
import { parsePreviewJson } from "./preview-json";
import { looksLikeStackExport, parseStackExport } from "./stack-export";
import { renderUpHtml, renderUpMarkdown } from "./up-report";
import { stackSubscriptions, upRenewals } from "./up-renewals";

export interface AuditIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: AuditIo = {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses JSON for a look at its shape only; the parsers proper say what is wrong with it. */
function peek(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function writeReports(options: AuditOptions, io: AuditIo, markdown: string, html: () => string) {
  if (options.markdown === undefined) io.stdout(markdown);
  else await writeFile(options.markdown, markdown);
  if (options.html !== undefined) await writeFile(options.html, html());
}

/** The after-the-fact report: what the `up` between the two stack exports paid. */
async function reportUp(options: AuditOptions & { before: string }, io: AuditIo): Promise<void> {
  const before = parseStackExport(await readFile(options.before, "utf8"), `--before ${options.before}`);
  const after = parseStackExport(
    await readInput(
      options.input,
      io,
      "no state after up given: pass its file, or pipe `pulumi stack export` into koophone-audit",
    ),
    options.input ?? "the state after up (stdin)",
  );
  const renewals = upRenewals(before, after);
  await writeReports(options, io, renderUpMarkdown(renewals), () => renderUpHtml(renewals));
}

/** The named file, else stdin; `missing` says what to give when stdin is a terminal. */
async function readInput(file: string | undefined, io: AuditIo, missing: string): Promise<string> {
  if (file !== undefined) return readFile(file, "utf8");
  if (io.stdin.isTTY) throw new UsageError(missing);
  return readAll(io.stdin);
}

/** Orders are paid in the past: a window with no end read now takes every order paid up to now. */
const NO_END = DateTime.fromMillis(8.64e15, { zone: "utc" });

/**
 * The reconciliation of the stack's state with Billing Center: each renewal order paid in the window that renewed
 * a phone of the stack, once, and whether the state records it. Reads orders only, as the provider does.
 */
async function reportOrders(options: OrdersOptions, env: NodeJS.ProcessEnv, io: AuditIo): Promise<void> {
  const label = options.input ?? "the stack export (stdin)";
  const text = await readInput(
    options.input,
    io,
    "orders: no stack export given: pass its file, or pipe `pulumi stack export` into koophone-audit orders",
  );
  const subscriptions = stackSubscriptions(parseStackExport(text, label), label);
  const client = clientFor(options, env);
  const paid = await new OrderHistory(client).paidInWindow(options.since, options.until ?? NO_END);
  const asOf = client.serverTime();
  const report: OrdersReport = {
    window: {
      since: formatApiTime(options.since),
      ...(options.until === undefined ? {} : { until: formatApiTime(options.until) }),
      ...(asOf === undefined ? {} : { asOf: formatApiTime(asOf) }),
    },
    ...reconcileOrders(paid, subscriptions),
  };
  // With --json, stdout is the JSON's alone.
  if (options.json) io.stdout(renderOrdersJson(report));
  const markdown = renderOrdersMarkdown(report);
  if (options.markdown !== undefined) await writeFile(options.markdown, markdown);
  else if (!options.json) io.stdout(markdown);
  if (options.html !== undefined) await writeFile(options.html, renderOrdersHtml(report));
}

/**
 * The renewals a daily `up` will make over the next months, by the planner, at today's prices; and the account's
 * phones nobody manages. Reads only: the account listing, KooPhone's instances and renew-rate prices.
 */
async function reportForecast(options: ForecastOptions, env: NodeJS.ProcessEnv, io: AuditIo): Promise<void> {
  const label = options.input ?? "the stack export (stdin)";
  const text = await readInput(
    options.input,
    io,
    "forecast: no stack export given: pass its file, or pipe `pulumi stack export` into koophone-audit forecast",
  );
  const managed = managedPhones(parseStackExport(text, label), label, options.renewalDay);
  const client = clientFor(options, env);
  const cloud = await readForecastCloud(client, managed, options.unmanagedWithin, () => DateTime.utc());
  const start = (cloud.serverTime ?? DateTime.utc()).toUTC().startOf("second");
  const end = start.plus({ months: options.months });
  const simulated = planned(() => simulateFleet(cloud.phones, start, end), label);
  const prices = await priceForecast(client, simulated);
  const report: ForecastReport = {
    forecast: forecast({ simulated, ...prices, start, end }),
    unmanaged: cloud.unmanaged,
    unmanagedWithin: options.unmanagedWithin,
    notForecast: cloud.notForecast,
    renewalDayUnknown: cloud.phones.filter((p) => p.renewalDay === "unknown").map((p) => p.phoneId),
  };
  // With --json, stdout is the JSON's alone.
  if (options.json) io.stdout(renderForecastJson(report.forecast));
  const markdown = renderForecastMarkdown(report);
  if (options.markdown !== undefined) await writeFile(options.markdown, markdown);
  else if (!options.json) io.stdout(markdown);
  if (options.html !== undefined) await writeFile(options.html, renderForecastHtml(report));
  if (options.csv !== undefined) await writeFile(options.csv, renderForecastCsv(report.forecast));
}

/** The simulation; a phone no single order can cover as its settings ask fails as its check does at preview. */
function planned<T>(simulate: () => T, label: string): T {
  try {
    return simulate();
  } catch (error) {
    if (error instanceof PlanError) throw new InputError(`${label}: ${error.message}`);
    throw error;
  }
}

/** The client from the environment and the endpoint flags (the flags win, as stack config would). */
function clientFor(
  options: Pick<AuditOptions, "endpoint" | "koophoneEndpoint">,
  env: NodeJS.ProcessEnv,
): KooPhoneClient {
  const flags: Record<string, string | undefined> = {
    "koophone:endpoint": options.endpoint,
    "koophone:koophoneEndpoint": options.koophoneEndpoint,
  };
  return new KooPhoneClient(resolveConfiguration((key) => flags[key], env));
}

const NO_CLOUD: CloudAnswers = { cloud: new Map(), quotes: new Map() };

/**
 * Exit code 2: the command line, the input or the configuration must change; 1: the cloud failed. `offline` is how
 * the command runs without the cloud, when it can.
 */
function fail(error: unknown, io: AuditIo, offline?: string): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    io.stderr(`koophone-audit: ${message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof ConfigurationError || error instanceof InsecureEndpointError) {
    io.stderr(`koophone-audit: ${message}${offline === undefined ? "" : ` (${offline})`}\n`);
    return 2;
  }
  io.stderr(`koophone-audit: ${message}\n`);
  return error instanceof InputError ? 2 : 1;
}

export async function runAudit(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: AuditIo = PROCESS_IO,
): Promise<number> {
  if (argv[0] === FORECAST_COMMAND) {
    try {
      const options = parseForecastArgs(argv.slice(1));
      if (options === "help") io.stdout(USAGE);
      else await reportForecast(options, env, io);
      return 0;
    } catch (error) {
      return fail(error, io);
    }
  }
  if (argv[0] === ORDERS_COMMAND) {
    try {
      const options = parseOrdersArgs(argv.slice(1));
      if (options === "help") io.stdout(USAGE);
      else await reportOrders(options, env, io);
      return 0;
    } catch (error) {
      return fail(error, io);
    }
  }
  try {
    const options = parseAuditArgs(argv);
    if (options.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (options.before !== undefined) {
      await reportUp({ ...options, before: options.before }, io);
      return 0;
    }
    const text = await readInput(
      options.input,
      io,
      "no preview given: pass its file, or pipe `pulumi preview --json` into koophone-audit",
    );
    if (looksLikeStackExport(peek(text))) {
      throw new UsageError(
        "the input is a `pulumi stack export`, not a preview: to report what an up paid, pass the export taken " +
          "before that up with --before",
      );
    }
    const preview = parsePreviewJson(text);
    const answers = options.prices
      ? await askCloud(clientFor(options, env), preview, options.unmanagedWithin)
      : NO_CLOUD;
    const report = auditReport({
      preview,
      cloud: answers.cloud,
      quotes: answers.quotes,
      now: options.now ?? answers.serverTime ?? DateTime.now(),
      cloudAsked: options.prices,
      ...(answers.unmanaged === undefined
        ? {}
        : { unmanaged: { within: options.unmanagedWithin, phones: answers.unmanaged } }),
    });
    await writeReports(options, io, renderMarkdown(report), () => renderHtml(report));
    const unpriced = report.rows.flatMap((row) =>
      row.charge?.kind === "unpriced" ? [`${row.phoneId} (${row.charge.error})`] : [],
    );
    if (unpriced.length > 0) io.stderr(`koophone-audit: warning: not priced: ${unpriced.join("; ")}\n`);
    return 0;
  } catch (error) {
    return fail(error, io, "or run with --no-prices to skip Huawei Cloud");
  }
}

if (require.main === module) {
  runAudit(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
