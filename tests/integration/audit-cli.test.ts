// koophone-audit against the emulator: names, current expiries and prices from the cloud, batched as the API
// allows, and never an order. Then the command itself as a process: stdin, exit codes, no secret in messages.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { POLICY_TYPE, SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { DEFAULT_CREDENTIALS, SeededPhone } from "../../emulator";
import { formatApiTime, parseApiTime } from "../../provider/planner/billing-time";
import { Period, addPeriod } from "../../provider/planner/period";
import { extraDays, renewedExpiry } from "../../provider/planner/renewal-day";
import { TestCloud, startTestCloud } from "../../harness/local-cloud";
import { EMULATOR_CREDENTIALS_ENV, runAuditCaptured } from "../support/audit-run";

const NOW = "2026-01-26T02:00:00Z";
const repoRoot = path.join(__dirname, "../..");
const MONTH: Period = { unit: "month", count: 1 };
const YEAR: Period = { unit: "year", count: 1 };

interface Planned {
  phone: SeededPhone;
  op: "update" | "create" | "same";
  period: Period;
  renewed: boolean;
}

/** A `pulumi preview --json` document for these phones, as the provider's check would have written it. */
function previewOf(planned: Planned[]): string {
  const policy = { renewalDay: 15, period: MONTH, renewBefore: "P30D", mode: "manual" };
  const steps = planned.map(({ phone, op, period, renewed }) => {
    const expiry = phone.expireTime ?? "";
    const from = parseApiTime(expiry);
    const to = renewedExpiry(from, period, 15);
    const renewal = {
      from: expiry,
      to: formatApiTime(to),
      periodUnit: period.unit,
      periodCount: period.count,
      extraDays: extraDays(addPeriod(from.setZone("UTC+8"), period), to),
      renewalDay: 15,
    };
    const urn = `urn:pulumi:ci::fleet::${SUBSCRIPTION_TYPE}::${phone.name}`;
    const inputs = { phoneId: phone.instanceId, period };
    const old = { type: SUBSCRIPTION_TYPE, inputs, outputs: { expireTime: expiry, mode: "manual" } };
    return {
      op,
      urn,
      ...(op === "create" ? {} : { oldState: old }),
      newState: { type: SUBSCRIPTION_TYPE, inputs: renewed ? { ...inputs, renewal } : inputs, outputs: {} },
    };
  });
  const policyState = { type: POLICY_TYPE, inputs: policy, outputs: policy };
  const policyStep = {
    op: "same",
    urn: "urn:pulumi:ci::fleet::policy",
    oldState: policyState,
    newState: policyState,
  };
  return JSON.stringify({ steps: [policyStep, ...steps], changeSummary: {} });
}

const credentials = EMULATOR_CREDENTIALS_ENV;

describe("audit: koophone-audit against the emulator", function () {
  this.timeout(60_000);
  let cloud: TestCloud;
  let dir: string;
  let phones: SeededPhone[];
  let planned: Planned[];
  let previewFile: string;

  before(async () => {
    cloud = await startTestCloud({ now: NOW });
    dir = mkdtempSync(path.join(os.tmpdir(), "koophone-audit-"));
    phones = (
      await cloud.admin.seed({ count: 15, expiryWithinDays: [5, 25], rngSeed: 7, namePrefix: "kiosk" })
    ).phones;
    planned = phones.map((phone, i) => ({
      phone,
      // 12 monthly updates (two renew-rate calls), a yearly one, an adopted phone, and one that is covered.
      op: i === 13 ? "create" : i === 14 ? "same" : "update",
      period: i === 12 ? YEAR : MONTH,
      renewed: i !== 14,
    }));
    previewFile = path.join(dir, "preview.json");
    writeFileSync(previewFile, previewOf(planned));
    await cloud.admin.resetCounters();
  });

  after(async () => {
    await cloud?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prices every renewal with batched renew-rate calls, names the phones, and orders nothing", async () => {
    const html = path.join(dir, "report.html");
    const argv = [previewFile, "--html", html, "--endpoint", cloud.url, "--koophone-endpoint", cloud.url];
    const io = await runAuditCaptured(argv, credentials);
    expect(io.code, io.err).to.equal(0);
    expect(io.err).to.equal("");

    const rows = io.out.split("\n").filter((line) => line.startsWith("| `"));
    const renewed = rows.slice(0, 14);
    expect(renewed).to.have.length(14);
    for (const { phone } of planned.slice(0, 14)) {
      const row = renewed.find((r) => r.includes(phone.instanceId));
      expect(row, phone.instanceId).to.match(
        new RegExp(`\\| ${phone.name} \\|.*\\| CNY \\d+\\.\\d\\d \\| exact: Billing Center renew-rate \\|$`),
      );
    }
    const amount = (phone: SeededPhone) =>
      Number(/CNY (\d+\.\d\d) \| exact/.exec(renewed.find((r) => r.includes(phone.instanceId)) ?? "")?.[1]);
    expect(amount(phones[12]), "a year costs more than a month").to.be.greaterThan(amount(phones[0]));
    const sum = planned.slice(0, 14).reduce((total, p) => total + Math.round(amount(p.phone) * 100), 0);
    expect(io.out).to.include(`**Total:** 14 phones · CNY ${(sum / 100).toFixed(2)}`);

    // The adopted phone's current expiry comes from Billing Center, not "(new)".
    const adopted = renewed.find((r) => r.includes(phones[13].instanceId)) ?? "";
    expect(adopted).to.match(/\| 1 month( \+ \d+ days?)? \|/);
    expect(adopted).to.not.include("(new)");
    expect(io.out).to.not.include(phones[14].instanceId + "` |", "the covered phone is not a row");

    const counters = await cloud.admin.counters();
    expect(counters.rate, "13 monthly phones in 2 calls, the yearly one in 1").to.equal(3);
    expect(counters.renew ?? 0).to.equal(0);
    expect(counters.pay ?? 0).to.equal(0);

    const page = readFileSync(html, "utf8");
    expect(page).to.include("As of 2026-01-26 10:00 (UTC+8)."); // the emulator's clock
    expect(page.match(/<g class="lane" /g)).to.have.length(15);
  });

  it("reads stdin and writes files when run as a command; --no-prices calls nothing", async () => {
    await cloud.admin.resetCounters();
    const markdown = path.join(dir, "comment.md");
    const { code, stdout } = await command(
      ["--no-prices", "--markdown", markdown],
      readFileSync(previewFile, "utf8"),
    );
    expect(code).to.equal(0);
    expect(stdout).to.equal("");
    expect(readFileSync(markdown, "utf8")).to.include("**14 phones** will be renewed.");
    expect(await cloud.admin.counters()).to.satisfy((c: Record<string, number>) =>
      Object.values(c).every((n) => n === 0),
    );
  });

  it("with --before, reports what the up between two stack exports paid, and calls nothing", async () => {
    await cloud.admin.resetCounters();
    const phone = phones[0];
    const lastRenewal = {
      orderId: "CS2601260200ABCDE",
      period: { unit: "month", count: 1 },
      amount: 180.6,
      currency: "CNY",
      from: phone.expireTime,
      to: "2026-03-15T15:59:59Z",
    };
    const state = (renewal: unknown) =>
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [
            {
              urn: `urn:pulumi:ci::fleet::${SUBSCRIPTION_TYPE}::${phone.name}`,
              type: SUBSCRIPTION_TYPE,
              outputs: { phoneId: phone.instanceId, lastRenewal: renewal },
            },
          ],
        },
      });
    const beforeFile = path.join(dir, "before.json");
    writeFileSync(beforeFile, state(null));
    const html = path.join(dir, "up.html");
    const { code, stdout, stderr } = await command(
      ["--before", beforeFile, "--html", html],
      state(lastRenewal),
    );
    expect(code, stderr).to.equal(0);
    expect(stdout).to.include("1 phone renewed in 1 order, paid CNY 180.60.");
    expect(stdout).to.include(
      `| \`${phone.instanceId}\` | ${phone.name} | \`CS2601260200ABCDE\` | 1 month |`,
    );
    expect(readFileSync(html, "utf8")).to.include("<strong>Total paid:</strong> CNY 180.60");
    expect(await cloud.admin.counters()).to.satisfy((c: Record<string, number>) =>
      Object.values(c).every((n) => n === 0),
    );

    const swapped = await command([], state(lastRenewal));
    expect(swapped.code).to.equal(2);
    expect(swapped.stderr)
      .to.include("the input is a `pulumi stack export`, not a preview")
      .and.to.include("--before");
  });

  it("exits 2 with a hint for bad input and missing credentials, 1 for a refused signature, never showing a secret", async () => {
    const notJson = await command([], "Previewing update (ci):");
    expect(notJson.code).to.equal(2);
    expect(notJson.stderr).to.include("not JSON");

    const noKeys = await command(
      [previewFile, "--endpoint", cloud.url, "--koophone-endpoint", cloud.url],
      "",
      {},
    );
    expect(noKeys.code).to.equal(2);
    expect(noKeys.stderr).to.include("HUAWEICLOUD_SDK_AK").and.to.include("--no-prices");

    const secret = "wrong-secret-key-must-not-leak";
    const refused = await command(
      [previewFile, "--endpoint", cloud.url, "--koophone-endpoint", cloud.url],
      "",
      {
        HUAWEICLOUD_SDK_AK: DEFAULT_CREDENTIALS.accessKey,
        HUAWEICLOUD_SDK_SK: secret,
      },
    );
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/koophone-audit: /);
    expect(refused.stderr + refused.stdout).to.not.include(secret);
  });
});

/** Runs audit/cli.ts with node (tsx's loader), `input` on stdin, and only the given environment variables. */
function command(
  args: string[],
  input: string,
  env: Record<string, string> = credentials,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["-r", "tsx/cjs", "audit/cli.ts", ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}
