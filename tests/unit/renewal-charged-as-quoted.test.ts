import { expect } from "chai";
import { chargedAsQuoted } from "../../provider/renewal/renewed";

const cny = (amount: number) => ({ amount, currency: "CNY" });

describe("renewal: an order charged its quotes (its total checked against them, no order read)", () => {
  it("holds when the total is the sum of every phone's quote, to the cent", () => {
    expect(chargedAsQuoted({ total: 387.3, currency: "CNY" }, [cny(129.1), cny(129.1), cny(129.1)])).to.equal(
      true,
    );
  });

  it("fails on a difference of one cent (extra days the quote did not price, a discount)", () => {
    expect(chargedAsQuoted({ total: 258.01, currency: "CNY" }, [cny(129), cny(129)])).to.equal(false);
  });

  it("fails when a currency differs, a phone has no quote, the order was not listed, or it holds no phone", () => {
    expect(chargedAsQuoted({ total: 129, currency: "USD" }, [cny(129)])).to.equal(false);
    expect(chargedAsQuoted({ total: 129, currency: "CNY" }, [cny(129), undefined])).to.equal(false);
    expect(chargedAsQuoted(undefined, [cny(129)])).to.equal(false);
    expect(chargedAsQuoted({ total: 0, currency: "CNY" }, [])).to.equal(false);
  });
});
