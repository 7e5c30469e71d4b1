import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CREDENTIALS, RunningEmulator } from "../../emulator";
import { KooPhoneClient, RenewRequest } from "../../provider/client";
import {
  MONTH_PRICE,
  fulfilled,
  newBatches,
  paidRenewalsPerPhone,
  renewAll,
  seedDuePhones,
  startCloud,
} from "./renewal-fixture";

// Billing Center may answer one renew call with several orders (a combined order split by product, for one). The
// local cloud always answers one; a gateway in front of it answers one order per phone, so that the pipeline has to
// learn which order holds which phone from the cloud (an order's line items name no phone).

describe("renewal: one renew call answered with several orders", function () {
  let cloud: RunningEmulator;
  let gateway: http.Server;
  let gatewayUrl: string;

  before(async () => {
    cloud = await startCloud();
    gateway = await startSplittingGateway(cloud.url);
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  after(async () => {
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    await cloud.stop();
  });

  it("pays each order once and records each phone with the order that renewed it", async () => {
    const phones = await seedDuePhones(cloud, 3);
    await cloud.admin.resetCounters();
    const renewals = (await renewAll(newBatches({ url: gatewayUrl }), phones)).map(fulfilled);
    const paid = await paidRenewalsPerPhone(cloud);
    const orders = phones.map((p) => paid.get(p) ?? []);
    expect(orders.map((o) => o.length)).to.deep.equal([1, 1, 1]);
    expect(new Set(orders.flat()).size).to.equal(3);
    expect(renewals.map((r) => r?.orderId)).to.deep.equal(orders.map((o) => o[0]));
    expect(renewals.every((r) => r?.amount === MONTH_PRICE)).to.equal(true);
    expect((await cloud.admin.counters()).pay).to.equal(3);
  });
});

/** Forwards every call to the cloud as it is, except renew: one renew per phone, answered as one. */
async function startSplittingGateway(cloudUrl: string): Promise<http.Server> {
  const client = new KooPhoneClient({
    endpoint: cloudUrl,
    koophoneEndpoint: cloudUrl,
    credentials: DEFAULT_CREDENTIALS,
    callsPerSecond: 1000,
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url === "/v2/orders/subscriptions/resources/renew") {
        void splitRenew(client, JSON.parse(body.toString("utf8")) as RenewRequest).then((answer) => {
          res.writeHead(200, { "Content-Type": "application/json", Date: new Date().toUTCString() });
          res.end(JSON.stringify(answer));
        });
        return;
      }
      // Headers as signed (the Host included): the cloud checks the caller's signature itself.
      const forward = http.request(
        `${cloudUrl}${req.url ?? "/"}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function splitRenew(client: KooPhoneClient, request: RenewRequest): Promise<unknown> {
  const orderIds: string[] = [];
  const failures: unknown[] = [];
  for (const id of request.resource_ids) {
    const answer = await client.renew({ ...request, resource_ids: [id] });
    orderIds.push(...answer.order_ids);
    failures.push(...answer.fail_resource_infos);
  }
  return { order_ids: orderIds, fail_resource_infos: failures };
}
