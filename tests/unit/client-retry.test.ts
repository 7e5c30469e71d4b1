import { expect } from "chai";
import {
  ConnectionError,
  KooPhoneApiError,
  RateLimitError,
  ServerError,
  UnknownOutcomeError,
} from "../../provider/client";
import {
  STUB_RESOURCE as RESOURCE,
  fail,
  ok,
  startStub,
  stubClient,
  type Stub,
  type StubHandler,
} from "./client-stub-server";

const QUERY_OK = ok({ total_count: 1, data: [RESOURCE] });
const RENEW = { resource_ids: ["phone-1", "phone-2"], period_type: 2 as const, period_num: 1 };
const RENEWED = { order_ids: ["order-1"], fail_resource_infos: [] };

async function rejection(promise: Promise<unknown>): Promise<KooPhoneApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(KooPhoneApiError);
    return error as KooPhoneApiError;
  }
  throw new Error("expected the call to fail");
}

describe("client: retries and ambiguous outcomes", () => {
  let stub: Stub | undefined;
  const serve = async (handler: StubHandler): Promise<Stub> => (stub = await startStub(handler));
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  describe("reads", () => {
    it("retries 5xx and then succeeds, one onCall per attempt", async () => {
      const s = await serve((_, i) => (i < 2 ? fail(503, undefined, "busy") : QUERY_OK));
      const { client, calls } = stubClient(s);
      const page = await client.queryResources({ resource_ids: ["phone-1"] });
      expect(page.data[0].resource_id).to.equal("phone-1");
      expect(calls).to.deep.equal(["query", "query", "query"]);
      expect(s.requests.every((r) => r.signatureValid)).to.equal(true);
    });

    it("retries 429 and CBC.0999 answered with HTTP 200", async () => {
      const s = await serve((_, i) => [fail(429, "APIGW.0308"), fail(200, "CBC.0999"), QUERY_OK][i]);
      const { client } = stubClient(s);
      await client.queryResources({ resource_ids: ["phone-1"] });
      expect(s.requests).to.have.length(3);
    });

    it("retries a dropped connection and a timeout", async () => {
      const s = await serve((_, i) => (i === 0 ? "reset" : i === 1 ? "hang" : QUERY_OK));
      const { client } = stubClient(s, { timeoutMs: 300 });
      await client.queryResources({ resource_ids: ["phone-1"] });
      expect(s.requests).to.have.length(3);
    });

    it("gives up after maxRetries with ServerError (5xx) carrying code, status and ids", async () => {
      const s = await serve(() => fail(500, "CBC.0999", "internal"));
      const { client, calls } = stubClient(s, { maxRetries: 2 });
      const error = await rejection(client.queryResources({ resource_ids: ["phone-1"] }));
      expect(error).to.be.instanceOf(ServerError);
      expect(error).to.include({ code: "CBC.0999", httpStatus: 500, api: "query" });
      expect(error.resourceIds).to.deep.equal(["phone-1"]);
      expect(calls).to.have.length(3);
    });

    it("gives up on network failures with ConnectionError", async () => {
      const s = await serve(() => "reset");
      const { client } = stubClient(s, { maxRetries: 1 });
      const error = await rejection(client.getOrder("order-1"));
      expect(error).to.be.instanceOf(ConnectionError);
      expect(error.orderId).to.equal("order-1");
      expect(s.requests).to.have.length(2);
    });

    it("honours Retry-After in seconds", async () => {
      const s = await serve((_, i) =>
        i === 0 ? fail(429, undefined, "slow down", { "Retry-After": "1" }) : QUERY_OK,
      );
      const { client } = stubClient(s);
      await client.queryResources({});
      expect(s.requests[1].at - s.requests[0].at).to.be.at.least(950);
    });

    it("honours Retry-After as an HTTP date, read against the answer's Date header", async () => {
      // The server's clock is far in the past (a virtual clock): only the difference counts.
      const serverNow = new Date("2020-01-01T00:00:00Z");
      const retryAt = new Date(serverNow.getTime() + 1000);
      const s = await serve((_, i) =>
        i === 0
          ? fail(503, undefined, "busy", {
              Date: serverNow.toUTCString(),
              "Retry-After": retryAt.toUTCString(),
            })
          : QUERY_OK,
      );
      const { client } = stubClient(s);
      await client.queryResources({});
      expect(s.requests[1].at - s.requests[0].at).to.be.at.least(950);
    });

    it("does not wait for a Retry-After beyond a minute: raises RateLimitError at once", async () => {
      const s = await serve(() => fail(429, undefined, "later", { "Retry-After": "3600" }));
      const { client } = stubClient(s);
      const error = await rejection(client.renewRate(RENEW));
      expect(error).to.be.instanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).to.equal(3_600_000);
      expect(s.requests).to.have.length(1);
    });

    it("retries the idempotent setters (auto-renew, to-on-demand, renew config)", async () => {
      const s = await serve((req) => {
        const seen = s.requests.filter((r) => r.path === req.path && r.method === req.method).length;
        if (seen === 1) return fail(502);
        return req.path.endsWith("to-on-demand") ? ok({ error_details: [] }) : ok();
      });
      const { client, calls } = stubClient(s);
      await client.enableAutoRenew("phone-1");
      await client.disableAutoRenew("phone-1");
      await client.toOnDemand({ operation: "SET_UP", resource_ids: ["phone-1"] });
      await client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "15" });
      expect(calls).to.deep.equal([
        "autorenew-on",
        "autorenew-on",
        "autorenew-off",
        "autorenew-off",
        "to-on-demand",
        "to-on-demand",
        "renew-config",
        "renew-config",
      ]);
    });
  });

  describe("renew, pay and cancel are sent again only when nothing was done", () => {
    it("renew: a 5xx is an unknown outcome, with the phones", async () => {
      const s = await serve(() => fail(503, undefined, "busy"));
      const { client, calls } = stubClient(s);
      const error = await rejection(client.renew(RENEW));
      expect(error).to.be.instanceOf(UnknownOutcomeError);
      expect(error).to.include({ httpStatus: 503, api: "renew" });
      expect(error.resourceIds).to.deep.equal(["phone-1", "phone-2"]);
      expect(error.message)
        .to.match(/outcome is unknown/)
        .and.match(/phone-1, phone-2/);
      expect(calls).to.deep.equal(["renew"]);
    });

    it("renew: CBC.0999 in a 200 answer is an unknown outcome", async () => {
      const s = await serve(() => fail(200, "CBC.0999", "other error"));
      const { client } = stubClient(s);
      expect(await rejection(client.renew(RENEW))).to.be.instanceOf(UnknownOutcomeError);
      expect(s.requests).to.have.length(1);
    });

    it("renew: a dropped connection is an unknown outcome", async () => {
      const s = await serve(() => "reset");
      const { client } = stubClient(s);
      const error = await rejection(client.renew(RENEW));
      expect(error).to.be.instanceOf(UnknownOutcomeError);
      expect(error.networkCode).to.be.a("string");
      expect(s.requests).to.have.length(1);
    });

    it("renew: a timeout is an unknown outcome", async () => {
      const s = await serve(() => "hang");
      const { client } = stubClient(s, { timeoutMs: 300 });
      const error = await rejection(client.renew(RENEW));
      expect(error).to.be.instanceOf(UnknownOutcomeError);
      expect(s.requests).to.have.length(1);
    });

    it("renew: an answer that does not parse is an unknown outcome", async () => {
      const s = await serve(() => ok({ order_ids: "not-a-list" }));
      const { client } = stubClient(s);
      expect(await rejection(client.renew(RENEW))).to.be.instanceOf(UnknownOutcomeError);
    });

    it("renew: a 429 (not carried out) is sent again, and succeeds", async () => {
      const s = await serve((_, i) =>
        i === 0 ? fail(429, "APIGW.0308", "throttled", { "Retry-After": "0" }) : ok(RENEWED),
      );
      const { client, calls } = stubClient(s);
      expect(await client.renew(RENEW)).to.deep.include({ order_ids: ["order-1"] });
      expect(calls).to.deep.equal(["renew", "renew"]);
    });

    it("renew: a 429 that persists is RateLimitError after maxRetries", async () => {
      const s = await serve(() => fail(429, undefined, "throttled", { "Retry-After": "0" }));
      const { client } = stubClient(s, { maxRetries: 3 });
      expect(await rejection(client.renew(RENEW))).to.be.instanceOf(RateLimitError);
      expect(s.requests).to.have.length(4);
    });

    it("renew: connection refused before sending is a ConnectionError once the retries run out", async () => {
      const s = await serve(() => QUERY_OK);
      const { client, calls } = stubClient(s, { maxRetries: 2 });
      await s.close();
      stub = undefined;
      const error = await rejection(client.renew(RENEW));
      expect(error).to.be.instanceOf(ConnectionError);
      expect(error.networkCode).to.equal("ECONNREFUSED");
      expect(calls).to.deep.equal(["renew", "renew", "renew"]);
    });

    it("payOrder: 500 and reset are unknown outcomes carrying the order id", async () => {
      const s = await serve((_, i) => (i === 0 ? fail(500, "CBC.0999") : "reset"));
      const { client } = stubClient(s);
      const pay = { order_id: "order-9", use_coupon: "NO" as const, use_discount: "NO" as const };
      const first = await rejection(client.payOrder(pay));
      const second = await rejection(client.payOrder(pay));
      expect(first).to.be.instanceOf(UnknownOutcomeError);
      expect(second).to.be.instanceOf(UnknownOutcomeError);
      expect(first.orderId).to.equal("order-9");
      expect(s.requests).to.have.length(2);
    });

    it("cancelOrder: a timeout is an unknown outcome, sent once", async () => {
      const s = await serve(() => "hang");
      const { client } = stubClient(s, { timeoutMs: 300 });
      const error = await rejection(client.cancelOrder("order-3"));
      expect(error).to.be.instanceOf(UnknownOutcomeError);
      expect(error.orderId).to.equal("order-3");
      expect(s.requests).to.have.length(1);
    });
  });
});
