import { expect } from "chai";
import { OrderCharges } from "../../provider/renewal/order-gateway";
import { renewalEndingAt, renewalInOrder } from "../../provider/renewal/order-lines";

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

describe("renewal: the lines of an order ending at a phone's expiry", () => {
  it("is the one line ending there, whole", () => {
    expect(renewalEndingAt(order(A, C), C.expireTime)).to.deep.equal({
      amount: 129,
      period: { unit: "month", count: 1 },
      from: C.effectiveTime,
      to: C.expireTime,
      lines: 1,
    });
  });

  it("keeps what several lines ending there agree on: period and end, not their different amounts and starts", () => {
    expect(renewalEndingAt(order(A, B, C), A.expireTime)).to.deep.equal({
      amount: undefined,
      period: { unit: "month", count: 1 },
      from: undefined,
      to: A.expireTime,
      lines: 2,
    });
  });

  it("keeps no period when the lines ending there disagree on it, and nothing when no line ends there", () => {
    const yearly = { ...B, periodType: 3 };
    expect(renewalEndingAt(order(A, yearly), A.expireTime)).to.deep.include({ period: undefined, lines: 2 });
    expect(renewalEndingAt(order(A, B), "2030-01-01T00:00:00Z")).to.equal(undefined);
  });
});
