import { expect } from "chai";
import type { z } from "zod";
import { DEFAULT_CREDENTIALS, startEmulator, type RunningEmulator } from "../../emulator";
import { pathParameters } from "../../provider/client/endpoints";
import {
  ENDPOINTS,
  KooPhoneClient,
  OrderDetailsResponseSchema,
  OrderLineItemSchema,
  type Endpoint,
} from "../../provider/client";
import {
  loadOfficialKooPhoneModels,
  loadOfficialModels,
  type OfficialModels,
} from "../helpers/official-models/official-models";
import {
  answerProblems,
  requestProblems,
  responseProblems,
  wireShape,
  type WireShape,
} from "../helpers/official-models/wire-shape";
import { startRecordingProxy, type RecordedExchange, type RecordingProxy } from "../helpers/recording-proxy";

// The client and the emulator against Huawei's own generated SDKs: Billing Center's Python SDK (huaweicloudsdkbss,
// pinned, from PyPI) and, for KooPhone, the Java SDK's models (pinned, from Maven Central; no Python SDK for
// KooPhone is published). For every operation the project calls that they model: the request fields the client
// can send are defined with that name and a type that admits them, every answer field the client reads is
// defined, and the emulator answers with defined fields only. Error answers are left aside: the SDKs read them as
// errors (error_code, error_msg), not through the response models.

const SDK_VERSION = "3.1.219";
const START = "2030-01-10T04:00:00Z";

const KOOPHONE_SDK_VERSION = "3.1.143";

const BSS_ENDPOINTS: Endpoint[] = Object.values(ENDPOINTS).filter((e) => e.service === "bss");
const KOOPHONE_ENDPOINTS: Endpoint[] = Object.values(ENDPOINTS).filter((e) => e.service === "koophone");
/** KooPhone operations the published Java SDK has no model for (its instance list). */
const UNMODELLED = ["ListInstances"];

/** Answer fields the emulator sends that the official model leaves out, each with the reason it may. */
const EMULATOR_EXCEPTIONS: { operation: string; at: RegExp; reason: string }[] = [
  {
    operation: "ListRenewRateOnPeriod",
    at: /^answer\.(error_code|error_msg)$/,
    reason:
      "when no phone could be priced the answer repeats the first failure as error_code/error_msg, the fields " +
      "every Huawei error carries; the provider reads the per-phone failures, so either reading works",
  },
];

/** Every field path a schema names: `data[].resource_id`, `order_info.status`, ... */
function fieldPaths(shape: WireShape, at = ""): string[] {
  if (shape.kind === "list") return fieldPaths(shape.item, `${at}[]`);
  if (shape.kind === "union") return [...new Set(shape.options.flatMap((o) => fieldPaths(o, at)))];
  if (shape.kind !== "object") return [at];
  return Object.entries(shape.fields).flatMap(([name, field]) =>
    fieldPaths(field, at === "" ? name : `${at}.${name}`),
  );
}

const requestPaths = (endpoint: Endpoint): string[] =>
  endpoint.request ? fieldPaths(wireShape(endpoint.request.schema)) : [];
const responsePaths = (endpoint: Endpoint): string[] =>
  endpoint.response ? fieldPaths(wireShape(endpoint.response as z.ZodType)) : [];

/** The official path with each `{name}` a pattern, to find an endpoint's recorded exchanges. */
function pathPattern(endpoint: Endpoint): RegExp {
  return new RegExp(`^${endpoint.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
}

describe(`API contract: the client and the emulator against Huawei's official Billing Center models (huaweicloudsdkbss ${SDK_VERSION})`, function () {
  this.timeout(180_000);
  let official: OfficialModels;
  let koophone: OfficialModels;
  let emulator: RunningEmulator;
  let proxy: RecordingProxy;

  /** Drives every operation through the client, including answers with per-phone failures. */
  async function exerciseEveryOperation(client: KooPhoneClient): Promise<void> {
    const seeded = await emulator.admin.seed({
      count: 4,
      expiryWithinDays: [20, 40],
      rngSeed: 3,
      balance: 9e5,
    });
    const [a, b, c, d] = seeded.phones.map((p) => p.resourceId);
    await client.queryAllResources([a, b, c, d]);
    await client.queryResources({
      status_list: [2],
      expire_time_begin: START,
      service_type_code: "x",
      limit: 2,
    });
    await client.renewRate({
      resource_ids: [a, b],
      period_type: 2,
      period_num: 1,
      include_relative_resources: false,
    });
    const unpaid = await client.renew({ resource_ids: [a], period_type: 2, period_num: 1, is_auto_pay: 0 });
    const [orderId] = unpaid.order_ids;
    await client.renewRate({ resource_ids: [a, b], period_type: 3, period_num: 1 });
    await client.renewRate({ resource_ids: [a], period_type: 2, period_num: 1 });
    await client.renew({ resource_ids: [a, b], period_type: 2, period_num: 1 });
    await client.listOrders({
      order_type: "2",
      status: 6,
      create_time_begin: START,
      order_by: "-createTime",
    });
    await client.listOrders({ order_id: orderId, limit: 10, offset: 0 });
    await client.getOrder(orderId);
    await client.resourcesOfOrder(orderId);
    await client.payOrder({ order_id: orderId, use_coupon: "NO", use_discount: "NO" });
    await client.getOrder(orderId);
    await client.accountBalances();
    const other = await client.renew({ resource_ids: [c], period_type: 3, period_num: 1, is_auto_pay: 0 });
    await client.cancelOrder(other.order_ids[0]);
    await client.enableAutoRenew(d, { auto_renew_times: 2, period_type: "MONTH" });
    await client.enableAutoRenew(d);
    await client.disableAutoRenew(d);
    await client.toOnDemand({ operation: "SET_UP", resource_ids: [d, "no-such-phone"] });
    await client.toOnDemand({ operation: "CANCEL", resource_ids: [d] });
    await client.setRenewConfig({ config_name: "EXPIRE_DATE", config_value: "-1" });
    await client.setRenewConfig({ config_name: "DEDUCTION_DATE", config_value: "5" });
    await client.listAllInstances();
    await client.queryInstanceStatus([a, b]);
  }

  before(async () => {
    official = loadOfficialModels(BSS_ENDPOINTS.map((e) => e.operation));
    emulator = await startEmulator({ now: START });
    proxy = await startRecordingProxy(emulator.url);
    const client = new KooPhoneClient({
      endpoint: proxy.url,
      koophoneEndpoint: proxy.url,
      credentials: DEFAULT_CREDENTIALS,
      retryBaseDelayMs: 10,
    });
    await exerciseEveryOperation(client);
  });
  after(async () => {
    await proxy?.close();
    await emulator?.stop();
  });

  it(`reads huaweicloudsdkbss ${SDK_VERSION} from PyPI`, () => {
    expect(official.package).to.equal("huaweicloudsdkbss");
    expect(official.version).to.equal(SDK_VERSION);
  });

  /** The checks of one endpoint against its official operation, named by the fields they check. */
  function checkEndpoint(endpoint: Endpoint, models: () => OfficialModels): void {
    const exchanges = (): RecordedExchange[] =>
      proxy.exchanges.filter((x) => x.method === endpoint.method && pathPattern(endpoint).test(x.path));
    const operation = (): OfficialModels["operations"][string] => models().operations[endpoint.operation];

    describe(`${endpoint.operation} (${endpoint.api})`, () => {
      it(`is ${endpoint.method} ${endpoint.path}`, () => {
        expect({ method: operation().method, path: operation().path }).to.deep.equal({
          method: endpoint.method,
          path: endpoint.path,
        });
      });

      const sent = requestPaths(endpoint);
      if (endpoint.request) {
        const where = endpoint.request.in === "query" ? "query parameters" : "body fields";
        it(`request ${where} ${sent.join(", ")}: defined with the client's types`, () => {
          const shape = wireShape(endpoint.request!.schema);
          const problems =
            endpoint.request!.in === "query"
              ? queryProblems(shape, operation().queryParams)
              : requestProblems(shape, operation().body ?? "(no body)", models().models, "body");
          expect(problems).to.deep.equal([]);
        });
        it(`requests on the wire carry defined fields only`, () => {
          const problems = exchanges().flatMap((x) =>
            endpoint.request!.in === "query"
              ? [...x.query.keys()].filter((key) => operation().queryParams[key] === undefined)
              : x.requestBody === ""
                ? []
                : answerProblems(JSON.parse(x.requestBody), operation().body ?? "", models().models, "body"),
          );
          expect(exchanges(), "requests recorded").to.have.length.above(0);
          expect(problems).to.deep.equal([]);
        });
      } else {
        it("request: no body and no query, as the official request has none", () => {
          expect(operation().body).to.equal(null);
          const bodies = exchanges().map((x) => x.requestBody);
          expect(bodies, "requests recorded").to.have.length.above(0);
          expect(bodies.filter((body) => body !== "")).to.deep.equal([]);
        });
      }

      for (const name of pathParameters(endpoint.path)) {
        it(`path parameter ${name}: defined`, () => {
          expect(Object.keys(operation().pathParams)).to.include(name);
        });
      }

      const read = responsePaths(endpoint);
      if (endpoint.response) {
        it(`answer fields read ${read.join(", ")}: defined in the official response`, () => {
          const shape = wireShape(endpoint.response as z.ZodType);
          expect(responseProblems(shape, operation().response, models().models, "answer")).to.deep.equal([]);
        });
      }

      it("the emulator answers with defined fields only", () => {
        const answers = exchanges().filter((x) => x.status < 300);
        expect(answers, "answers recorded").to.have.length.above(0);
        const problems = answers
          .filter((x) => x.responseBody !== "")
          .flatMap((x) =>
            answerProblems(JSON.parse(x.responseBody), operation().response, models().models, "answer"),
          )
          .filter((problem) => !excepted(endpoint.operation, problem));
        expect([...new Set(problems)]).to.deep.equal([]);
      });
    });
  }

  for (const endpoint of BSS_ENDPOINTS) checkEndpoint(endpoint, () => official);

  describe(`KooPhone, against the official Java SDK's models (huaweicloud-sdk-koophone ${KOOPHONE_SDK_VERSION})`, () => {
    before(() => {
      koophone = loadOfficialKooPhoneModels(KOOPHONE_ENDPOINTS.map((e) => e.operation));
    });

    it(`reads huaweicloud-sdk-koophone ${KOOPHONE_SDK_VERSION} from Maven Central`, () => {
      expect(koophone.version).to.equal(KOOPHONE_SDK_VERSION);
    });

    for (const endpoint of KOOPHONE_ENDPOINTS.filter((e) => !UNMODELLED.includes(e.operation))) {
      checkEndpoint(endpoint, () => koophone);
    }

    for (const operation of UNMODELLED) {
      it(`${operation}: the published SDK declares no model, so its fields rest on the API reference`, () => {
        expect(koophone.operations).to.not.have.property(operation);
      });
    }
  });

  describe("the check itself", () => {
    it("fails on a line item carrying resource_id, read by the client or sent by the emulator", () => {
      const oldLine = OrderLineItemSchema.extend({ resource_id: OrderLineItemSchema.shape.order_id });
      const oldDetails = OrderDetailsResponseSchema.extend({ order_line_items: oldLine.array() });
      const details = official.operations.ShowCustomerOrderDetails.response;
      expect(responseProblems(wireShape(oldDetails), details, official.models, "answer")).to.deep.equal([
        "answer.order_line_items[].resource_id: read by the client, not defined in OrderLineItemEntityV2",
      ]);
      const sentLine = { order_line_item_id: "l-1", resource_id: "phone-1", period_num: 1 };
      expect(
        answerProblems({ order_line_items: [sentLine] }, details, official.models, "answer"),
      ).to.deep.equal(["answer.order_line_items[0].resource_id: sent, not defined in OrderLineItemEntityV2"]);
    });

    it("fails on a list answer carrying pending_payment_end_time, and on a field of the wrong type", () => {
      const list = official.operations.ListCustomerOrders.response;
      const order = { order_id: "o-1", status: "5", pending_payment_end_time: "2030-01-01T00:00:00Z" };
      expect(answerProblems({ order_infos: [order] }, list, official.models, "answer")).to.deep.equal([
        'answer.order_infos[0].status: sent "5", the model says int',
        "answer.order_infos[0].pending_payment_end_time: sent, not defined in CustomerOrderV2",
      ]);
    });
  });
});

function queryProblems(shape: WireShape, params: Record<string, string>): string[] {
  if (shape.kind !== "object") return [`query: the client's query is ${shape.kind}`];
  return Object.entries(shape.fields).flatMap(([name, field]) =>
    params[name] === undefined
      ? [`query.${name}: not an official query parameter`]
      : requestProblems(field, params[name], {}, `query.${name}`, true),
  );
}

function excepted(operation: string, problem: string): boolean {
  return EMULATOR_EXCEPTIONS.some(
    (exception) => exception.operation === operation && exception.at.test(problem.split(":")[0]),
  );
}
