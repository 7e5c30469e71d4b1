import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { RenewalError, renewIfDue } from "../../provider/renewal";
import {
  MONTH_PRICE,
  SETTINGS,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  readPhone,
  rejected,
  seedDuePhones,
  startCloud,
  unpaidOrders,
} from "./renewal-fixture";

// Part of a deployment fails: the phones that can be renewed are, once; each failed phone gets its own error
// naming it, its cause and what to do.

describe("renewal: partial failures", function () {
  let cloud: RunningEmulator;

  before(async () => (cloud = await startCloud()));
  after(() => cloud.stop());

  it("a frozen phone fails on its own, naming it and the code; the other phones of its batch are renewed once", async () => {
    const phones = await seedDuePhones(cloud, 3);
    await cloud.admin.addFault({ kind: "frozen-phone", resourceId: phones[2] });
    const session = newBatches(cloud);
    const read = await Promise.all(phones.map((id) => readPhone(session, id)));
    const outcomes = await Promise.allSettled(read.map((phone) => renewIfDue(session, phone, SETTINGS)));
    expect(fulfilled(outcomes[0])).to.deep.include({ amount: MONTH_PRICE });
    expect(fulfilled(outcomes[1])).to.deep.include({ amount: MONTH_PRICE });
    const error = rejected(outcomes[2]);
    expect(error).to.be.instanceOf(RenewalError);
    expect((error as RenewalError).phoneIds).to.deep.equal([phones[2]]);
    expect(error.message).to.include(phones[2]).and.to.include("CBC.30050011");
    const paid = await paidRenewalsPerPhone(cloud);
    expect(
      [paid.get(phones[0]), paid.get(phones[1]), paid.get(phones[2])].map((o) => o?.length),
    ).to.deep.equal([1, 1, undefined]);
  });

  it("of two orders, the one that cannot be paid fails its phones only; the other order's phones are renewed", async () => {
    const phones = await seedDuePhones(cloud, 4);
    const session = newBatches(cloud);
    const read = await Promise.all(phones.map((id) => readPhone(session, id)));
    await cloud.admin.addFault({ kind: "insufficient-balance", api: "pay" });
    const yearly = { ...SETTINGS, period: { unit: "year" as const, count: 1 } };
    // Two periods: two orders, paid one after the other; the first payment meets the empty balance.
    const outcomes = await Promise.allSettled(
      read.map((phone, i) => renewIfDue(session, phone, i < 2 ? SETTINGS : yearly)),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === "rejected" ? [phones[i]] : []));
    const renewed = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [phones[i]] : []));
    expect(failed).to.have.length(2);
    expect(renewed).to.have.length(2);
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === "rejected") {
        expect(outcome.reason).to.be.instanceOf(RenewalError);
        expect((outcome.reason as Error).message)
          .to.include(phones[i])
          .and.to.match(/Top up the account/);
      }
    }
    const paid = await paidRenewalsPerPhone(cloud);
    expect(renewed.map((p) => paid.get(p)?.length)).to.deep.equal([1, 1]);
    expect(failed.map((p) => paid.get(p))).to.deep.equal([undefined, undefined]);
    expect(await unpaidOrders(cloud)).to.deep.equal([]);
  });
});
