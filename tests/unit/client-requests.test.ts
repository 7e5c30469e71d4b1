import { expect } from "chai";
import { ok, startStub, stubClient, type Stub, type StubRequest } from "./client-stub-server";

const RESOURCE = (id: string): Record<string, unknown> => ({
  id: `sub-${id}`,
  resource_id: id,
  status: 2,
  expire_time: "2030-01-01T15:59:59Z",
  expire_policy: 3,
  resource_name: null,
  vendor_extra: { kept: true },
});
const INSTANCE = (n: number): Record<string, unknown> => ({
  instance_id: `phone-${n}`,
  instance_name: `phone ${n}`,
  instance_sku: "standard",
  billing_mode: "prePaid",
  frozen_status: 0,
  running_status: 2,
});
const SERVER_DATE = "Sat, 02 Mar 2030 04:05:06 GMT";

/** Plays the BSS and KooPhone endpoints closely enough to check what the client sends and pages through. */
function cloud(instances: number): (req: StubRequest) => ReturnType<typeof ok> {
  return (req) => {
    const date = { Date: SERVER_DATE };
    if (req.path === "/v2/orders/suscriptions/resources/query") {
      const body = JSON.parse(req.body) as { resource_ids?: string[]; offset?: number; limit?: number };
      const { resource_ids: ids = [], offset = 0, limit = 10 } = body;
      return ok({ total_count: ids.length, data: ids.slice(offset, offset + limit).map(RESOURCE) }, date);
    }
    if (req.path === "/v1/instances/batch-query") {
      const pageNo = Number(req.query["page_no"]);
      const pageSize = Number(req.query["page_size"]);
      const all = Array.from({ length: instances }, (_, i) => INSTANCE(i));
      const result = all.slice((pageNo - 1) * pageSize, pageNo * pageSize);
      return ok({ data: { result, page_no: pageNo, page_size: pageSize, total_count: instances } });
    }
    if (req.path === "/v1/instances/batch-query-status") {
      return ok({ error_code: "0", data: { status_results: [{ instance_id: "phone-1", status: 2 }] } });
    }
    if (req.path === "/v2/orders/subscriptions/resources/renew") return ok({ order_ids: ["o-1"] }, date);
    if (req.path === "/v2/bills/ratings/period-resources/renew-rate") {
      return ok(
        { currency: "CNY", renew_inquiry_results: [{ resource_id: "phone-1", amount: "30.00" }] },
        date,
      );
    }
    if (req.path === "/v2/orders/subscriptions/resources/to-on-demand") return ok({}, date);
    if (req.path === "/v2/orders/customer-orders") {
      const offset = Number(req.query["offset"] ?? 0);
      const limit = Number(req.query["limit"] ?? 10);
      const all = Array.from({ length: 150 }, (_, i) => ({ order_id: `o-${i}`, status: 6, order_type: 2 }));
      return ok({ total_count: all.length, order_infos: all.slice(offset, offset + limit) }, date);
    }
    if (req.path.startsWith("/v2/orders/customer-orders/details/")) {
      return ok(
        {
          order_info: { order_id: "o-1", status: 6, pending_payment_end_time: "2030-03-09T04:05:06Z" },
          order_line_items: [{ order_line_item_id: "l-1", order_id: "o-1", period_type: 2, period_num: 1 }],
        },
        date,
      );
    }
    if (req.path.endsWith("/renew/config")) return ok({ error_code: "CBC.0000", error_msg: "success" }, date);
    return ok(undefined, date);
  };
}

describe("client: what goes on the wire", () => {
  let stub: Stub;
  beforeEach(async () => {
    stub = await startStub(cloud(250));
  });
  afterEach(() => stub.close());

  const last = (): StubRequest => stub.requests[stub.requests.length - 1];

  it("calls every endpoint with its method, path, exact signed body and headers", async () => {
    const { client, calls } = stubClient(stub, { domainId: "domain-1", projectId: "project-1" });
    const expectations: [() => Promise<unknown>, string, string, unknown, Record<string, string>?][] = [
      [
        () => client.queryResources({ resource_ids: ["phone-1"], offset: 0, limit: 100 }),
        "POST",
        "/v2/orders/suscriptions/resources/query",
        { resource_ids: ["phone-1"], offset: 0, limit: 100 },
      ],
      [
        () => client.renew({ resource_ids: ["phone-1"], period_type: 2, period_num: 3, is_auto_pay: 0 }),
        "POST",
        "/v2/orders/subscriptions/resources/renew",
        { resource_ids: ["phone-1"], period_type: 2, period_num: 3, is_auto_pay: 0 },
      ],
      [
        () => client.renewRate({ resource_ids: ["phone-1"], period_type: 3, period_num: 1 }),
        "POST",
        "/v2/bills/ratings/period-resources/renew-rate",
        { resource_ids: ["phone-1"], period_type: 3, period_num: 1 },
      ],
      [
        () => client.enableAutoRenew("phone/1 é", { auto_renew_times: 0, period_type: "MONTH" }),
        "POST",
        "/v2/orders/subscriptions/resources/autorenew/phone%2F1%20%C3%A9",
        { auto_renew_times: 0, period_type: "MONTH" },
      ],
      [
        () => client.enableAutoRenew("phone-1"),
        "POST",
        "/v2/orders/subscriptions/resources/autorenew/phone-1",
        "",
      ],
      [
        () => client.disableAutoRenew("phone-1"),
        "DELETE",
        "/v2/orders/subscriptions/resources/autorenew/phone-1",
        "",
      ],
      [
        () => client.toOnDemand({ operation: "SET_UP", resource_ids: ["phone-1"] }),
        "POST",
        "/v2/orders/subscriptions/resources/to-on-demand",
        { operation: "SET_UP", resource_ids: ["phone-1"] },
      ],
      [
        () => client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "-1" }),
        "POST",
        "/v2/orders/subscriptions/resources/renew/config",
        { config_name: "EXPIRE_DATE", config_value: "-1" },
      ],
      [
        () => client.payOrder({ order_id: "o-1", use_coupon: "NO", use_discount: "YES" }),
        "POST",
        "/v3/orders/customer-orders/pay",
        { order_id: "o-1", use_coupon: "NO", use_discount: "YES" },
      ],
      [
        () =>
          client.listOrders({
            order_type: "2",
            status: 6,
            create_time_begin: "2030-01-01T00:00:00Z",
            limit: 10,
          }),
        "GET",
        "/v2/orders/customer-orders",
        "",
        { order_type: "2", status: "6", create_time_begin: "2030-01-01T00:00:00Z", limit: "10" },
      ],
      [() => client.getOrder("o-1"), "GET", "/v2/orders/customer-orders/details/o-1", ""],
      [() => client.cancelOrder("o-1"), "PUT", "/v2/orders/customer-orders/cancel", { order_id: "o-1" }],
      [
        () => client.listInstances({ page_no: 2, page_size: 5, instance_name: "a b&c" }),
        "GET",
        "/v1/instances/batch-query",
        "",
        { page_no: "2", page_size: "5", instance_name: "a b&c" },
      ],
      [
        () => client.queryInstanceStatus(["phone-1"]),
        "POST",
        "/v1/instances/batch-query-status",
        { instance_ids: ["phone-1"] },
      ],
    ];
    for (const [call, method, path, body, query] of expectations) {
      await call();
      const sent = last();
      expect([sent.method, sent.path]).to.deep.equal([method, path]);
      expect(sent.body).to.equal(body === "" ? "" : JSON.stringify(body));
      expect(sent.query).to.deep.equal(query ?? {});
      expect(sent.signatureValid, `${method} ${path} signed`).to.equal(true);
      expect(sent.headers["content-type"]).to.equal("application/json;charset=UTF-8");
      expect(sent.headers["x-domain-id"]).to.equal("domain-1");
      expect(sent.headers["x-security-token"]).to.be.a("string");
      expect(sent.headers["x-project-id"]).to.equal(
        path.startsWith("/v1/instances") ? "project-1" : undefined,
      );
      const signedAt = Date.parse(
        sent.headers["x-sdk-date"].replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
      );
      expect(Math.abs(signedAt - sent.at)).to.be.below(5000);
    }
    expect(calls).to.deep.equal([
      "query",
      "renew",
      "rate",
      "autorenew-on",
      "autorenew-on",
      "autorenew-off",
      "to-on-demand",
      "renew-config",
      "pay",
      "orders-list",
      "order-details",
      "order-cancel",
      "instances",
      "instances-status",
    ]);
  });

  it("parses answers: nulls become undefined, extra fields are kept", async () => {
    const { client } = stubClient(stub);
    const { data } = await client.queryResources({ resource_ids: ["phone-1"] });
    expect(data[0].resource_name).to.equal(undefined);
    expect(data[0]).to.include({ resource_id: "phone-1", status: 2, expire_policy: 3 });
    expect((data[0] as Record<string, unknown>)["vendor_extra"]).to.deep.equal({ kept: true });
    const order = await client.getOrder("o-1");
    expect(order.order_info.pending_payment_end_time).to.equal("2030-03-09T04:05:06Z");
    expect(order.order_line_items[0]).to.include({ order_id: "o-1", period_type: 2, period_num: 1 });
  });

  it("reports the server's clock from the last BSS answer", async () => {
    const { client } = stubClient(stub);
    expect(client.serverTime()).to.equal(undefined);
    await client.queryResources({});
    expect(client.serverTime()?.toISO()).to.equal("2030-03-02T04:05:06.000Z");
  });

  it("queryAllResources: chunks of 50 ids (duplicates once), pages of 100, main resources only", async () => {
    const { client } = stubClient(stub);
    const ids = Array.from({ length: 120 }, (_, i) => `phone-${i}`);
    const found = await client.queryAllResources([...ids, "phone-0"]);
    expect(found.map((r) => r.resource_id)).to.deep.equal(ids);
    const bodies = stub.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => (b["resource_ids"] as string[]).length)).to.deep.equal([50, 50, 20]);
    expect(
      bodies.every((b) => b["only_main_resource"] === 1 && b["limit"] === 100 && b["offset"] === 0),
    ).to.equal(true);
    expect(await client.queryAllResources([])).to.deep.equal([]);
  });

  it("listAllOrders: pages of 100 by offset until the total, the query kept on every page", async () => {
    const { client } = stubClient(stub);
    const orders = await client.listAllOrders({ order_type: "2", status: 6 });
    expect(orders.map((o) => o.order_id)).to.deep.equal(Array.from({ length: 150 }, (_, i) => `o-${i}`));
    expect(stub.requests.map((r) => r.query)).to.deep.equal(
      [0, 100].map((offset) => ({ order_type: "2", status: "6", offset: String(offset), limit: "100" })),
    );
  });

  it("resourcesOfOrder: the main subscriptions under an order, by order_id", async () => {
    const { client } = stubClient(stub);
    await client.resourcesOfOrder("o-7");
    expect(JSON.parse(stub.requests[0].body)).to.deep.equal({
      order_id: "o-7",
      only_main_resource: 1,
      offset: 0,
      limit: 100,
    });
  });

  it("listAllInstances: pages through page_no / page_size until the total", async () => {
    const { client } = stubClient(stub);
    const all = await client.listAllInstances({ instanceName: "phone" });
    expect(all).to.have.length(250);
    expect(new Set(all.map((i) => i.instance_id)).size).to.equal(250);
    expect(stub.requests.map((r) => r.query)).to.deep.equal(
      [1, 2, 3].map((n) => ({ page_no: String(n), page_size: "100", instance_name: "phone" })),
    );
  });
});
