import { expect } from "chai";
import { callsPerSecondOf } from "../../provider/call-rate";

describe("koophone:callsPerSecond: a stack's share of the account's 10 calls a second per API", () => {
  it("defaults to the whole budget, or floor(10 / N) for one of N shards, never below 1", () => {
    expect(callsPerSecondOf(undefined, undefined)).to.equal(10);
    expect(callsPerSecondOf(undefined, "0/1")).to.equal(10);
    expect(callsPerSecondOf(undefined, "2/3")).to.equal(3);
    expect(callsPerSecondOf(undefined, "3/4")).to.equal(2);
    expect(callsPerSecondOf(undefined, "4/5")).to.equal(2);
    expect(callsPerSecondOf(undefined, "11/12")).to.equal(1);
  });

  it("takes the configured share over the shard's default", () => {
    expect(callsPerSecondOf("4", "0/4")).to.equal(4);
    expect(callsPerSecondOf(" 7 ", undefined)).to.equal(7);
  });

  it("refuses what is not a whole number of calls, 1 or more", () => {
    for (const bad of ["0", "-1", "2.5", "ten", ""]) {
      expect(() => callsPerSecondOf(bad, undefined), bad).to.throw(
        `koophone:callsPerSecond "${bad}" is not allowed: use a whole number of calls a second per API, 1 or more`,
      );
    }
  });
});
