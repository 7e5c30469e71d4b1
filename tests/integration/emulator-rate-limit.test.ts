import { expect } from "chai";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { RateLimiter } from "../../emulator/rate-limit";
import { RawApi, signedCall } from "../helpers/official-signer";

// The BSS limit of 10 calls per second per access key and API.

describe("emulator: rate limit", () => {
  const other = { accessKey: "EMULATORAK0000000002", secretKey: "second-emulator-secret" };
  let emulator: RunningEmulator;
  let api: RawApi;

  before(async () => {
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIALS, other] });
    api = new RawApi(emulator.url);
  });
  after(() => emulator.stop());

  it("answers 429 with Retry-After past 10 calls in a second, per access key and API", async () => {
    const answers = await Promise.all(Array.from({ length: 14 }, () => api.query({})));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(10);
    const throttled = answers.filter((r) => r.status === 429);
    expect(throttled).to.have.length(4);
    for (const res of throttled) {
      expect(res.json.error_code).to.equal("APIGW.0308");
      expect(res.headers["retry-after"]).to.equal("1");
    }
    // Another API, and another access key on the same API, have budgets of their own.
    expect((await api.listOrders()).status).to.equal(200);
    expect(
      (
        await signedCall(emulator.url, {
          method: "POST",
          path: "/v2/orders/suscriptions/resources/query",
          body: {},
          keys: other,
        })
      ).status,
    ).to.equal(200);
    // Every signed call is counted, throttled ones too.
    expect((await emulator.admin.counters()).query).to.equal(15);
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
