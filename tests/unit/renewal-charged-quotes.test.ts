import { expect } from "chai";
import { chargedQuotes } from "../../provider/renewal/renewed";

const cny = (amount: number) => ({ amount, currency: "CNY" });

describe("renewal: an order charged its quotes (its total checked against them, no order read)", () => {
  it("holds when the total is the sum of every phone's quote, to the cent", () => {
    const quotes = [cny(129.1), cny(129.1), cny(129.1)];
    expect(chargedQuotes({ total: 387.3, currency: "CNY" }, quotes)).to.deep.equal(quotes);
  });

  it("fails on a difference of one cent (extra days the quote did not price, a discount)", () => {
    expect(chargedQuotes({ total: 258.01, currency: "CNY" }, [cny(129), cny(129)])).to.equal(undefined);
  });

  it("fails when a currency differs, a phone has no quote, the order was not listed, or it holds no phone", () => {
    expect(chargedQuotes({ total: 129, currency: "USD" }, [cny(129)])).to.equal(undefined);
    expect(chargedQuotes({ total: 129, currency: "CNY" }, [cny(129), undefined])).to.equal(undefined);
    expect(chargedQuotes(undefined, [cny(129)])).to.equal(undefined);
    expect(chargedQuotes({ total: 0, currency: "CNY" }, [])).to.equal(undefined);
  });
});
