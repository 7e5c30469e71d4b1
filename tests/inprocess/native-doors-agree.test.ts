// Both doors agree: one table of renewal scenarios run through the dynamic door (the providers a dynamic resource's
// handle calls) and through the native door (the plugin's gRPC service), each against its own emulator seeded alike,
// gives the same orders, amounts, outputs and errors.
import { expect } from "chai";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import type { Fault } from "../../emulator/types";
import { providerService } from "../../provider/native/provider-service";
import { sdkModules } from "../../provider/native/sdk-modules";
import { createProviders } from "../../provider/providers";
import { createRuntime } from "../../provider/runtime";
import { NOW, SHORT_WINDOWS } from "./provider-fixture";

type Properties = Record<string, unknown>;

interface Scenario {
  name: string;
  /** The phone expires this many days after NOW. */
  expiresInDays: number;
  policy?: Properties;
  /** The subscription's own arguments (besides phoneId and policy). */
  args?: Properties;
  fault?: Fault;
  /** The state records an older expiry than Billing Center's (someone renewed meanwhile): an update, not a create. */
  drift?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: "due", expiresInDays: 3 },
  { name: "not due", expiresInDays: 60 },
  { name: "renewal day", expiresInDays: 3, policy: { renewalDay: 15 } },
  {
    name: "override",
    expiresInDays: 10,
    policy: { renewalDay: "last", period: { unit: "month", count: 1 }, renewBefore: "P20D" },
    args: { period: { unit: "month", count: 3 } },
  },
  { name: "money guard", expiresInDays: 3, args: { maxOrderAmount: 1 } },
  { name: "drift", expiresInDays: 60, drift: true },
  { name: "a fault", expiresInDays: 3, fault: { kind: "commit-then-drop", api: "renew" } },
];

/** What a scenario leaves: the outputs recorded (or the error shown), and the orders Billing Center has. */
interface Outcome {
  outputs?: Properties;
  error?: string;
  orders: unknown[];
}

interface Door {
  policy(policy: Properties): Promise<Properties>;
  subscription(news: Properties, recorded?: Properties): Promise<Properties>;
}

const config = (cloud: RunningEmulator): Record<string, string> => ({
  "koophone:accessKey": DEFAULT_CREDENTIALS.accessKey,
  "koophone:secretKey": DEFAULT_CREDENTIALS.secretKey,
  "koophone:endpoint": cloud.url,
  "koophone:koophoneEndpoint": cloud.url,
  "koophone:renewalDay": "none",
});

/** The dynamic door, as its provider process runs a new `up`: check, then create or update. */
function dynamicDoor(cloud: RunningEmulator): Door {
  const values = config(cloud);
  const providers = createProviders(createRuntime((key) => values[key], {}, SHORT_WINDOWS));
  return {
    async policy(policy) {
      const checked = await providers.policy.check({}, policy);
      if (checked.failures?.length) throw new Error(checked.failures.map((f) => f.reason).join("; "));
      await providers.policy.create(checked.inputs as Parameters<typeof providers.policy.create>[0]);
      return policy;
    },
    async subscription(news, recorded) {
      const checked = await providers.subscription.check({}, news);
      if (checked.failures?.length) throw new Error(checked.failures.map((f) => f.reason).join("; "));
      const inputs = checked.inputs ?? { phoneId: "" };
      if (recorded === undefined) return (await providers.subscription.create(inputs)).outs ?? {};
      return (await providers.subscription.update(inputs.phoneId, recorded, inputs)).outs ?? {};
    },
  };
}

const { provider: proto, struct } = sdkModules();
const toStruct = (value: Properties): Struct =>
  struct.Struct.fromJavaScript(value as Parameters<typeof struct.Struct.fromJavaScript>[0]);

function call<Request, Response>(handler: unknown, request: Request): Promise<Response> {
  type Unary = (
    call: { request: Request },
    callback: (error: unknown, response: Response | null) => void,
  ) => void;
  return new Promise((resolve, reject) =>
    (handler as Unary)({ request }, (error, response) => {
      if (error) reject(new Error((error as { details?: string }).details ?? String(error)));
      else resolve(response as Response);
    }),
  );
}

/** The native door, as the engine calls a newly started plugin: configure, check, then create or update. */
async function nativeDoor(cloud: RunningEmulator): Promise<Door> {
  const service = providerService({
    version: "0.0.1-test",
    engineAddress: undefined,
    runtime: SHORT_WINDOWS,
  });
  const configure = new proto.ConfigureRequest().setUrn(
    "urn:pulumi:t::p::pulumi:providers:koophone::default",
  );
  for (const [key, value] of Object.entries(config(cloud))) {
    configure.getVariablesMap().set(key.replace("koophone:", "koophone:config:"), value);
  }
  await call(service.configure, configure);
  const check = async (type: string, news: Properties): Promise<Properties> => {
    const request = new proto.CheckRequest().setType(type).setNews(toStruct(news)).setOlds(toStruct({}));
    const response = await call<ProviderProto.CheckRequest, ProviderProto.CheckResponse>(
      service.check,
      request,
    );
    const failures = response.getFailuresList();
    if (failures.length > 0) throw new Error(failures.map((f) => f.getReason()).join("; "));
    return response.getInputs()?.toJavaScript() ?? {};
  };
  return {
    async policy(policy) {
      const inputs = await check("koophone:index:RenewalPolicy", policy);
      const request = new proto.CreateRequest()
        .setType("koophone:index:RenewalPolicy")
        .setProperties(toStruct(inputs));
      await call(service.create, request);
      return inputs.defaults as Properties;
    },
    async subscription(news, recorded) {
      const type = "koophone:index:Subscription";
      const inputs = await check(type, news);
      if (recorded === undefined) {
        const request = new proto.CreateRequest().setType(type).setProperties(toStruct(inputs));
        const created = await call<ProviderProto.CreateRequest, ProviderProto.CreateResponse>(
          service.create,
          request,
        );
        return created.getProperties()?.toJavaScript() ?? {};
      }
      const request = new proto.UpdateRequest()
        .setType(type)
        .setId(String(inputs.phoneId))
        .setOlds(toStruct(recorded))
        .setNews(toStruct(inputs));
      const updated = await call<ProviderProto.UpdateRequest, ProviderProto.UpdateResponse>(
        service.update,
        request,
      );
      return updated.getProperties()?.toJavaScript() ?? {};
    },
  };
}

/** Outputs as both doors must agree on them: without the read time, which is each emulator's own clock. */
function comparable(outputs: Properties): Properties {
  const { seenAt: _clock, ...rest } = outputs;
  return rest;
}

async function ordersOf(cloud: RunningEmulator): Promise<unknown[]> {
  return (await cloud.admin.state()).orders.map((order) => ({
    status: order.status,
    amountCents: order.amountCents,
    lines: order.lineItems.map((line) => ({ ...line, lineItemId: undefined })),
  }));
}

async function runScenario(scenario: Scenario, makeDoor: (cloud: RunningEmulator) => Door | Promise<Door>) {
  const cloud = await startEmulator({ port: 0, now: NOW });
  try {
    const seeded = await cloud.admin.seed({
      count: 1,
      expiryWithinDays: [scenario.expiresInDays, scenario.expiresInDays],
      rngSeed: 9,
    });
    const phone = seeded.phones[0].resourceId;
    if (scenario.fault) await cloud.admin.addFault(scenario.fault);
    const door = await makeDoor(cloud);
    const outcome: Outcome = { orders: [] };
    try {
      const policy = scenario.policy === undefined ? undefined : await door.policy(scenario.policy);
      const news = { phoneId: phone, ...scenario.args, ...(policy === undefined ? {} : { policy }) };
      const recorded = scenario.drift
        ? {
            phoneId: phone,
            expireTime: "2027-11-01T15:59:59Z",
            seenAt: "2027-10-29T00:00:00Z",
            status: "inUse",
            mode: "manual",
            onDelete: "retain",
          }
        : undefined;
      outcome.outputs = comparable(await door.subscription(news, recorded));
    } catch (error) {
      outcome.error = error instanceof Error ? error.message : String(error);
    }
    outcome.orders = await ordersOf(cloud);
    return outcome;
  } finally {
    await cloud.stop();
  }
}

describe("in-process: the dynamic door and the native door agree on every renewal scenario", function () {
  this.timeout(60_000);

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const [dynamic, native] = await Promise.all([
        runScenario(scenario, dynamicDoor),
        runScenario(scenario, nativeDoor),
      ]);
      expect(native).to.deep.equal(dynamic);
      const expectsOrder = scenario.expiresInDays < 30 && scenario.args?.maxOrderAmount === undefined;
      expect(dynamic.orders, JSON.stringify(dynamic)).to.have.length(expectsOrder ? 1 : 0);
      expect(dynamic.error === undefined, JSON.stringify(dynamic)).to.equal(
        scenario.args?.maxOrderAmount === undefined,
      );
    });
  }
});
