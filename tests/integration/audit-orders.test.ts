// koophone-audit orders against the emulator: runs of the provider (one of them killed before its outputs reached
// the state, then a recovery) and console renewals; the report lists each renewal order Billing Center paid in the
// window once, says which the state records, and names the records no order of the window explains.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OrdersReport } from "../../audit/orders-report";
import { SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { RunningEmulator, startEmulator } from "../../emulator";
import type { SubscriptionOutputs } from "../../provider/resources/subscription-state";
import { NOW, providerRuns } from "../inprocess/provider-fixture";
import { runAuditCaptured } from "../support/audit-run";

const MONTH = { unit: "month", count: 1 } as const;

let cloud: RunningEmulator;
const { newRun, seed, checked, providers } = providerRuns(() => cloud);

/** A `pulumi stack export` document holding these subscriptions' outputs, by resource name. */
function stackExport(outputs: Record<string, SubscriptionOutputs | undefined>): string {
  const resources = Object.entries(outputs).map(([name, outs]) => ({
    urn: `urn:pulumi:prod::fleet::${SUBSCRIPTION_TYPE}::${name}`,
    type: SUBSCRIPTION_TYPE,
    inputs: { phoneId: outs?.phoneId },
    outputs: outs,
  }));
  return JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });
}

const audit = (args: string[]) => runAuditCaptured(args);

async function create(phoneIds: string[]): Promise<SubscriptionOutputs[]> {
  const inputs = await Promise.all(phoneIds.map((phoneId) => checked({ phoneId })));
  const results = await Promise.all(inputs.map((i) => providers().subscription.create(i)));
  return results.map(({ outs }) => recorded(outs));
}

function recorded(outs: SubscriptionOutputs | undefined): SubscriptionOutputs {
  if (outs === undefined) throw new Error("the provider returned no outputs");
  return outs;
}

describe("audit: koophone-audit orders against the emulator", function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    cloud = await startEmulator({ now: NOW, rateLimit: 1000 });
    dir = mkdtempSync(path.join(os.tmpdir(), "koophone-audit-orders-"));
  });
  after(async () => {
    await cloud?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lists each order the runs and the console paid once, recorded or not, and the records outside the window", async () => {
    const [a, b, c, d, other, elsewhere] = await seed(3, 3, 3, 80, 3, 80);
    const { admin } = cloud;
    // Before the window: d renewed in the console, and recorded by a run.
    const dConsole = await admin.consoleRenew(d, MONTH);
    newRun();
    const [dRecorded] = await create([d]);
    expect(dRecorded.lastRenewal?.orderId).to.equal(dConsole.orderId);

    await admin.advanceClock({ minutes: 5 });
    const since = await admin.getClock();
    // A run killed after paying: a, b and `other` (another stack's phone) in one order, no output recorded.
    newRun();
    const killed = await create([a, b, other]);
    const orderAB = killed[0].lastRenewal?.orderId ?? "";
    expect(killed.map((outs) => outs.lastRenewal?.orderId)).to.deep.equal([orderAB, orderAB, orderAB]);

    // The recovery run records that order for a and b, and renews c.
    await admin.advanceClock({ minutes: 5 });
    newRun();
    const [aOuts, bOuts, cFirst] = await create([a, b, c]);
    expect([aOuts.lastRenewal?.orderId, bOuts.lastRenewal?.orderId]).to.deep.equal([orderAB, orderAB]);
    const orderC1 = cFirst.lastRenewal?.orderId ?? "";
    expect(orderC1).to.not.equal(orderAB);

    // The console renews b and c again, and another phone of the account; a later run records c's console order.
    await admin.advanceClock({ minutes: 5 });
    const beforeConsole = await admin.getClock();
    await admin.advanceClock({ minutes: 1 });
    const bConsole = await admin.consoleRenew(b, MONTH);
    const cConsole = await admin.consoleRenew(c, MONTH);
    await admin.consoleRenew(elsewhere, MONTH);
    await admin.advanceClock({ minutes: 5 });
    newRun();
    const cOuts = recorded(
      (await providers().subscription.update(c, cFirst, await checked({ phoneId: c }, cFirst))).outs,
    );
    expect(cOuts.lastRenewal?.orderId).to.equal(cConsole.orderId);

    const exported = path.join(dir, "state.json");
    writeFileSync(
      exported,
      stackExport({ "kiosk-a": aOuts, "kiosk-b": bOuts, "kiosk-c": cOuts, "kiosk-d": dRecorded }),
    );
    const endpoints = ["--endpoint", cloud.url, "--koophone-endpoint", cloud.url];
    await admin.resetCounters();
    const html = path.join(dir, "orders.html");
    const markdown = path.join(dir, "orders.md");
    const run = await audit([
      "orders",
      exported,
      "--since",
      since,
      ...endpoints,
      "--json",
      "--markdown",
      markdown,
      "--html",
      html,
    ]);
    expect(run.code, run.err).to.equal(0);
    expect(run.err).to.equal("");
    const report = JSON.parse(run.out) as OrdersReport;

    const summary = report.orders.map((o) => ({
      orderId: o.orderId,
      phones: o.phones.map((p) => [p.phoneId, p.relation]),
      otherPhones: o.otherPhones,
      recorded: o.recorded,
    }));
    expect(summary).to.deep.equal([
      {
        orderId: orderAB,
        phones: [a, b].sort().map((id) => [id, "this order"]),
        otherPhones: [other],
        recorded: true,
      },
      { orderId: orderC1, phones: [[c, "later order"]], otherPhones: [], recorded: false },
      { orderId: bConsole.orderId, phones: [[b, "earlier order"]], otherPhones: [], recorded: false },
      { orderId: cConsole.orderId, phones: [[c, "this order"]], otherPhones: [], recorded: true },
    ]);
    expect(report.otherOrders, "the console renewal of a phone of no stack").to.equal(1);
    expect(report.unmatchedRecords).to.deep.equal([
      { phoneId: d, resourceName: "kiosk-d", orderId: dConsole.orderId, reason: "outside the window" },
    ]);

    // None lost: every order Billing Center completed in the window for a phone of the stack is a row.
    const all = (await admin.state()).orders;
    const stackPhones = new Set([a, b, c, d]);
    const paidInWindow = all.filter(
      (o) =>
        o.paymentTime !== undefined &&
        Date.parse(o.paymentTime) >= Date.parse(since) &&
        o.lineItems.some((item) => stackPhones.has(item.resourceId)),
    );
    expect(report.orders.map((o) => o.orderId).sort()).to.deep.equal(
      paidInWindow.map((o) => o.orderId).sort(),
    );

    // The amounts are Billing Center's, each order once: the total is what those orders charged.
    const orders = new Map(all.map((o) => [o.orderId, o]));
    const cents = (ids: string[]) => ids.reduce((sum, id) => sum + (orders.get(id)?.amountCents ?? NaN), 0);
    const yuan = (total: number) => [{ currency: "CNY", amount: (total / 100).toFixed(2) }];
    for (const order of report.orders) {
      expect(order.amount, order.orderId).to.deep.equal(yuan(cents([order.orderId]))[0]);
      expect(order.periods).to.deep.equal([MONTH]);
    }
    expect(report.totals).to.deep.equal({
      orders: 4,
      phones: 3,
      paid: yuan(cents([orderAB, orderC1, bConsole.orderId, cConsole.orderId])),
      recorded: yuan(cents([orderAB, cConsole.orderId])),
      notRecorded: yuan(cents([orderC1, bConsole.orderId])),
      unknownAmounts: [],
    });

    // Read only: the order listing, each order's phones and its details.
    const calls = await admin.counters();
    expect(Object.keys(calls).filter((name) => (calls[name] ?? 0) > 0)).to.have.members([
      "orders-list",
      "query",
      "order-details",
    ]);

    const comment = readFileSync(markdown, "utf8");
    expect(comment.match(new RegExp(`\\| \`${orderAB}\` \\|`, "g")), "one row per order").to.have.length(1);
    expect(comment).to.match(
      new RegExp(`\\| \`${orderC1}\` \\|.*\\| not recorded in the state: renewed again later`),
    );
    expect(comment).to.match(
      new RegExp(
        `\\| \`${bConsole.orderId}\` \\|.*\\| not recorded in the state: a crash before it was recorded`,
      ),
    );
    expect(comment).to.include(`not in this stack: \`${other}\``);
    expect(comment).to.include(`**Total paid:** CNY ${report.totals.paid[0].amount} in 4 orders`);
    expect(comment).to.match(
      new RegExp(`\\| \`${d}\` \\| kiosk-d \\| \`${dConsole.orderId}\` \\| not paid in the window`),
    );
    const page = readFileSync(html, "utf8");
    expect(page.match(/<tr data-order-id="[^"]+" data-state="not-recorded">/g)).to.have.length(2);
    expect(page).to.include(`<strong>Total paid:</strong> CNY ${report.totals.paid[0].amount} in 4 orders`);

    // A window that ends before the console renewals: c's record names an order paid after it.
    const earlier = await audit([
      "orders",
      exported,
      "--since",
      since,
      "--until",
      beforeConsole,
      ...endpoints,
      "--json",
    ]);
    expect(earlier.code, earlier.err).to.equal(0);
    const cut = JSON.parse(earlier.out) as OrdersReport;
    expect(cut.orders.map((o) => [o.orderId, o.recorded])).to.deep.equal([
      [orderAB, true],
      [orderC1, false],
    ]);
    expect(cut.orders[1].phones[0]).to.deep.include({
      relation: "outside the window",
      recordedOrderId: cConsole.orderId,
    });
    expect(cut.unmatchedRecords.map((r) => [r.phoneId, r.orderId])).to.deep.equal(
      [
        [c, cConsole.orderId],
        [d, dConsole.orderId],
      ].sort(([x], [y]) => x.localeCompare(y)),
    );
  });
});
