import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { PaidRenewalError } from "../../provider/renewal";
import {
  MONTH_PRICE,
  callsArrived,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  placeUnpaidOrder,
  readPhone,
  rejected,
  renewAll,
  renewEach,
  seedDuePhones,
  startCloud,
} from "./renewal-fixture";

// Once an order is paid, a failure never hides it: the renewal is returned, or the error names the paid order.

describe("renewal: failures after payment", function () {
  let cloud: RunningEmulator;

  before(async () => (cloud = await startCloud()));
  after(() => cloud.stop());

  it("reads failing once the order is being paid do not hide the renewal: it is returned with its order", async () => {
    const phones = await seedDuePhones(cloud, 2);
    const session = newBatches(cloud);
    const planned = await Promise.all(phones.map((id) => readPhone(session, id)));
    await cloud.admin.resetCounters();
    await cloud.admin.addFault({ kind: "latency", api: "pay", latencyMs: 200 });
    const running = renewEach(session, planned);
    await callsArrived(cloud, "pay", 1);
    await cloud.admin.addFault({ kind: "5xx", api: "query", count: -1 });
    const renewals = (await running).map(fulfilled);
    await cloud.admin.clearFaults();
    const [orderId] = (await paidRenewalsPerPhone(cloud)).get(phones[0]) ?? [];
    for (const renewal of renewals) expect(renewal).to.deep.include({ orderId, amount: MONTH_PRICE });
  });

  it("a paid order whose details cannot be read: the error names the paid order, never 'nothing was changed'", async () => {
    const [phone] = await seedDuePhones(cloud, 1);
    const held = await placeUnpaidOrder(cloud, [phone]); // held: not priceable, so only the order can tell the amount
    await cloud.admin.addFault({ kind: "5xx", api: "order-details", count: -1 });
    const [outcome] = await renewAll(newBatches(cloud), [phone]);
    await cloud.admin.clearFaults();
    const error = rejected(outcome);
    expect(error).to.be.instanceOf(PaidRenewalError);
    expect(error).to.deep.include({ paidOrderIds: [held], paymentConfirmed: true, phoneIds: [phone] });
    expect(error.message).to.include(`renewed by order ${held}`).and.not.to.include("nothing was changed");
    expect((await paidRenewalsPerPhone(cloud)).get(phone)).to.deep.equal([held]);
  });
});
