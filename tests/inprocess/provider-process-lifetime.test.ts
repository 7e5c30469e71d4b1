import * as grpc from "@grpc/grpc-js";
import { expect } from "chai";
import { ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";

/**
 * The dynamic provider host of @pulumi/pulumi, run as the engine runs it (a child process given the engine's
 * address), serving this package's subscription provider. The test plays the engine: it configures the provider,
 * checks and creates a phone's subscription whose renewal takes seconds, and "dies" (its address stops answering)
 * while the renewal is under way. The process must finish the renewal, then exit by itself.
 */

const repoRoot = path.resolve(__dirname, "../..");
const HOST = path.join(repoRoot, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
const RENEW_LATENCY_MS = 3000;
/** The host probes every 2 s; the rest is the renewal finishing. */
const EXIT_BOUND_MS = RENEW_LATENCY_MS + 5000;

/** What the engine stores as `__provider`: a module whose handler returns the provider (loaded from source here). */
const PROVIDER_TEXT = `exports.handler = () => {
  const implementation = require(${JSON.stringify(path.join(repoRoot, "provider/index.ts"))});
  let providers;
  return {
    configure: async (req) => { providers = implementation.configure((key) => req.config.get(key)); },
    check: (olds, news) => providers.subscription.check(olds, news),
    create: (inputs) => providers.subscription.create(inputs),
  };
};`;

const URN = "urn:pulumi:test::lifetime::pulumi-nodejs:dynamic/koophone:KooPhoneSubscription::phone";

function unary<Req, Res>(
  call: (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    call(request, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** A stand-in for the engine's address: it accepts connections until it is closed. */
async function fakeEngine(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** Starts the host and resolves with the port it serves on (the first line it prints). */
function startHost(
  enginePort: number,
): Promise<{ child: ChildProcess; port: number; exited: Promise<number> }> {
  const child = spawn(process.execPath, ["--require", "tsx/cjs", HOST, `127.0.0.1:${enginePort}`], {
    cwd: repoRoot,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "lifetime" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? -1)));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\d+)\n/.exec(stdout);
      if (line) resolve({ child, port: Number(line[1]), exited });
    });
    child.once("exit", (code) => reject(new Error(`the provider host exited with ${code} before serving`)));
  });
}

function struct(value: Record<string, unknown>): structproto.Struct {
  return structproto.Struct.fromJavaScript(value as Parameters<typeof structproto.Struct.fromJavaScript>[0]);
}

describe("the provider process after its engine is gone", function () {
  this.timeout(60_000);

  let cloud: TestCloud;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
  });
  afterEach(async () => {
    child?.kill("SIGKILL");
    await cloud.stop();
  });

  it("finishes the renewal under way, then exits", async () => {
    const { phones } = await cloud.admin.seed({ count: 1, expiryWithinDays: [5, 20], balance: 10_000 });
    const phone = phones[0];
    await cloud.admin.addFault({ kind: "latency", api: "renew", latencyMs: RENEW_LATENCY_MS, count: -1 });

    const engine = await fakeEngine();
    const host = await startHost(engine.port);
    child = host.child;
    const client = new provrpc.ResourceProviderClient(
      `127.0.0.1:${host.port}`,
      grpc.credentials.createInsecure(),
    );
    try {
      const configure = new provproto.ConfigureRequest();
      configure.setArgs(
        struct(Object.fromEntries(Object.entries(cloud.stackConfig).map(([key, { value }]) => [key, value]))),
      );
      await unary(client.configure.bind(client), configure);

      const check = new provproto.CheckRequest();
      check.setUrn(URN);
      check.setOlds(struct({}));
      check.setNews(struct({ __provider: PROVIDER_TEXT, phoneId: phone.instanceId, renewBefore: "P60D" }));
      const checked = await unary<provproto.CheckRequest, provproto.CheckResponse>(
        client.check.bind(client),
        check,
      );
      expect(checked.getFailuresList().map((f) => f.getReason())).to.deep.equal([]);
      const inputs = checked.getInputs()?.toJavaScript() ?? {};
      expect(inputs).to.have.property("renewal");

      const create = new provproto.CreateRequest();
      create.setUrn(URN);
      create.setProperties(struct(inputs));
      // The engine never sees the answer: it is gone before the renewal returns.
      client.create(create, () => undefined);
      await until(async () => ((await cloud.admin.counters()).renew ?? 0) > 0);

      const engineGoneAt = Date.now();
      await engine.close();
      const code = await Promise.race([host.exited, sleep(EXIT_BOUND_MS).then(() => "still running")]);
      const exitedAfterMs = Date.now() - engineGoneAt;

      expect(code, `the provider process, ${exitedAfterMs} ms after its engine went away`).to.equal(0);
      const state = await cloud.admin.state();
      const renewed = state.subscriptions.find((s) => s.resourceId === phone.resourceId);
      expect(renewed?.expireTime, "the renewal under way was completed").to.not.equal(phone.expireTime);
      expect(state.orders.filter((o) => o.status === 5)).to.have.length(1);
    } finally {
      client.close();
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the provider to start the renewal");
    await sleep(50);
  }
}
