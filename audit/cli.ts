#!/usr/bin/env node
// koophone-audit: reads a `pulumi preview --json`, asks the cloud, writes the Markdown and HTML reports.
// Input and output only: every decision is in the modules it calls.
import { DateTime } from "luxon";
import { readFile, writeFile } from "node:fs/promises";
import { InsecureEndpointError, KooPhoneClient } from "../provider/client";
import { ConfigurationError, resolveConfiguration } from "../provider/configuration";
import { auditReport } from "./audit-report";
import { AuditOptions, USAGE, UsageError, parseAuditArgs } from "./cli-options";
import { CloudAnswers, askCloud } from "./cloud-facts";
import { renderHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { InputError } from "./input-error";
import { parsePreviewJson } from "./preview-json";
import { looksLikeStackExport, parseStackExport } from "./stack-export";
import { renderUpHtml, renderUpMarkdown } from "./up-report";
import { upRenewals } from "./up-renewals";

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
  const after = parseStackExport(await readInput(options, io), options.input ?? "the state after up (stdin)");
  const renewals = upRenewals(before, after);
  await writeReports(options, io, renderUpMarkdown(renewals), () => renderUpHtml(renewals));
}

async function readInput(options: AuditOptions, io: AuditIo): Promise<string> {
  if (options.input !== undefined) return readFile(options.input, "utf8");
  if (io.stdin.isTTY) {
    throw new UsageError(
      options.before === undefined
        ? "no preview given: pass its file, or pipe `pulumi preview --json` into koophone-audit"
        : "no state after up given: pass its file, or pipe `pulumi stack export` into koophone-audit",
    );
  }
  return readAll(io.stdin);
}

/** The client from the environment and the endpoint flags (the flags win, as stack config would). */
function clientFor(options: AuditOptions, env: NodeJS.ProcessEnv): KooPhoneClient {
  const flags: Record<string, string | undefined> = {
    "koophone:endpoint": options.endpoint,
    "koophone:koophoneEndpoint": options.koophoneEndpoint,
  };
  return new KooPhoneClient(resolveConfiguration((key) => flags[key], env));
}

const NO_CLOUD: CloudAnswers = { cloud: new Map(), quotes: new Map() };

/** Exit code 2: the command line, the input or the configuration must change; 1: the cloud failed. */
function fail(error: unknown, io: AuditIo): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    io.stderr(`koophone-audit: ${message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof ConfigurationError || error instanceof InsecureEndpointError) {
    io.stderr(`koophone-audit: ${message} (or run with --no-prices to skip Huawei Cloud)\n`);
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
    const text = await readInput(options, io);
    if (looksLikeStackExport(peek(text))) {
      throw new UsageError(
        "the input is a `pulumi stack export`, not a preview: to report what an up paid, pass the export taken " +
          "before that up with --before",
      );
    }
    const preview = parsePreviewJson(text);
    const answers = options.prices ? await askCloud(clientFor(options, env), preview) : NO_CLOUD;
    const report = auditReport({
      preview,
      cloud: answers.cloud,
      quotes: answers.quotes,
      now: options.now ?? answers.serverTime ?? DateTime.now(),
      cloudAsked: options.prices,
    });
    await writeReports(options, io, renderMarkdown(report), () => renderHtml(report));
    const unpriced = report.rows.flatMap((row) =>
      row.charge?.kind === "unpriced" ? [`${row.phoneId} (${row.charge.error})`] : [],
    );
    if (unpriced.length > 0) io.stderr(`koophone-audit: warning: not priced: ${unpriced.join("; ")}\n`);
    return 0;
  } catch (error) {
    return fail(error, io);
  }
}

if (require.main === module) {
  runAudit(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
