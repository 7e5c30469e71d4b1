// `koophone-audit forecast`'s refusals, against the emulator: each says what to change (exit code 2), and nothing
// is ordered.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { RunningEmulator, SeededPhone, startEmulator } from "../../emulator";
import { runAuditCaptured } from "../support/audit-run";

describe("audit: forecast refusals", function () {
  this.timeout(60_000);
  let cloud: RunningEmulator;
  let dir: string;
  let phone: SeededPhone;

  before(async () => {
    cloud = await startEmulator({ now: "2026-12-03T02:00:00Z" });
    dir = mkdtempSync(path.join(os.tmpdir(), "koophone-forecast-cli-"));
    [phone] = (
      await cloud.admin.seed({
        count: 1,
        expiryWithinDays: [20, 20],
        rngSeed: 4,
        autoRenewShare: 0,
        payPerUseShare: 0,
        frozenShare: 0,
      })
    ).phones;
  });

  after(async () => {
    await cloud?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function forecastOf(inputs: Record<string, unknown> | string, ...flags: string[]) {
    const file = path.join(dir, "export.json");
    const resources = [
      { urn: `urn:pulumi:ci::fleet::${SUBSCRIPTION_TYPE}::p`, type: SUBSCRIPTION_TYPE, inputs, outputs: {} },
    ];
    writeFileSync(file, typeof inputs === "string" ? inputs : JSON.stringify({ deployment: { resources } }));
    return runAuditCaptured([
      "forecast",
      file,
      "--endpoint",
      cloud.url,
      "--koophone-endpoint",
      cloud.url,
      ...flags,
    ]);
  }

  it("a file that is not a stack export", async () => {
    const { code, err } = await forecastOf("Previewing update (ci):");
    expect(code).to.equal(2);
    expect(err).to.include("is not JSON").and.to.include("`pulumi stack export`");
  });

  it("a subscription whose recorded settings do not check, named with the setting and what is allowed", async () => {
    const { code, err } = await forecastOf({ phoneId: phone.resourceId, period: { unit: "week", count: 1 } });
    expect(code).to.equal(2);
    expect(err)
      .to.include("urn:pulumi:ci::fleet::")
      .and.to.include("input period")
      .and.to.include('use "month" or "year"');
  });

  it("settings no single order can cover, as the subscription's check refuses them", async () => {
    const { code, err } = await forecastOf({ phoneId: phone.resourceId, renewBefore: "P2Y" });
    expect(code, err).to.equal(2);
    expect(err)
      .to.include(`phone ${phone.resourceId}: the expiry must reach`)
      .and.to.include('use period { unit: "year" }');
  });

  it("a bad flag, before any call", async () => {
    await cloud.admin.resetCounters();
    const { code, err } = await forecastOf({ phoneId: phone.resourceId }, "--months", "twelve");
    expect(code).to.equal(2);
    expect(err).to.include('forecast: --months "twelve" is not allowed; use a whole number from 1 to 36');
    const counters = await cloud.admin.counters();
    expect(
      Object.values(counters).every((n) => n === 0),
      JSON.stringify(counters),
    ).to.equal(true);
  });

  it("orders nothing", async () => {
    const { code, err } = await forecastOf({ phoneId: phone.resourceId, renewalDay: 20 }, "--json");
    expect(code, err).to.equal(0);
    const counters = await cloud.admin.counters();
    expect([counters.renew ?? 0, counters.pay ?? 0, counters["renew-config"] ?? 0]).to.deep.equal([0, 0, 0]);
    expect(counters.rate ?? 0, "priced").to.be.greaterThan(0);
  });
});
