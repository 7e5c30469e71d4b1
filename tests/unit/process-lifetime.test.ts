import { expect } from "chai";
import * as net from "node:net";
import {
  countCallsInFlight,
  EngineAddress,
  engineAddressIn,
  engineAnswers,
  inFlight,
  watchEngine,
} from "../../provider/process-lifetime";

/** A stand-in for the engine's gRPC server: something that accepts connections until it is closed. */
async function fakeEngine(): Promise<{ address: EngineAddress; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: { host: "127.0.0.1", port },
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("process lifetime", () => {
  it("finds the engine's address among the plugin's arguments", () => {
    expect(engineAddressIn(["127.0.0.1:40123"])).to.deep.equal({ host: "127.0.0.1", port: 40123 });
    expect(engineAddressIn(["--logtostderr", "-v=9", "127.0.0.1:40123"])).to.deep.equal({
      host: "127.0.0.1",
      port: 40123,
    });
    expect(engineAddressIn(["--tracing", "127.0.0.1:9411"])).to.equal(undefined);
    expect(engineAddressIn(["tests/unit/process-lifetime.test.ts"])).to.equal(undefined);
    expect(engineAddressIn([])).to.equal(undefined);
  });

  it("tells an engine that accepts connections from one that is gone", async () => {
    const engine = await fakeEngine();
    expect(await engineAnswers(engine.address, 1000)).to.equal(true);
    await engine.close();
    expect(await engineAnswers(engine.address, 1000)).to.equal(false);
  });

  it("once the engine is gone, lets the calls under way finish, then exits", async () => {
    const engine = await fakeEngine();
    const payment = deferred<string>();
    const provider = countCallsInFlight({ create: () => payment.promise });
    const exited = deferred<number>();
    const events: string[] = [];
    const stop = watchEngine({
      address: engine.address,
      probeEveryMs: 20,
      drainLimitMs: 60_000,
      parentPid: () => 1000,
      exit: (code) => {
        events.push("exit");
        exited.resolve(code);
      },
      log: (line) => events.push(line),
    });
    try {
      const created = provider.create().then((orderId) => events.push(`created ${orderId}`));
      expect(inFlight()).to.equal(1);
      await engine.close();
      await sleep(200);
      expect(events).to.deep.equal([
        "the Pulumi engine is gone; finishing 1 call(s) under way, then exiting",
      ]);
      payment.resolve("CS1");
      await created;
      expect(await exited.promise).to.equal(0);
      expect(events.slice(1)).to.deep.equal(["created CS1", "exit"]);
    } finally {
      stop();
    }
  });

  it("abandons calls that outlast the drain limit", async () => {
    const engine = await fakeEngine();
    const slow = deferred<string>();
    const provider = countCallsInFlight({ create: () => slow.promise });
    const exited = deferred<number>();
    const lines: string[] = [];
    const stop = watchEngine({
      address: engine.address,
      probeEveryMs: 20,
      drainLimitMs: 100,
      parentPid: () => 1000,
      exit: (code) => exited.resolve(code),
      log: (line) => lines.push(line),
    });
    try {
      const created = provider.create();
      await engine.close();
      expect(await exited.promise).to.equal(0);
      expect(lines[1]).to.equal("abandoning 1 call(s) still under way after 100 ms");
      slow.resolve("CS2");
      await created;
    } finally {
      stop();
    }
  });

  it("takes a new parent process for the engine's death, even while its address still answers", async () => {
    const engine = await fakeEngine();
    let parent = 1000;
    const exited = deferred<number>();
    const stop = watchEngine({
      address: engine.address,
      probeEveryMs: 20,
      drainLimitMs: 60_000,
      parentPid: () => parent,
      exit: (code) => exited.resolve(code),
      log: () => undefined,
    });
    try {
      await sleep(100);
      parent = 1;
      expect(await exited.promise).to.equal(0);
    } finally {
      stop();
      await engine.close();
    }
  });

  it("keeps watching while the engine answers", async () => {
    const engine = await fakeEngine();
    let exits = 0;
    const stop = watchEngine({
      address: engine.address,
      probeEveryMs: 20,
      drainLimitMs: 60_000,
      parentPid: () => 1000,
      exit: () => (exits += 1),
      log: () => undefined,
    });
    await sleep(200);
    stop();
    await engine.close();
    expect(exits).to.equal(0);
  });
});
