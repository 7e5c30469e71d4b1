import { expect } from "chai";
import fc from "fast-check";
import { backoffDelay, parseRetryAfter } from "../../provider/client";

describe("client: retry policy", () => {
  it("equal jitter stays within [c/2, c), c = min(max, base * 2^attempt)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, { baseDelayMs: 500, maxDelayMs: 20_000 }, () => r);
          const ceiling = Math.min(20_000, 500 * 2 ** attempt);
          expect(delay)
            .to.be.at.least(ceiling / 2)
            .and.below(ceiling);
        },
      ),
    );
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 10_000 }, () => 0.5)).to.equal(600);
  });

  it("reads Retry-After as seconds or as an HTTP date against the answer's Date", () => {
    expect(parseRetryAfter(undefined, undefined)).to.equal(undefined);
    expect(parseRetryAfter("3", undefined)).to.equal(3000);
    expect(parseRetryAfter(" 0 ", undefined)).to.equal(0);
    expect(parseRetryAfter("Wed, 01 Jan 2020 00:00:05 GMT", "Wed, 01 Jan 2020 00:00:00 GMT")).to.equal(5000);
    expect(
      parseRetryAfter("Wed, 01 Jan 2020 00:00:05 GMT", undefined, Date.UTC(2020, 0, 1, 0, 0, 2)),
    ).to.equal(3000);
    expect(parseRetryAfter("Wed, 01 Jan 2020 00:00:05 GMT", "Wed, 01 Jan 2020 00:01:00 GMT")).to.equal(0);
    expect(parseRetryAfter("soon", undefined)).to.equal(undefined);
  });
});
