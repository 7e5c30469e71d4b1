import { expect } from "chai";
import { inspect } from "node:util";
import {
  AuthenticationError,
  ConnectionError,
  FAILURE_KIND_OF_CODE,
  InsufficientBalanceError,
  InvalidRequestError,
  KooPhoneApiError,
  OrderStateError,
  PendingOrderError,
  PermissionError,
  RateLimitError,
  ResourceNotFoundError,
  ServerError,
  UnknownOutcomeError,
  maskAccessKey,
} from "../../provider/client";
import {
  STUB_CREDENTIALS,
  fail,
  ok,
  startStub,
  stubClient,
  type Stub,
  type StubReply,
} from "./client-stub-server";

type ErrorClass = new (...args: never[]) => KooPhoneApiError;

/** Every documented code, the status Huawei answers it with, and the kind it must become. */
const DOCUMENTED: [code: string, status: number, kind: ErrorClass][] = [
  ["CBC.0100", 400, InvalidRequestError],
  ["CBC.30010036", 400, InvalidRequestError],
  ["CBC.30010069", 400, InvalidRequestError],
  ["CBC.99000092", 400, InvalidRequestError],
  ["CBC.99003154", 400, InvalidRequestError],
  ["CBC.99003602", 400, InvalidRequestError],
  ["CBC.99003631", 400, InvalidRequestError],
  ["CBC.99003108", 400, InvalidRequestError],
  ["CBC.30050007", 200, InvalidRequestError],
  ["CBC.30050008", 200, InvalidRequestError],
  ["CBC.30050011", 200, InvalidRequestError],
  ["CBC.30050012", 200, InvalidRequestError],
  ["CBC.30050013", 200, InvalidRequestError],
  ["KOOPHONE.API.1000", 400, InvalidRequestError],
  ["CBC.99003016", 400, ResourceNotFoundError],
  ["CBC.99003012", 400, ResourceNotFoundError],
  ["CBC.30050009", 200, ResourceNotFoundError],
  ["CBC.99003100", 400, PendingOrderError],
  ["CBC.30050010", 200, PendingOrderError],
  ["CBC.99003144", 400, PendingOrderError],
  ["CBC.99005003", 400, InsufficientBalanceError],
  ["CBC.30050006", 400, InsufficientBalanceError],
  ["CBC.30000010", 400, OrderStateError],
  ["CBC.99003106", 400, OrderStateError],
  ["CBC.99003110", 400, OrderStateError],
  ["CBC.99008040", 400, RateLimitError],
  ["CBC.0150", 403, PermissionError],
  ["CBC.0151", 403, PermissionError],
  ["CBC.0156", 403, PermissionError],
  ["APIGW.0301", 401, AuthenticationError],
  ["APIGW.0308", 429, RateLimitError],
  ["CBC.0999", 500, ServerError],
];

/** Answers without a documented code: the HTTP status decides. */
const BY_STATUS: [status: number, code: string | undefined, kind: ErrorClass][] = [
  [401, undefined, AuthenticationError],
  [403, undefined, PermissionError],
  [404, undefined, ResourceNotFoundError],
  [429, undefined, RateLimitError],
  [400, "CBC.12345678", InvalidRequestError],
  [409, undefined, InvalidRequestError],
  [200, "CBC.87654321", InvalidRequestError],
  [500, undefined, ServerError],
  [503, "APIGW.0501", ServerError],
];

const RATE = { resource_ids: ["phone-1"], period_type: 2 as const, period_num: 1 };
const RENEW = { resource_ids: ["phone-1"], period_type: 3 as const, period_num: 1 };

async function rejection(promise: Promise<unknown>): Promise<KooPhoneApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(KooPhoneApiError);
    return error as KooPhoneApiError;
  }
  throw new Error("expected the call to fail");
}

describe("client: error mapping", () => {
  let stub: Stub;
  let reply: StubReply = ok();
  before(async () => {
    stub = await startStub(() => reply);
  });
  after(() => stub.close());

  it("covers every code in the table with a test", () => {
    expect(new Set(DOCUMENTED.map(([code]) => code))).to.deep.equal(new Set(FAILURE_KIND_OF_CODE.keys()));
  });

  for (const [code, status, kind] of DOCUMENTED) {
    it(`${code} (HTTP ${status}) -> ${kind.name}, with code, status, api and phones`, async () => {
      reply = fail(status, code, `message for ${code}`);
      const { client } = stubClient(stub, { maxRetries: 0 });
      const error = await rejection(client.renewRate(RATE));
      expect(error).to.be.instanceOf(kind);
      expect(error).to.include({ code, httpStatus: status, api: "rate", name: kind.name });
      expect(error.resourceIds).to.deep.equal(["phone-1"]);
      expect(error.message).to.include(code).and.include(`message for ${code}`).and.include("phone-1");
    });
  }

  for (const [status, code, kind] of BY_STATUS) {
    it(`HTTP ${status} ${code ?? "without a code"} -> ${kind.name}`, async () => {
      reply = fail(status, code);
      const { client } = stubClient(stub, { maxRetries: 0 });
      expect(await rejection(client.getOrder("order-1"))).to.be.instanceOf(kind);
    });
  }

  it("a 4xx on renew is the specific error, not an unknown outcome", async () => {
    reply = fail(400, "CBC.99003100", "pending payment order");
    const { client } = stubClient(stub);
    const error = await rejection(client.renew(RENEW));
    expect(error).to.be.instanceOf(PendingOrderError);
    expect(error.message).to.match(/^renew \(phones phone-1\): .*CBC\.99003100.*Pay or cancel/);
  });

  it("a non-JSON error page keeps its text as the detail", async () => {
    reply = { status: 502, body: "<html>Bad Gateway</html>" };
    const { client } = stubClient(stub, { maxRetries: 0 });
    const error = await rejection(client.queryResources({}));
    expect(error).to.be.instanceOf(ServerError);
    expect(error.detail).to.equal("<html>Bad Gateway</html>");
  });

  it("success codes in 200 answers are not errors (CBC.0000, 0)", async () => {
    const { client } = stubClient(stub);
    reply = ok({ error_code: "CBC.0000", error_msg: "success" });
    await client.setRenewConfig({ config_name: "DEDUCTION_DATE", config_value: "3" });
    reply = ok({ error_code: "0", data: { status_results: [{ instance_id: "phone-1", status: 2 }] } });
    expect((await client.queryInstanceStatus(["phone-1"])).data.status_results).to.have.length(1);
  });

  it("a 200 listing per-phone failures is a result, even with a top-level error code", async () => {
    const failures = [{ resource_id: "phone-1", error_code: "CBC.30050009", error_msg: "absent" }];
    reply = ok({
      error_code: "CBC.30050009",
      error_msg: "absent",
      renew_inquiry_results: [],
      fail_resource_infos: failures,
    });
    const { client } = stubClient(stub);
    expect((await client.renewRate(RATE)).fail_resource_infos).to.deep.equal(failures);
    reply = fail(400, "CBC.99003016", "absent");
    expect(await rejection(client.renew(RENEW))).to.be.instanceOf(ResourceNotFoundError);
  });

  it("an unexpected answer to a read is a ServerError naming the field", async () => {
    reply = ok({ total_count: "many" });
    const { client } = stubClient(stub, { maxRetries: 0 });
    const error = await rejection(client.queryResources({}));
    expect(error).to.be.instanceOf(ServerError);
    expect(error.detail).to.include("total_count");
  });

  it("invalid requests are refused before sending", async () => {
    const { client, calls } = stubClient(stub);
    const tooMany = Array.from({ length: 11 }, (_, i) => `phone-${i}`);
    const error = await rejection(client.renew({ ...RENEW, resource_ids: tooMany }));
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect(error.detail).to.match(/^not sent: resource_ids/);
    await rejection(client.queryResources({ resource_ids: Array.from({ length: 51 }, (_, i) => `p${i}`) }));
    await rejection(client.getOrder(""));
    expect(calls).to.deep.equal([]);
  });
});

describe("client: per-resource failures are returned, not thrown", () => {
  let stub: Stub;
  before(async () => {
    stub = await startStub((req) => {
      if (req.path.endsWith("/renew")) {
        return ok({
          order_ids: ["order-1"],
          fail_resource_infos: [{ resource_id: "phone-2", error_code: "CBC.99003100", error_msg: "pending" }],
        });
      }
      if (req.path.endsWith("/renew-rate")) {
        return ok({
          currency: "",
          renew_inquiry_results: [{ resource_id: "phone-1", amount: "12.50" }],
          official_website_rating_result: { official_website_amount: 12.5 },
          fail_resource_infos: [{ resource_id: "phone-2", error_code: "CBC.30050009", error_msg: "absent" }],
          extra_field: "kept",
        });
      }
      return ok({ error_details: [{ id: "phone-2", error_code: "CBC.99003016", error_msg: "absent" }] });
    });
  });
  after(() => stub.close());

  it("renew: order ids and fail_resource_infos", async () => {
    const { client } = stubClient(stub);
    const result = await client.renew({ ...RENEW, resource_ids: ["phone-1", "phone-2"] });
    expect(result.order_ids).to.deep.equal(["order-1"]);
    expect(result.fail_resource_infos).to.deep.equal([
      { resource_id: "phone-2", error_code: "CBC.99003100", error_msg: "pending" },
    ]);
  });

  it("renew-rate: prices, CNY by default, failures, extra fields kept", async () => {
    const { client } = stubClient(stub);
    const result = await client.renewRate({ ...RATE, resource_ids: ["phone-1", "phone-2"] });
    expect(result.currency).to.equal("CNY");
    expect(result.renew_inquiry_results).to.deep.equal([{ resource_id: "phone-1", amount: "12.50" }]);
    expect(result.official_website_rating_result?.official_website_amount).to.equal("12.5");
    expect(result.fail_resource_infos[0].error_code).to.equal("CBC.30050009");
    expect((result as Record<string, unknown>)["extra_field"]).to.equal("kept");
  });

  it("to-on-demand: error_details", async () => {
    const { client } = stubClient(stub);
    const result = await client.toOnDemand({ operation: "CANCEL", resource_ids: ["phone-1", "phone-2"] });
    expect(result.error_details.map((d) => d.id)).to.deep.equal(["phone-2"]);
  });
});

describe("client: no credential in any error", () => {
  const { accessKey, secretKey, securityToken } = STUB_CREDENTIALS;
  // A server that echoes every credential back in its error messages.
  const echo = `ak=${accessKey} sk=${secretKey} token=${securityToken}`;

  function assertClean(error: unknown): void {
    for (const text of [
      (error as Error).message,
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
    ]) {
      expect(text).to.not.include(secretKey);
      expect(text).to.not.include(securityToken);
      expect(text).to.not.include(accessKey);
    }
  }

  it("provokes every error kind and finds no secret key, token or unmasked access key", async () => {
    const scripted: StubReply[] = [
      fail(401, "APIGW.0301", echo),
      fail(403, "CBC.0151", echo),
      fail(429, undefined, echo),
      fail(400, "CBC.0100", echo),
      fail(400, "CBC.99003016", echo),
      fail(400, "CBC.99003100", echo),
      fail(400, "CBC.99005003", echo),
      fail(400, "CBC.30000010", echo),
      fail(500, "CBC.0999", echo),
      "reset",
      fail(503, undefined, echo),
      { status: 502, body: echo },
    ];
    const stub = await startStub((_, i) => scripted[i] ?? "reset");
    const { client } = stubClient(stub, { maxRetries: 0 });
    const errors: unknown[] = [];
    const capture = async (call: Promise<unknown>): Promise<void> => {
      errors.push(await rejection(call));
    };
    for (let i = 0; i < 9; i++) await capture(client.renewRate(RATE));
    await capture(client.queryResources({}));
    await capture(client.renew(RENEW));
    await capture(client.getOrder("order-1"));
    await capture(client.renew({ ...RENEW, resource_ids: [] }));
    await stub.close();
    await capture(client.queryResources({}));

    const kinds = new Set(errors.map((e) => (e as Error).name));
    expect([...kinds].sort()).to.deep.equal(
      [
        AuthenticationError,
        PermissionError,
        RateLimitError,
        InvalidRequestError,
        ResourceNotFoundError,
        PendingOrderError,
        InsufficientBalanceError,
        OrderStateError,
        ServerError,
        ConnectionError,
        UnknownOutcomeError,
      ]
        .map((kind) => kind.name)
        .sort(),
    );
    for (const error of errors) assertClean(error);
    expect((errors[0] as Error).message).to.include(`ak=${maskAccessKey(accessKey)} sk=**** token=****`);
  });

  it("shows no credential when the client itself is inspected or serialized", () => {
    const { client } = stubClient({ url: "http://127.0.0.1:1", requests: [], close: async () => {} });
    assertClean(Object.assign(new Error("client"), { client: inspect(client, { showHidden: true }) }));
    expect(JSON.stringify(client)).to.not.include(secretKey);
  });

  it("masks access keys like EMUL****0001", () => {
    expect(maskAccessKey("EMULATORAK0000000001")).to.equal("EMUL****0001");
    expect(maskAccessKey("short")).to.equal("****");
  });
});
