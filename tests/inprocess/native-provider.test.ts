// The native plugin's gRPC service called in-process, as the engine calls it, against emulators over HTTP: one
// runtime per Configure (two instances, two accounts), the detailed diff of a due phone, a read for an import that
// orders nothing, the policy's defaults, getPhones and the schema.
import { expect } from "chai";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import { DEFAULT_CREDENTIALS, EmulatorCredentials, RunningEmulator, startEmulator } from "../../emulator";
import { MUTATING_APIS } from "../../provider/client";
import { providerService } from "../../provider/native/provider-service";
import { sdkModules } from "../../provider/native/sdk-modules";
import { NOW } from "./provider-fixture";

type Service = ReturnType<typeof providerService>;
type Unary<Request, Response> = (
  call: { request: Request },
  callback: (error: unknown, response: Response | null) => void,
) => void;

const SUBSCRIPTION_URN = "urn:pulumi:test::p::koophone:index:Subscription::phone";
const POLICY_URN = "urn:pulumi:test::p::koophone:index:RenewalPolicy::standard";
const OTHER_ACCOUNT: EmulatorCredentials = {
  accessKey: "OTHERAK0000000000003",
  secretKey: "other-secret-key-here",
};

/** Calls one handler of the service as the engine's gRPC client would, and resolves with its answer. */
function call<Request, Response>(handler: unknown, request: Request): Promise<Response> {
  return new Promise((resolve, reject) =>
    (handler as Unary<Request, Response>)({ request }, (error, response) =>
      error ? reject(error) : resolve(response as Response),
    ),
  );
}

const { provider: proto, struct } = sdkModules();
const toStruct = (value: Record<string, unknown>): Struct =>
  struct.Struct.fromJavaScript(value as Parameters<typeof struct.Struct.fromJavaScript>[0]);

async function configured(cloud: RunningEmulator, credentials: EmulatorCredentials): Promise<Service> {
  const service = providerService({ version: "0.0.1-test", engineAddress: undefined });
  const request = new proto.ConfigureRequest()
    .setUrn("urn:pulumi:test::p::pulumi:providers:koophone::unit")
    .setId("id");
  const variables = request.getVariablesMap();
  variables.set("koophone:config:accessKey", credentials.accessKey);
  variables.set("koophone:config:secretKey", credentials.secretKey);
  variables.set("koophone:config:endpoint", cloud.url);
  variables.set("koophone:config:koophoneEndpoint", cloud.url);
  variables.set("koophone:config:renewalDay", "none");
  const response = await call<ProviderProto.ConfigureRequest, ProviderProto.ConfigureResponse>(
    service.configure,
    request,
  );
  // The engine calls create and update only for real: a preview never adopts or renews a phone.
  expect(response.getSupportspreview()).to.equal(false);
  return service;
}

async function check(service: Service, urn: string, news: Record<string, unknown>) {
  const request = new proto.CheckRequest().setUrn(urn).setNews(toStruct(news)).setOlds(toStruct({}));
  return call<ProviderProto.CheckRequest, ProviderProto.CheckResponse>(service.check, request);
}

describe("in-process: the native plugin's gRPC service", function () {
  this.timeout(30_000);
  let cloud: RunningEmulator;
  let other: RunningEmulator;

  before(async () => {
    cloud = await startEmulator({ port: 0, now: NOW });
    other = await startEmulator({ port: 0, now: NOW, credentials: [OTHER_ACCOUNT] });
  });
  after(async () => {
    await cloud?.stop();
    await other?.stop();
  });

  it("plans a due phone at check and shows its renewal as a detailed diff on expireTime", async () => {
    const [phone] = (await cloud.admin.seed({ count: 1, expiryWithinDays: [3, 3] })).phones;
    const service = await configured(cloud, DEFAULT_CREDENTIALS);
    const checked = (await check(service, SUBSCRIPTION_URN, { phoneId: phone.resourceId }))
      .getInputs()
      ?.toJavaScript();
    const renewal = checked?.renewal as { from: string; to: string };
    expect(checked).to.include({
      phoneId: phone.resourceId,
      mode: "manual",
      onDelete: "retain",
      expireTime: renewal.to,
    });

    const recorded = {
      phoneId: phone.resourceId,
      expireTime: renewal.from,
      mode: "manual",
      onDelete: "retain",
    };
    const diff = await call<ProviderProto.DiffRequest, ProviderProto.DiffResponse>(
      service.diff,
      new proto.DiffRequest()
        .setUrn(SUBSCRIPTION_URN)
        .setId(phone.resourceId)
        .setOlds(toStruct(recorded))
        .setNews(toStruct(checked ?? {})),
    );
    expect(diff.getChanges()).to.equal(proto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(diff.getHasdetaileddiff()).to.equal(true);
    const detailed: Record<string, number> = {};
    diff.getDetaileddiffMap().forEach((value, path) => (detailed[path] = value.getKind()));
    expect(detailed).to.deep.equal({
      expireTime: proto.PropertyDiff.Kind.UPDATE,
      renewal: proto.PropertyDiff.Kind.ADD,
    });
  });

  it("reads an unmanaged phone for an import, inputs included, and calls no renewal or order API", async () => {
    const [phone] = (await cloud.admin.seed({ count: 1, expiryWithinDays: [3, 3], autoRenewShare: 1 }))
      .phones;
    const service = await configured(cloud, DEFAULT_CREDENTIALS);
    await cloud.admin.resetCounters();
    const read = await call<ProviderProto.ReadRequest, ProviderProto.ReadResponse>(
      service.read,
      new proto.ReadRequest().setUrn(SUBSCRIPTION_URN).setId(phone.resourceId),
    );
    expect(read.getId()).to.equal(phone.resourceId);
    expect(read.getInputs()?.toJavaScript()).to.deep.equal({ phoneId: phone.resourceId, mode: "auto" });
    expect(read.getProperties()?.toJavaScript()).to.include({ phoneId: phone.resourceId, mode: "auto" });
    const counters = await cloud.admin.counters();
    expect(MUTATING_APIS.filter((api) => (counters[api] ?? 0) > 0)).to.deep.equal([]);
    expect(counters.query ?? 0).to.be.greaterThan(0);
  });

  it("hands a policy's settings to its phones as `defaults`, without the account's deduction day", async () => {
    const service = await configured(cloud, DEFAULT_CREDENTIALS);
    const news = { renewalDay: 15, deductionDaysBeforeExpiry: 3, renewBefore: "P20D" };
    const inputs = (await check(service, POLICY_URN, news)).getInputs()?.toJavaScript();
    expect(inputs?.defaults).to.deep.equal({ renewalDay: 15, renewBefore: "P20D" });
    const failures = (await check(service, POLICY_URN, { renewalDay: 31 })).getFailuresList();
    expect(failures.map((f) => f.getProperty())).to.deep.equal(["renewalDay"]);
  });

  it("gives each configured instance its own account: getPhones lists that account's phones only", async () => {
    const mine = (await cloud.admin.seed({ count: 2, namePrefix: "mine-" })).phones.map((p) => p.resourceId);
    const theirs = (await other.admin.seed({ count: 3, namePrefix: "theirs-" })).phones.map(
      (p) => p.resourceId,
    );
    const [first, second] = [
      await configured(cloud, DEFAULT_CREDENTIALS),
      await configured(other, OTHER_ACCOUNT),
    ];
    const invoke = (service: Service) =>
      call<ProviderProto.InvokeRequest, ProviderProto.InvokeResponse>(
        service.invoke,
        new proto.InvokeRequest().setTok("koophone:index:getPhones").setArgs(toStruct({ nameContains: "i" })),
      );
    expect((await invoke(second)).getReturn()?.toJavaScript().ids).to.have.members(theirs);
    expect((await invoke(first)).getReturn()?.toJavaScript().ids).to.have.members(mine);
  });

  it("answers its schema: the resources, the component, the function and the secret config", async () => {
    const service = providerService({ version: "1.2.3", engineAddress: undefined });
    const response = await call<ProviderProto.GetSchemaRequest, ProviderProto.GetSchemaResponse>(
      service.getSchema,
      new proto.GetSchemaRequest(),
    );
    const schema = JSON.parse(response.getSchema()) as {
      version: string;
      resources: Record<string, { isComponent?: boolean }>;
      functions: Record<string, unknown>;
      config: { variables: Record<string, { secret?: boolean }> };
    };
    expect(schema.version).to.equal("1.2.3");
    expect(Object.keys(schema.resources)).to.have.members([
      "koophone:index:Subscription",
      "koophone:index:RenewalPolicy",
      "koophone:index:Fleet",
    ]);
    expect(schema.resources["koophone:index:Fleet"].isComponent).to.equal(true);
    expect(Object.keys(schema.functions)).to.deep.equal(["koophone:index:getPhones"]);
    const secret = Object.entries(schema.config.variables).filter(([, v]) => v.secret === true);
    expect(secret.map(([key]) => key)).to.have.members(["accessKey", "secretKey", "securityToken"]);
  });
});
