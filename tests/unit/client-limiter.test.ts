import { expect } from "chai";
import {
  KooPhoneClient,
  SlidingWindowRateLimiter,
  sharedRateLimiter,
  type RateLimiterClock,
} from "../../provider/client";
import { STUB_CREDENTIALS, ok, startStub, type Stub } from "./client-stub-server";

/** The most timestamps that fall in any window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** A clock that only moves when someone sleeps. */
function fakeClock(): RateLimiterClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

describe("client: rate limiter", () => {
  it("grants at most N starts in any window (fake clock)", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(clock, 1000);
    const starts: number[] = [];
    for (let i = 0; i < 35; i++) {
      const release = await limiter.acquire("query", 10);
      starts.push(clock.now());
      release();
    }
    expect(busiestWindow(starts, 1000)).to.equal(10);
    expect(starts.slice(0, 10).every((t) => t === 0)).to.equal(true);
    expect(starts[10]).to.equal(1000);
    expect(starts[34]).to.equal(3000);
  });

  it("keeps separate budgets per API", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(clock, 1000);
    for (let i = 0; i < 3; i++) (await limiter.acquire("query", 3))();
    (await limiter.acquire("renew", 3))();
    expect(clock.now()).to.equal(0);
    await limiter.acquire("query", 3);
    expect(clock.now()).to.equal(1000);
  });

  it("keeps a slot taken while its call is in flight, and for a window after it ends", async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(clock, 1000);
    const first = await limiter.acquire("renew", 1);
    let second = false;
    const waiting = limiter.acquire("renew", 1).then((release) => {
      second = true;
      return release;
    });
    await clock.sleep(5000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(second, "no slot while the first call is in flight").to.equal(false);
    first();
    (await waiting)();
    expect(clock.now()).to.equal(6000);
  });

  it("is shared by endpoint + access key", () => {
    expect(sharedRateLimiter("https://a", "AK1")).to.equal(sharedRateLimiter("https://a", "AK1"));
    expect(sharedRateLimiter("https://a", "AK1")).to.not.equal(sharedRateLimiter("https://a", "AK2"));
    expect(sharedRateLimiter("https://a", "AK1")).to.not.equal(sharedRateLimiter("https://b", "AK1"));
  });

  describe("against a server", function () {
    this.timeout(20_000);
    let stub: Stub;
    before(async () => {
      stub = await startStub(() => ok({ total_count: 0, data: [] }));
    });
    after(() => stub.close());

    it("never lets more than callsPerSecond calls of one API reach the server in any second, across clients", async () => {
      const perSecond = 4;
      const make = (): KooPhoneClient =>
        new KooPhoneClient({
          endpoint: stub.url,
          koophoneEndpoint: stub.url,
          credentials: STUB_CREDENTIALS,
          callsPerSecond: perSecond,
        });
      const clients = [make(), make()];
      await Promise.all(
        Array.from({ length: 14 }, (_, i) => clients[i % 2].queryResources({ resource_ids: [`phone-${i}`] })),
      );
      const arrivals = stub.requests.map((r) => r.at);
      expect(arrivals).to.have.length(14);
      expect(busiestWindow(arrivals, 1000)).to.be.at.most(perSecond);
    });
  });
});
