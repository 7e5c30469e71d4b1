import { expect } from "chai";
import { DEFAULT_CREDENTIALS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  AuthenticationError,
  ConnectionError,
  InsufficientBalanceError,
  InvalidRequestError,
  KooPhoneApiError,
  KooPhoneClient,
  OrderStateError,
  PendingOrderError,
  RateLimitError,
  ResourceNotFoundError,
  ServerError,
  UnknownOutcomeError,
  type ClientOptions,
} from "../../provider/client";

// The client against the emulator: every endpoint, its success and each error code the emulator can produce.

const START = "2030-01-10T04:00:00Z";

describe("client contract against the emulator", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let phones: string[];
  let calls: string[];

  const clientWith = (options: Partial<ClientOptions> = {}): KooPhoneClient =>
    new KooPhoneClient({
      endpoint: emulator.url,
      koophoneEndpoint: emulator.url,
      credentials: DEFAULT_CREDENTIALS,
      domainId: "emulator-domain",
      projectId: "emulator-project",
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 50,
      timeoutMs: 5000,
      onCall: (api) => calls.push(api),
      ...options,
    });
  let client: KooPhoneClient;

  async function rejection(promise: Promise<unknown>): Promise<KooPhoneApiError> {
    try {
      await promise;
    } catch (error) {
      expect(error).to.be.instanceOf(KooPhoneApiError);
      return error as KooPhoneApiError;
    }
    throw new Error("expected the call to fail");
  }

  const expiryOf = async (id: string): Promise<string> =>
    (await client.queryResources({ resource_ids: [id] })).data[0].expire_time;
  const orderIds = async (): Promise<string[]> => (await emulator.admin.state()).orders.map((o) => o.orderId);

  before(async () => {
    emulator = await startEmulator({ now: START });
  });
  after(() => emulator.stop());
  beforeEach(async () => {
    await emulator.admin.reset();
    await emulator.admin.setClock(START);
    const seeded = await emulator.admin.seed({
      count: 130,
      expiryWithinDays: [20, 40],
      rngSeed: 7,
      balance: 100_000,
    });
    phones = seeded.phones.map((p) => p.resourceId);
    calls = [];
    client = clientWith();
  });

  describe("every endpoint succeeds", () => {
    it("query: one page, and all 130 phones in chunks of 50", async () => {
      const page = await client.queryResources({ resource_ids: phones.slice(0, 3) });
      expect(page.total_count).to.equal(3);
      expect(page.data.map((r) => r.resource_id).sort()).to.deep.equal(phones.slice(0, 3).sort());
      const all = await client.queryAllResources(phones);
      expect(all.map((r) => r.resource_id).sort()).to.deep.equal([...phones].sort());
      const dump = await emulator.admin.state();
      for (const resource of all) {
        const sub = dump.subscriptions.find((s) => s.resourceId === resource.resource_id);
        expect(resource.expire_time).to.equal(sub?.expireTime);
        expect(resource).to.include({ status: 2, expire_policy: 0 });
      }
      expect(calls).to.deep.equal(["query", "query", "query", "query"]);
    });

    it("instances: a page, every page, and their status", async () => {
      const page = await client.listInstances({ page_no: 1, page_size: 10 });
      expect(page.data.result).to.have.length(10);
      expect(page.data.total_count).to.equal(130);
      const all = await client.listAllInstances();
      expect(all.map((i) => i.instance_id).sort()).to.deep.equal([...phones].sort());
      const named = await client.listAllInstances({ instanceName: all[0].instance_name });
      expect(named.map((i) => i.instance_id)).to.include(all[0].instance_id);
      const status = await client.queryInstanceStatus(phones.slice(0, 2));
      expect(status.data.status_results.map((s) => s.instance_id).sort()).to.deep.equal(
        phones.slice(0, 2).sort(),
      );
    });

    it("rate, renew (unpaid), order details and list, pay: the expiry moves and serverTime is the virtual clock", async () => {
      const [phone] = phones;
      const before = await expiryOf(phone);
      const rate = await client.renewRate({ resource_ids: [phone], period_type: 2, period_num: 2 });
      expect(rate.currency).to.equal("CNY");
      expect(Number(rate.renew_inquiry_results[0].amount)).to.be.above(0);

      const renewed = await client.renew({
        resource_ids: [phone],
        period_type: 2,
        period_num: 2,
        is_auto_pay: 0,
      });
      expect(renewed.order_ids).to.have.length(1);
      expect(renewed.fail_resource_infos).to.deep.equal([]);
      const [orderId] = renewed.order_ids;
      const details = await client.getOrder(orderId);
      expect(details.order_info).to.include({ order_id: orderId, status: 6 });
      expect(details.order_info.pending_payment_end_time).to.be.a("string");
      expect(details.order_line_items[0]).to.include({ order_id: orderId, period_type: 2, period_num: 2 });
      expect((await client.resourcesOfOrder(orderId)).map((r) => r.resource_id)).to.deep.equal([phone]);
      const listed = await client.listOrders({ status: 6, order_type: "2" });
      expect(listed.order_infos.map((o) => o.order_id)).to.include(orderId);
      expect(await expiryOf(phone)).to.equal(before);

      await client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
      expect((await client.getOrder(orderId)).order_info.status).to.equal(5);
      expect(await expiryOf(phone)).to.equal(details.order_line_items[0].expire_time);
      expect(client.serverTime()?.toUTC().toISO({ suppressMilliseconds: true })).to.equal(
        await emulator.admin.getClock(),
      );
    });

    it("renew with automatic payment, and cancel an unpaid order", async () => {
      const paid = await client.renew({
        resource_ids: [phones[0]],
        period_type: 3,
        period_num: 1,
        is_auto_pay: 1,
      });
      expect((await client.getOrder(paid.order_ids[0])).order_info.status).to.equal(5);
      const unpaid = await client.renew({ resource_ids: [phones[1]], period_type: 2, period_num: 1 });
      await client.cancelOrder(unpaid.order_ids[0]);
      expect((await client.getOrder(unpaid.order_ids[0])).order_info.status).to.equal(4);
    });

    it("auto-renew on (with and without a body) and off", async () => {
      await client.enableAutoRenew(phones[0]);
      await client.enableAutoRenew(phones[1], { auto_renew_times: 2, period_type: "YEAR" });
      const on = await client.queryResources({ resource_ids: phones.slice(0, 2) });
      expect(on.data.map((r) => r.expire_policy)).to.deep.equal([3, 3]);
      await client.disableAutoRenew(phones[0]);
      expect((await client.queryResources({ resource_ids: [phones[0]] })).data[0].expire_policy).to.equal(0);
    });

    it("to-on-demand SET_UP and CANCEL, with per-phone failures returned", async () => {
      const set = await client.toOnDemand({ operation: "SET_UP", resource_ids: [phones[0], "absent-phone"] });
      expect(set.error_details.map((d) => [d.id, d.error_code])).to.deep.equal([
        ["absent-phone", "CBC.99003012"],
      ]);
      expect((await client.queryResources({ resource_ids: [phones[0]] })).data[0].expire_policy).to.equal(1);
      const cancel = await client.toOnDemand({ operation: "CANCEL", resource_ids: [phones[0]] });
      expect(cancel.error_details).to.deep.equal([]);
      expect((await client.queryResources({ resource_ids: [phones[0]] })).data[0].expire_policy).to.equal(0);
    });

    it("renew config: EXPIRE_DATE and DEDUCTION_DATE", async () => {
      await client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "-1" });
      await client.setRenewConfig({ config_name: "DEDUCTION_DATE", config_value: "5" });
      expect((await emulator.admin.state()).config).to.deep.equal({ EXPIRE_DATE: "-1", DEDUCTION_DATE: "5" });
    });

    it("counts one onCall per HTTP attempt, as the emulator counts calls", async () => {
      await emulator.admin.resetCounters();
      await client.queryAllResources(phones);
      await client.listAllInstances();
      await client.renewRate({ resource_ids: [phones[0]], period_type: 2, period_num: 1 });
      const counted = calls.reduce<Record<string, number>>(
        (n, api) => ({ ...n, [api]: (n[api] ?? 0) + 1 }),
        {},
      );
      expect(await emulator.admin.counters()).to.include(counted);
    });
  });

  describe("per-phone failures of renew-rate (HTTP 200)", () => {
    it("absent (CBC.30050009), pending (CBC.30050010), frozen (CBC.30050011), duplicate (CBC.30050012)", async () => {
      const [priced, pending, frozen] = phones;
      await client.renew({ resource_ids: [pending], period_type: 2, period_num: 1 });
      await emulator.admin.addFault({ kind: "frozen-phone", resourceId: frozen });
      const rate = await client.renewRate({
        resource_ids: [priced, pending, frozen, "absent-phone", priced],
        period_type: 2,
        period_num: 1,
      });
      expect(rate.renew_inquiry_results.map((r) => r.resource_id)).to.deep.equal([priced]);
      expect(rate.fail_resource_infos.map((f) => [f.resource_id, f.error_code])).to.have.deep.members([
        [pending, "CBC.30050010"],
        [frozen, "CBC.30050011"],
        ["absent-phone", "CBC.30050009"],
        [priced, "CBC.30050012"],
      ]);
    });

    it("no such period, 4 years (CBC.30050008)", async () => {
      const rate = await client.renewRate({ resource_ids: [phones[0]], period_type: 3, period_num: 4 });
      expect(rate.fail_resource_infos.map((f) => f.error_code)).to.deep.equal(["CBC.30050008"]);
    });
  });

  describe("error codes become error kinds", () => {
    const renew = (
      ids: string[],
      extra: Partial<{ period_type: 2 | 3; period_num: number; is_auto_pay: 0 | 1 }> = {},
    ) => client.renew({ resource_ids: ids, period_type: 2, period_num: 1, ...extra });

    it("renew: CBC.0100 (duplicate ids) -> InvalidRequestError", async () => {
      const error = await rejection(renew([phones[0], phones[0]]));
      expect(error).to.be.instanceOf(InvalidRequestError).and.include({ code: "CBC.0100", httpStatus: 400 });
    });

    it("renew: CBC.99000092 (4 years) -> InvalidRequestError", async () => {
      const error = await rejection(renew([phones[0]], { period_type: 3, period_num: 4 }));
      expect(error).to.be.instanceOf(InvalidRequestError).and.include({ code: "CBC.99000092" });
    });

    it("renew: CBC.99003016 (absent) -> ResourceNotFoundError naming the phone", async () => {
      const error = await rejection(renew(["absent-phone"]));
      expect(error).to.be.instanceOf(ResourceNotFoundError).and.include({ code: "CBC.99003016" });
      expect(error.resourceIds).to.deep.equal(["absent-phone"]);
    });

    it("renew: CBC.99003100 (pending order) -> PendingOrderError", async () => {
      await renew([phones[0]]);
      const error = await rejection(renew([phones[0]]));
      expect(error).to.be.instanceOf(PendingOrderError).and.include({ code: "CBC.99003100" });
    });

    it("renew: CBC.99003154 (beyond the maximum duration) -> InvalidRequestError", async () => {
      await renew([phones[0]], { period_type: 3, period_num: 3, is_auto_pay: 1 });
      const error = await rejection(renew([phones[0]], { period_type: 3, period_num: 3, is_auto_pay: 1 }));
      expect(error).to.be.instanceOf(InvalidRequestError).and.include({ code: "CBC.99003154" });
    });

    it("renew: CBC.30050006 (automatic payment, no balance) -> InsufficientBalanceError", async () => {
      await emulator.admin.setBalance(0);
      const error = await rejection(renew([phones[0]], { is_auto_pay: 1 }));
      expect(error).to.be.instanceOf(InsufficientBalanceError).and.include({ code: "CBC.30050006" });
    });

    it("renew: a frozen phone (the emulator's CBC.99003631, HTTP 400) -> InvalidRequestError", async () => {
      await emulator.admin.addFault({ kind: "frozen-phone", resourceId: phones[0] });
      const error = await rejection(renew([phones[0]]));
      expect(error).to.be.instanceOf(InvalidRequestError).and.include({ httpStatus: 400 });
    });

    it("pay: CBC.30000010 (no such order), CBC.99003106 (already paid) -> OrderStateError", async () => {
      const pay = (orderId: string) =>
        client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
      expect(await rejection(pay("no-such-order")))
        .to.be.instanceOf(OrderStateError)
        .and.include({
          code: "CBC.30000010",
          orderId: "no-such-order",
        });
      const [orderId] = (await renew([phones[0]])).order_ids;
      await pay(orderId);
      expect(await rejection(pay(orderId)))
        .to.be.instanceOf(OrderStateError)
        .and.include({ code: "CBC.99003106" });
    });

    it("pay: CBC.99003110 (past the payment deadline) -> OrderStateError", async () => {
      const [orderId] = (await renew([phones[0]])).order_ids;
      await emulator.admin.advanceClock({ days: 8 });
      const error = await rejection(
        client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" }),
      );
      expect(error).to.be.instanceOf(OrderStateError).and.include({ code: "CBC.99003110" });
    });

    it("pay: CBC.99005003 (balance, and the insufficient-balance fault) -> InsufficientBalanceError", async () => {
      const pay = (orderId: string) =>
        client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
      const [first] = (await renew([phones[0]])).order_ids;
      await emulator.admin.addFault({ kind: "insufficient-balance", api: "pay" });
      expect(await rejection(pay(first)))
        .to.be.instanceOf(InsufficientBalanceError)
        .and.include({
          code: "CBC.99005003",
        });
      await emulator.admin.setBalance(0);
      expect(await rejection(pay(first))).to.be.instanceOf(InsufficientBalanceError);
    });

    it("order details and cancel: CBC.30000010 and CBC.99003106 -> OrderStateError", async () => {
      expect(await rejection(client.getOrder("no-such-order"))).to.be.instanceOf(OrderStateError);
      expect(await rejection(client.cancelOrder("no-such-order"))).to.be.instanceOf(OrderStateError);
      const [orderId] = (await renew([phones[0]], { is_auto_pay: 1 })).order_ids;
      const error = await rejection(client.cancelOrder(orderId));
      expect(error).to.be.instanceOf(OrderStateError).and.include({ code: "CBC.99003106" });
    });

    it("auto-renew: CBC.99003012 (absent) -> ResourceNotFoundError, CBC.99003602 (frozen) -> InvalidRequestError", async () => {
      expect(await rejection(client.enableAutoRenew("absent-phone")))
        .to.be.instanceOf(ResourceNotFoundError)
        .and.include({
          code: "CBC.99003012",
        });
      expect(await rejection(client.disableAutoRenew("absent-phone"))).to.be.instanceOf(
        ResourceNotFoundError,
      );
      await emulator.admin.addFault({ kind: "frozen-phone", resourceId: phones[0] });
      expect(await rejection(client.enableAutoRenew(phones[0])))
        .to.be.instanceOf(InvalidRequestError)
        .and.include({
          code: "CBC.99003602",
        });
    });

    it("renew config: CBC.0100 answered with HTTP 200 -> InvalidRequestError", async () => {
      const error = await rejection(
        client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "29" }),
      );
      expect(error).to.be.instanceOf(InvalidRequestError).and.include({ code: "CBC.0100", httpStatus: 200 });
    });

    it("instances: KOOPHONE.API.1000 (page too large) -> InvalidRequestError", async () => {
      const error = await rejection(client.listInstances({ page_no: 1, page_size: 101 }));
      expect(error).to.be.instanceOf(InvalidRequestError).and.include({ code: "KOOPHONE.API.1000" });
    });

    it("APIGW.0301 (wrong secret key, unknown access key) -> AuthenticationError", async () => {
      const wrongSecret = clientWith({
        credentials: { ...DEFAULT_CREDENTIALS, secretKey: "not-the-secret-key" },
      });
      const error = await rejection(wrongSecret.queryResources({}));
      expect(error)
        .to.be.instanceOf(AuthenticationError)
        .and.include({ code: "APIGW.0301", httpStatus: 401 });
      expect(error.message).to.not.include("not-the-secret-key");
      const unknown = clientWith({ credentials: { accessKey: "UNKNOWNAK00000000001", secretKey: "x" } });
      expect(await rejection(unknown.listAllInstances())).to.be.instanceOf(AuthenticationError);
    });
  });

  describe("faults", () => {
    it("429 (APIGW.0308): a read waits Retry-After and succeeds; renew is sent again once throttled (nothing was done)", async () => {
      await emulator.admin.addFault({ kind: "429", api: "query" });
      await client.queryResources({ resource_ids: [phones[0]] });
      expect(calls).to.deep.equal(["query", "query"]);
      await emulator.admin.addFault({ kind: "429", api: "renew" });
      const renewed = await client.renew({ resource_ids: [phones[0]], period_type: 2, period_num: 1 });
      expect(calls.filter((api) => api === "renew")).to.have.length(2);
      expect(await orderIds()).to.deep.equal(renewed.order_ids);
      await emulator.admin.addFault({ kind: "429", api: "pay", count: -1 });
      const error = await rejection(
        clientWith({ maxRetries: 1 }).payOrder({
          order_id: renewed.order_ids[0],
          use_coupon: "NO",
          use_discount: "NO",
        }),
      );
      expect(error).to.be.instanceOf(RateLimitError).and.include({ code: "APIGW.0308", httpStatus: 429 });
      expect(error.requestId).to.match(/^[0-9a-f]{32}$/);
    });

    it("5xx (CBC.0999): reads retry then give up with ServerError; renew is an unknown outcome", async () => {
      await emulator.admin.addFault({ kind: "5xx", api: "rate", count: 2 });
      await client.renewRate({ resource_ids: [phones[0]], period_type: 2, period_num: 1 });
      await emulator.admin.addFault({ kind: "5xx", api: "query", count: -1 });
      const error = await rejection(clientWith({ maxRetries: 2 }).queryResources({}));
      expect(error).to.be.instanceOf(ServerError).and.include({ code: "CBC.0999", httpStatus: 500 });
      await emulator.admin.clearFaults();
      await emulator.admin.addFault({ kind: "5xx", api: "renew" });
      const renew = await rejection(
        client.renew({ resource_ids: [phones[0]], period_type: 2, period_num: 1 }),
      );
      expect(renew).to.be.instanceOf(UnknownOutcomeError).and.include({ code: "CBC.0999" });
      expect(renew.resourceIds).to.deep.equal([phones[0]]);
    });

    it("reset: a read is retried; renew is an unknown outcome", async () => {
      await emulator.admin.addFault({ kind: "reset", api: "orders-list" });
      await client.listOrders({});
      await emulator.admin.addFault({ kind: "reset", api: "renew" });
      const error = await rejection(
        client.renew({ resource_ids: [phones[0]], period_type: 2, period_num: 1 }),
      );
      expect(error).to.be.instanceOf(UnknownOutcomeError);
      expect(await orderIds()).to.deep.equal([]);
    });

    it("commit-then-drop: renew and pay are unknown outcomes, and what they did can be found", async () => {
      await emulator.admin.addFault({ kind: "commit-then-drop", api: "renew" });
      const error = await rejection(
        client.renew({ resource_ids: [phones[0]], period_type: 2, period_num: 1 }),
      );
      expect(error).to.be.instanceOf(UnknownOutcomeError);
      const listed = await client.listOrders({ status: 6 });
      expect(listed.order_infos).to.have.length(1);
      const orderId = listed.order_infos[0].order_id;
      expect((await client.resourcesOfOrder(orderId)).map((r) => r.resource_id)).to.deep.equal([phones[0]]);

      await emulator.admin.addFault({ kind: "commit-then-drop", api: "pay" });
      const pay = await rejection(
        client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" }),
      );
      expect(pay).to.be.instanceOf(UnknownOutcomeError).and.include({ orderId });
      expect((await client.getOrder(orderId)).order_info.status).to.equal(5);
    });

    it("latency beyond the timeout: a read is retried; renew and cancel are unknown outcomes", async () => {
      const impatient = clientWith({ timeoutMs: 300 });
      await emulator.admin.addFault({ kind: "latency", api: "query", latencyMs: 1000 });
      await impatient.queryResources({});
      const [orderId] = (await client.renew({ resource_ids: [phones[1]], period_type: 2, period_num: 1 }))
        .order_ids;
      await emulator.admin.addFault({ kind: "latency", api: "renew", latencyMs: 1000 });
      await emulator.admin.addFault({ kind: "latency", api: "order-cancel", latencyMs: 1000 });
      expect(
        await rejection(impatient.renew({ resource_ids: [phones[0]], period_type: 2, period_num: 1 })),
      ).to.be.instanceOf(UnknownOutcomeError);
      expect(await rejection(impatient.cancelOrder(orderId))).to.be.instanceOf(UnknownOutcomeError);
    });

    it("a stopped emulator: renew is a ConnectionError (refused before sending) once its retries run out", async () => {
      const other = await startEmulator({ now: START });
      const gone = new KooPhoneClient({
        endpoint: other.url,
        koophoneEndpoint: other.url,
        credentials: DEFAULT_CREDENTIALS,
        maxRetries: 2,
        retryBaseDelayMs: 10,
      });
      await other.stop();
      const error = await rejection(gone.renew({ resource_ids: ["x"], period_type: 2, period_num: 1 }));
      expect(error).to.be.instanceOf(ConnectionError).and.include({ networkCode: "ECONNREFUSED" });
    });

    it("the client's limiter keeps a burst under the emulator's 10 calls per second: nothing throttled", async () => {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => client.queryResources({ resource_ids: [phones[i]] })),
      );
      expect(calls).to.have.length(25);
    });
  });
});
