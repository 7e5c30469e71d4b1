import { expect } from "chai";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../../emulator";
import { RawApi } from "../helpers/official-signer";

// The state survives a restart, and concurrent mutations are serialized: none is lost.

describe("emulator: persistence and concurrency", () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "koophone-emulator-test-"));
  });
  afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

  it("keeps phones, subscriptions, orders, balance, config, clock and faults across a restart", async () => {
    const first = await startEmulator({
      dataDir,
      now: "2026-03-10T04:00:00Z",
      seed: { count: 4, autoRenewShare: 0.5 },
    });
    const api = new RawApi(first.url);
    const [a, b] = (await first.admin.state()).phones.map((p) => p.instanceId);
    await api.renew({ resource_ids: [a], period_type: 2, period_num: 1 });
    await api.renew({ resource_ids: [b], period_type: 3, period_num: 1, is_auto_pay: 1 });
    await api.renewConfig({ config_name: "EXPIRE_DATE", config_value: "15" });
    await first.admin.advanceClock({ days: 3 });
    await first.admin.setBalance(4321.5);
    await first.admin.addFault({ kind: "5xx", api: "pay", count: 3 });
    await first.admin.addFault({ kind: "frozen-phone", resourceId: b });
    const before = await first.admin.state();
    await first.stop();

    const files = await fs.readdir(dataDir);
    expect(files).to.deep.equal(["state.json"]);

    // A seed and a start time given to a restored state are ignored.
    const second = await startEmulator({ dataDir, now: "2030-01-01T00:00:00Z", seed: { count: 9 } });
    try {
      expect(await second.admin.state()).to.deep.equal(before);
      const res = await new RawApi(second.url).query({ resource_ids: [b] });
      expect(res.json.data[0].status).to.equal(4);
      expect(new Date(res.headers.date as string).toISOString()).to.equal("2026-03-13T04:00:00.000Z");
    } finally {
      await second.stop();
    }
  });

  it("loses none of 100 concurrent renewals and 20 concurrent config writes", async function () {
    this.timeout(30_000);
    const emulator = await startEmulator({ dataDir, now: "2026-03-10T04:00:00Z", rateLimit: 10_000 });
    const { phones } = await emulator.admin.seed({ count: 100, expiryWithinDays: [10, 40] });
    const api = new RawApi(emulator.url);
    const renewals = phones.map((p) =>
      api.renew({ resource_ids: [p.resourceId], period_type: 2, period_num: 1, is_auto_pay: 1 }),
    );
    const configs = Array.from({ length: 20 }, (_, i) =>
      api.renewConfig({ config_name: "DEDUCTION_DATE", config_value: String(2 + (i % 6)) }),
    );
    const answers = await Promise.all([...renewals, ...configs]);
    expect(answers.map((r) => r.status)).to.deep.equal(Array(120).fill(200));
    await emulator.stop();

    const again = await startEmulator({ dataDir });
    try {
      const state = await again.admin.state();
      expect(state.orders).to.have.length(100);
      expect(new Set(state.orders.map((o) => o.orderId)).size).to.equal(100);
      expect(state.balance).to.equal(100000 - 100 * 129);
      const expiries = new Map(phones.map((p) => [p.resourceId, p.expireTime]));
      for (const sub of state.subscriptions) {
        expect(sub.expireTime > (expiries.get(sub.resourceId) ?? "")).to.equal(true);
      }
      expect((await again.admin.counters()).renew).to.equal(undefined); // counters are per process
    } finally {
      await again.stop();
    }
  });
});
