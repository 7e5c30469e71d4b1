// The phones nobody declared, against the emulator: the preview report and the forecast list the account's phones
// that no subscription of the stack manages and that expire within the window, and nothing else.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { RunningEmulator, SeededPhone, startEmulator } from "../../emulator";
import { runAuditCaptured } from "../support/audit-run";

const NOW = "2026-12-03T02:00:00Z";
const ONLY_SUBSCRIPTIONS = { autoRenewShare: 0, payPerUseShare: 0, frozenShare: 0 };

describe("audit: phones nobody manages", function () {
  this.timeout(60_000);
  let cloud: RunningEmulator;
  let dir: string;
  let managed: SeededPhone[];
  let soon: SeededPhone;
  let later: SeededPhone;

  before(async () => {
    cloud = await startEmulator({ now: NOW });
    dir = mkdtempSync(path.join(os.tmpdir(), "koophone-unmanaged-"));
    managed = (
      await cloud.admin.seed({
        count: 3,
        expiryWithinDays: [3, 10],
        rngSeed: 1,
        namePrefix: "store",
        ...ONLY_SUBSCRIPTIONS,
      })
    ).phones;
    [soon] = (
      await cloud.admin.seed({
        count: 1,
        expiryWithinDays: [12, 12],
        rngSeed: 2,
        namePrefix: "lab",
        ...ONLY_SUBSCRIPTIONS,
      })
    ).phones;
    [later] = (
      await cloud.admin.seed({
        count: 1,
        expiryWithinDays: [60, 60],
        rngSeed: 3,
        namePrefix: "spare",
        ...ONLY_SUBSCRIPTIONS,
      })
    ).phones;
  });

  after(async () => {
    await cloud?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const urn = (phone: SeededPhone) => `urn:pulumi:ci::fleet::${SUBSCRIPTION_TYPE}::${phone.name}`;
  const endpoints = () => ["--endpoint", cloud.url, "--koophone-endpoint", cloud.url];
  const rowOf = (phone: SeededPhone, days: number) =>
    new RegExp(
      `^\\| \`${phone.resourceId}\` \\| ${phone.name} \\| \\d{4}-\\d\\d-\\d\\d 23:59:59 \\| ${days} \\|$`,
      "m",
    );

  /** A preview of the managed phones, none due; `showSames` as `pulumi preview --show-sames` writes it. */
  function preview(showSames: boolean): string {
    const steps = managed.map((phone) => {
      const state = { type: SUBSCRIPTION_TYPE, inputs: { phoneId: phone.resourceId }, outputs: {} };
      return { op: "same", urn: urn(phone), oldState: state, newState: state };
    });
    return JSON.stringify({ steps: showSames ? steps : [], changeSummary: { same: managed.length } });
  }

  it("the preview report lists the unmanaged phone expiring within the window, with its days left", async () => {
    const file = path.join(dir, "preview.json");
    writeFileSync(file, preview(true));
    const within30 = await runAuditCaptured([file, ...endpoints()]);
    expect(within30.code, within30.err).to.equal(0);
    expect(within30.out).to.include("### Phones nobody manages, expiring within P30D");
    expect(within30.out).to.match(rowOf(soon, 12));
    expect(within30.out).to.not.include(later.resourceId);
    for (const phone of managed) expect(within30.out).to.not.include(phone.resourceId);

    const within90 = await runAuditCaptured([file, ...endpoints(), "--unmanaged-within", "P90D"]);
    expect(within90.out).to.match(rowOf(soon, 12)).and.to.match(rowOf(later, 60));
  });

  it("a preview without its unchanged resources says the list may hold phones the stack manages", async () => {
    const file = path.join(dir, "preview-no-sames.json");
    writeFileSync(file, preview(false));
    const { code, out } = await runAuditCaptured([file, ...endpoints()]);
    expect(code).to.equal(0);
    expect(out).to.include("This preview leaves out 3 unchanged resources").and.to.include("--show-sames");
  });

  it("the forecast lists them too, from the stack export's subscriptions", async () => {
    const resources = managed.map((phone) => ({
      urn: urn(phone),
      type: SUBSCRIPTION_TYPE,
      inputs: { phoneId: phone.resourceId, renewalDay: 20 },
      outputs: { phoneId: phone.resourceId, expireTime: phone.expireTime },
    }));
    const gone = "0123456789abcdef0123456789abcdef";
    resources.push({
      urn: `urn:pulumi:ci::fleet::${SUBSCRIPTION_TYPE}::gone`,
      type: SUBSCRIPTION_TYPE,
      inputs: { phoneId: gone, renewalDay: 20 },
      outputs: { phoneId: gone, expireTime: NOW },
    });
    const file = path.join(dir, "export.json");
    writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources } }));
    const { code, out, err } = await runAuditCaptured(["forecast", file, ...endpoints(), "--months", "1"]);
    expect(code, err).to.equal(0);
    expect(out).to.match(rowOf(soon, 12));
    expect(out).to.not.include(later.resourceId);
    expect(out).to.include(`- \`${gone}\` has no yearly/monthly subscription`);
    const counters = await cloud.admin.counters();
    expect([counters.renew ?? 0, counters.pay ?? 0], "the forecast orders nothing").to.deep.equal([0, 0]);
  });
});
