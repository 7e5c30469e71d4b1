import { expect } from "chai";
import { createHash } from "node:crypto";
import { RunningEmulator, startEmulator } from "../../emulator";
import { RawApi, officialSigned, send } from "../helpers/official-signer";

// Bad input is refused with the parameter error code and a message naming the field; nothing crashes the server.

describe("emulator: request validation", () => {
  let emulator: RunningEmulator;
  let api: RawApi;
  let phone: string;

  before(async () => {
    emulator = await startEmulator({ now: "2026-03-10T04:00:00Z", rateLimit: 1000, seed: { count: 1 } });
    api = new RawApi(emulator.url);
    phone = (await emulator.admin.state()).phones[0].instanceId;
  });
  after(() => emulator.stop());

  async function refused(
    res: Promise<{ status: number; json: { error_code: string; error_msg: string } }>,
    field: string,
    code = "CBC.0100",
    status = 400,
  ) {
    const answer = await res;
    expect(answer.status, answer.json.error_msg).to.equal(status);
    expect(answer.json.error_code).to.equal(code);
    expect(answer.json.error_msg).to.include(field);
  }

  const renew = (body: Record<string, unknown>) =>
    api.renew({ resource_ids: [phone], period_type: 2, period_num: 1, ...body });

  it("refuses a body that is not JSON", async () => {
    // Signed over the broken bytes (the official signer takes X-Sdk-Content-Sha256 as the body hash): the
    // signature is right, the body is not.
    const body = "{not json";
    const signed = officialSigned(emulator.url, {
      method: "POST",
      path: "/v2/orders/subscriptions/resources/renew",
      headers: { "X-Sdk-Content-Sha256": createHash("sha256").update(body).digest("hex") },
    });
    await refused(send({ ...signed, body }), "not valid JSON");
  });

  it("names the field of a wrong type, an out-of-range value or an unknown field", async () => {
    await refused(renew({ period_num: "1" }), "period_num");
    await refused(renew({ period_num: 12 }), "period_num");
    await refused(renew({ period_num: 0 }), "period_num");
    await refused(renew({ period_type: 4 }), "period_type");
    await refused(renew({ is_auto_pay: 2 }), "is_auto_pay");
    await refused(renew({ resource_ids: [] }), "resource_ids");
    await refused(renew({ resource_ids: Array.from({ length: 11 }, (_, i) => `p${i}`) }), "resource_ids");
    await refused(renew({ resource_ids: [123] }), "resource_ids[0]");
    await refused(renew({ resource_ids: [phone, phone] }), "resource_ids");
    await refused(renew({ periodNum: 1 }), '"periodNum"');
    await refused(api.renew([phone]), "(body)");
    await refused(api.query({ limit: 0 }), "limit");
    await refused(api.query({ status_list: [7] }), "status_list[0]");
    await refused(api.query({ expire_time_begin: "2026-03-10 04:00:00" }), "expire_time_begin");
    await refused(api.rate({ resource_ids: [phone], period_type: 2 }), "period_num");
    await refused(api.autoRenewOn(phone, { auto_renew_times: 100 }), "auto_renew_times");
    await refused(api.autoRenewOn(phone, { period_type: "WEEK" }), "period_type");
    await refused(api.toOnDemand({ operation: "SET", resource_ids: [phone] }), "operation");
    await refused(api.renewConfig({ config_name: "EXPIRE_DATE" }), "config_value");
    await refused(api.renewConfig({ config_name: "RENEW_DAY", config_value: "1" }), "config_name");
    await refused(
      api.call({
        method: "POST",
        path: "/v3/orders/customer-orders/pay",
        body: { order_id: "x", use_coupon: "MAYBE", use_discount: "NO" },
      }),
      "use_coupon",
    );
    await refused(
      api.call({ method: "PUT", path: "/v2/orders/customer-orders/cancel", body: {} }),
      "order_id",
    );
  });

  it("answers an out-of-range renewal config value with HTTP 200 and error_code CBC.0100", async () => {
    for (const [name, value] of [
      ["EXPIRE_DATE", "29"],
      ["EXPIRE_DATE", "0"],
      ["DEDUCTION_DATE", "8"],
    ]) {
      await refused(
        api.renewConfig({ config_name: name, config_value: value }),
        "config_value",
        "CBC.0100",
        200,
      );
    }
    expect((await emulator.admin.state()).config).to.deep.equal({ DEDUCTION_DATE: "7" });
  });

  it("checks query strings: a non-number, a repeated parameter", async () => {
    await refused(api.listOrders({ limit: "abc" }), "limit");
    await refused(api.listOrders({ limit: "101" }), "limit");
    await refused(api.listOrders({ order_by: "amount" }), "order_by");
    await refused(
      api.call({ method: "GET", path: "/v2/orders/customer-orders", query: { status: ["5", "6"] } }),
      "status",
    );
  });

  it("uses KooPhone's own parameter error code for the KooPhone APIs", async () => {
    await refused(api.instances({ page_size: "10" }), "page_no", "KOOPHONE.API.1000");
    await refused(api.instances({ page_no: "1", page_size: "1000" }), "page_size", "KOOPHONE.API.1000");
    await refused(
      api.instanceStatus(Array.from({ length: 101 }, (_, i) => `i${i}`)),
      "instance_ids",
      "KOOPHONE.API.1000",
    );
  });

  it("takes null as an absent field, as the official SDKs send it", async () => {
    const res = await api.query({ resource_ids: null, limit: 10, offset: null });
    expect(res.status).to.equal(200);
    expect(res.json.total_count).to.equal(1);
  });

  it("refuses a body over 1 MiB and keeps answering afterwards", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    const res = await send({
      method: "POST",
      url: `${emulator.url}/v2/orders/suscriptions/resources/query`,
      headers: {},
      body: big,
    }).catch((error: Error) => error);
    if (!(res instanceof Error)) expect(res.status).to.equal(413);
    expect((await api.query({})).status).to.equal(200);
  });
});
