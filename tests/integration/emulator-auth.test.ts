import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator";
import { isLoopback } from "../../emulator/http-util";
import { RawApi, officialSigned, send, signedCall } from "../helpers/official-signer";

// The SDK-HMAC-SHA256 check: what the official signer signs is accepted, anything else is a 401 with an error
// body, and no 401 counts as a call.

const QUERY = "/v2/orders/suscriptions/resources/query";

describe("emulator: request signatures", () => {
  let emulator: RunningEmulator;
  let api: RawApi;
  let phoneId: string;

  before(async () => {
    // The virtual clock is years away from the real one: X-Sdk-Date is checked against the real clock.
    emulator = await startEmulator({ now: "2031-06-01T00:00:00Z", seed: { count: 3, rngSeed: 7 } });
    api = new RawApi(emulator.url);
    phoneId = (await emulator.admin.state()).phones[0].instanceId;
  });
  after(() => emulator.stop());

  async function expect401(
    res: Promise<{ status: number; json: { error_code: string; error_msg: string } }>,
    says: RegExp,
  ) {
    const answer = await res;
    expect(answer.status).to.equal(401);
    expect(answer.json.error_code).to.equal("APIGW.0301");
    expect(answer.json.error_msg).to.match(says);
  }

  it("accepts POST, GET with a query, DELETE with a path parameter and KooPhone calls signed by the official signer", async () => {
    const query = await api.query({ resource_ids: [phoneId], limit: 10 });
    expect(query.status).to.equal(200);
    expect(query.json.data[0].resource_id).to.equal(phoneId);
    expect((await api.listOrders({ limit: "5", order_by: "-createTime" })).status).to.equal(200);
    expect((await api.autoRenewOff(phoneId)).status).to.equal(204);
    const instances = await api.instances({ page_no: "1", page_size: "2", instance_name: "phone-00" });
    expect(instances.status).to.equal(200);
    expect(instances.json.data.total_count).to.equal(3);
    expect((await api.instanceStatus([phoneId])).json.data.status_results).to.have.length(1);
  });

  it("puts the virtual clock in the Date header of every answer", async () => {
    const res = await api.query({});
    expect(new Date(res.headers.date as string).toISOString()).to.equal("2031-06-01T00:00:00.000Z");
    const refused = await send({ method: "POST", url: `${emulator.url}${QUERY}`, headers: {}, body: "{}" });
    expect(new Date(refused.headers.date as string).toISOString()).to.equal("2031-06-01T00:00:00.000Z");
  });

  it("refuses a request without Authorization", async () => {
    await expect401(
      send({ method: "POST", url: `${emulator.url}${QUERY}`, headers: {}, body: "{}" }),
      /missing/,
    );
  });

  it("refuses a malformed Authorization header", async () => {
    const req = officialSigned(emulator.url, { method: "POST", path: QUERY, body: {} });
    req.headers.Authorization = req.headers.Authorization.replace("Signature=", "Sig=");
    await expect401(send(req), /malformed/);
  });

  it("refuses a tampered body, path, query or signature", async () => {
    const body = officialSigned(emulator.url, { method: "POST", path: QUERY, body: { limit: 10 } });
    await expect401(send({ ...body, body: JSON.stringify({ limit: 11 }) }), /does not match/);
    // The same JSON with other bytes (a space) is another body.
    await expect401(send({ ...body, body: '{"limit": 10}' }), /does not match/);

    const path = officialSigned(emulator.url, {
      method: "GET",
      path: "/v2/orders/customer-orders/details/CS1",
    });
    await expect401(send({ ...path, url: path.url.replace("CS1", "CS2") }), /does not match/);

    const query = officialSigned(emulator.url, {
      method: "GET",
      path: "/v2/orders/customer-orders",
      query: { limit: "5" },
    });
    await expect401(send({ ...query, url: query.url.replace("limit=5", "limit=6") }), /does not match/);

    const signature = officialSigned(emulator.url, { method: "POST", path: QUERY, body: {} });
    const last = signature.headers.Authorization.slice(-1);
    signature.headers.Authorization =
      signature.headers.Authorization.slice(0, -1) + (last === "0" ? "1" : "0");
    await expect401(send(signature), /does not match/);
  });

  it("refuses a request signed with another secret key or by an unknown access key", async () => {
    await expect401(
      signedCall(emulator.url, {
        method: "POST",
        path: QUERY,
        body: {},
        keys: { accessKey: "EMULATORAK0000000001", secretKey: "not-the-secret" },
      }),
      /does not match/,
    );
    await expect401(
      signedCall(emulator.url, {
        method: "POST",
        path: QUERY,
        body: {},
        keys: { accessKey: "NOSUCHAK", secretKey: "x" },
      }),
      /access key is not known/,
    );
  });

  it("refuses an X-Sdk-Date more than 15 minutes from the real clock, either way, and accepts 14 minutes", async () => {
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    await expect401(
      signedCall(emulator.url, { method: "POST", path: QUERY, body: {}, signedAt: minutes(-16) }),
      /15 minutes/,
    );
    await expect401(
      signedCall(emulator.url, { method: "POST", path: QUERY, body: {}, signedAt: minutes(16) }),
      /15 minutes/,
    );
    expect(
      (await signedCall(emulator.url, { method: "POST", path: QUERY, body: {}, signedAt: minutes(-14) }))
        .status,
    ).to.equal(200);
  });

  it("requires host and x-sdk-date among the signed headers", async () => {
    const req = officialSigned(emulator.url, { method: "POST", path: QUERY, body: {} });
    req.headers.Authorization = req.headers.Authorization.replace(
      "SignedHeaders=content-type;host;",
      "SignedHeaders=content-type;",
    );
    await expect401(send(req), /must include host and x-sdk-date/);
  });

  it("counts signed calls only", async () => {
    await emulator.admin.resetCounters();
    await send({ method: "POST", url: `${emulator.url}${QUERY}`, headers: {}, body: "{}" });
    await api.query({});
    expect(await emulator.admin.counters()).to.deep.equal({ query: 1 });
  });

  it("answers an unknown API with 404 and keeps the admin API to loopback clients", async () => {
    const res = await api.call({ method: "GET", path: "/v2/orders/no-such-api" });
    expect(res.status).to.equal(404);
    expect(res.json.error_code).to.equal("APIGW.0101");
    expect(isLoopback("127.0.0.1")).to.equal(true);
    expect(isLoopback("::ffff:127.0.0.5")).to.equal(true);
    expect(isLoopback("::1")).to.equal(true);
    expect(isLoopback("10.0.0.8")).to.equal(false);
    expect(isLoopback("::ffff:192.168.1.2")).to.equal(false);
  });
});
