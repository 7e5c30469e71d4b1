import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { RateLimiter } from "../../emulator/rate-limit";
import { RawApi, signedCall } from "../helpers/official-signer";

// The BSS limit of 10 calls per second per account and API: every access key of the account shares it.

describe("emulator: rate limit", () => {
  const other = { accessKey: "EMULATORAK0000000002", secretKey: "second-emulator-secret" };
  let emulator: RunningEmulator;
  let api: RawApi;

  before(async () => {
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIALS, other] });
    api = new RawApi(emulator.url);
  });
  after(() => emulator.stop());

  it("answers 429 with Retry-After past 10 calls in a second per API, whichever access key of the account calls", async () => {
    await emulator.admin.resetCounters();
    const otherKeyQuery = () =>
      signedCall(emulator.url, {
        method: "POST",
        path: "/v2/orders/suscriptions/resources/query",
        body: {},
        keys: other,
      });
    const answers = await Promise.all([
      ...Array.from({ length: 7 }, () => api.query({})),
      ...Array.from({ length: 7 }, otherKeyQuery),
    ]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(10);
    const throttled = answers.filter((r) => r.status === 429);
    expect(throttled).to.have.length(4);
    for (const res of throttled) {
      expect(res.json.error_code).to.equal("APIGW.0308");
      expect(res.headers["retry-after"]).to.equal("1");
    }
    // Another API has a budget of its own; the other access key's next query is throttled like the first key's.
    expect((await api.listOrders()).status).to.equal(200);
    expect((await otherKeyQuery()).status).to.equal(429);
    // Every signed call is counted, throttled ones too; the 429s are counted apart as well.
    expect(await emulator.admin.counters()).to.deep.equal({ query: 15, "orders-list": 1 });
    expect(await emulator.admin.throttled()).to.deep.equal({ query: 5 });
  });

  it("frees the budget as the one-second window slides", () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now);
    for (let i = 0; i < 10; i++) expect(limiter.take("k").allowed).to.equal(true);
    now = 400;
    expect(limiter.take("k")).to.deep.equal({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take("other").allowed).to.equal(true);
    now = 1001;
    expect(limiter.take("k").allowed).to.equal(true);
  });
});
