import { expect } from "chai";
import { OrderCharges, renewalInOrder, renewalRecord } from "../../provider/renewal/order-lines";

// Matching a phone to its line of an order by what the line does (line items name no phone).

const line = (amount: number, from: string, to: string) => ({
  amount,
  periodType: 2,
  periodNum: 1,
  effectiveTime: from,
  expireTime: to,
});

const order = (...lines: ReturnType<typeof line>[]): OrderCharges => ({
  orderId: "O1",
  status: 5,
  currency: "CNY",
  total: lines.reduce((sum, l) => sum + l.amount, 0),
  lines,
});

const A = line(163.4, "2026-03-20T15:59:59Z", "2026-04-28T15:59:59Z");
const B = line(146.2, "2026-03-24T15:59:59Z", "2026-04-28T15:59:59Z");
const C = line(129, "2026-03-24T15:59:59Z", "2026-04-24T15:59:59Z");

describe("renewal: a phone's line in an order", () => {
  it("is the line that renews to the phone's expiry, with its amount, period and times", () => {
    expect(renewalInOrder(order(A, C), { to: "2026-04-24T15:59:59Z" })).to.deep.equal({
      amount: 129,
      period: { unit: "month", count: 1 },
      from: C.effectiveTime,
      to: C.expireTime,
    });
  });

  it("is the line that renews from the phone's expiry when the order is unpaid", () => {
    expect(renewalInOrder(order(A, B), { from: "2026-03-20T15:59:59Z" })).to.deep.include({ amount: 163.4 });
  });

  it("tells two lines ending alike apart by their start, and keeps nothing when the end alone is known", () => {
    expect(renewalInOrder(order(A, B), { from: B.effectiveTime, to: B.expireTime })).to.deep.include({
      amount: 146.2,
    });
    expect(renewalInOrder(order(A, B), { to: A.expireTime })).to.deep.equal({});
  });

  it("keeps the amount when every line charges the same, and nothing when lines differ and none matches", () => {
    const twin = line(129, "2026-03-25T15:59:59Z", "2026-04-25T15:59:59Z");
    expect(renewalInOrder(order(C, twin), { to: "2030-01-01T00:00:00Z" })).to.deep.equal({ amount: 129 });
    expect(renewalInOrder(order(A, C), { to: "2030-01-01T00:00:00Z" })).to.deep.equal({});
  });

  it("takes the only line of a one-line order", () => {
    expect(renewalInOrder(order(B), {})).to.deep.include({ amount: 146.2, to: B.expireTime });
  });
});

describe("renewal: the record of the order that gave a phone its expiry", () => {
  it("is the one line ending there, whole", () => {
    expect(renewalRecord(order(A, C), { to: C.expireTime })).to.deep.equal({
      orderId: "O1",
      period: { unit: "month", count: 1 },
      amount: 129,
      currency: "CNY",
      from: C.effectiveTime,
      to: C.expireTime,
    });
  });

  it("tells the phone's own line apart by the expiry recorded before, when several end at its expiry", () => {
    // Renewed to the same renewal day from different expiries: the case of an existing stack after a crash.
    expect(renewalRecord(order(A, B, C), { to: A.expireTime, from: B.effectiveTime })).to.deep.equal({
      orderId: "O1",
      period: { unit: "month", count: 1 },
      amount: 146.2,
      currency: "CNY",
      from: B.effectiveTime,
      to: B.expireTime,
    });
  });

  it("keeps what several lines ending there agree on, and says what it cannot tell, without the start", () => {
    const record = renewalRecord(order(A, B, C), { to: A.expireTime });
    expect(record).to.deep.include({ orderId: "O1", period: { unit: "month", count: 1 }, to: A.expireTime });
    expect(record).to.not.have.property("amount");
    expect(record).to.not.have.property("from");
    expect(record?.note).to.match(/amount and start in order O1 cannot be told: the order renewed 2 phones/);
  });

  it("is no record when the lines ending there disagree on the period, or no line ends at the expiry", () => {
    const yearly = { ...B, periodType: 3 };
    expect(renewalRecord(order(A, yearly), { to: A.expireTime })).to.equal(undefined);
    expect(renewalRecord(order(A, B), { to: "2030-01-01T00:00:00Z" })).to.equal(undefined);
  });
});
