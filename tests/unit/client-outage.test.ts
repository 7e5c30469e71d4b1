import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ConnectionError,
  DEFAULT_BACKOFF,
  DEFAULT_RETRY_LIMITS,
  KooPhoneApiError,
  KooPhoneClient,
  backoffDelay,
  debugLog,
  verbosityOf,
} from "../../provider/client";
import { STUB_CREDENTIALS, STUB_RESOURCE as RESOURCE } from "./client-stub-server";

// An endpoint that goes away and comes back: connections are refused while it is down, so nothing the client
// sends can have been carried out. Reads, renew and pay all wait it out within the retry budget, and each retry
// leaves a log line. Timings are scaled down; the defaults are checked by arithmetic.

/** A JSON server on a fixed port that can be taken down and brought back. */
class FlakyEndpoint {
  private server: Server | undefined;
  readonly paths: string[] = [];

  constructor(private port = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      this.paths.push(req.url ?? "");
      req.resume();
      req.on("end", () => {
        const body = req.url?.includes("renew")
          ? { order_ids: ["order-1"], fail_resource_infos: [] }
          : { total_count: 1, data: [RESOURCE] };
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Down now; `back` resolves once it is up again, `ms` later. */
  async outage(ms: number): Promise<{ back: Promise<void> }> {
    await this.down();
    return { back: new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => this.up()) };
  }
}

describe("client: riding out an outage", function () {
  this.timeout(20_000);
  let endpoint: FlakyEndpoint;
  let lines: string[];

  const clientFor = (budgetMs: number): KooPhoneClient =>
    new KooPhoneClient({
      endpoint: endpoint.url,
      koophoneEndpoint: endpoint.url,
      credentials: STUB_CREDENTIALS,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 400,
      retryBudgetMs: budgetMs,
      maxRetries: 100,
      callsPerSecond: 1000,
      log: (line) => lines.push(line),
    });

  beforeEach(async () => {
    endpoint = new FlakyEndpoint();
    await endpoint.up();
    lines = [];
  });
  afterEach(() => endpoint.down());

  it("a read waits out 1.5 s of refused connections and then gets its answer, logging each retry", async () => {
    const { back } = await endpoint.outage(1500);
    const started = Date.now();
    const page = await clientFor(5000).queryResources({ resource_ids: ["phone-1"] });
    await back;
    expect(page.data[0].resource_id).to.equal("phone-1");
    expect(Date.now() - started).to.be.at.least(1400);
    expect(lines.length).to.be.at.least(3);
    expect(lines[0]).to.match(
      /^koophone: query \(phone-1\) attempt 1 failed \[ECONNREFUSED\]; retrying in \d+\.\ds$/,
    );
  });

  it("renew refused before sending is sent again once the endpoint is back: one order, retries logged", async () => {
    const { back } = await endpoint.outage(800);
    const renewed = await clientFor(5000).renew({
      resource_ids: ["phone-1", "phone-2"],
      period_type: 2,
      period_num: 1,
    });
    await back;
    expect(renewed.order_ids).to.deep.equal(["order-1"]);
    expect(endpoint.paths.filter((p) => p.includes("renew"))).to.have.length(1);
    expect(lines.length).to.be.at.least(1);
    expect(
      lines.every((line) =>
        /^koophone: renew \(phone-1,phone-2\) attempt \d+ failed \[ECONNREFUSED\]/.test(line),
      ),
    ).to.equal(true);
  });

  it("pay refused before sending is sent again once the endpoint is back", async () => {
    const { back } = await endpoint.outage(600);
    await clientFor(5000).payOrder({ order_id: "order-7", use_coupon: "NO", use_discount: "NO" });
    await back;
    expect(endpoint.paths).to.deep.equal(["/v3/orders/customer-orders/pay"]);
    expect(lines[0]).to.match(/^koophone: pay \(order-7\) attempt 1 failed \[ECONNREFUSED\]/);
  });

  it("gives up with ConnectionError once the outage outlasts the retry budget", async () => {
    await endpoint.down();
    const started = Date.now();
    let error: unknown;
    try {
      await clientFor(700).queryResources({});
    } catch (caught) {
      error = caught;
    }
    const elapsed = Date.now() - started;
    expect(error).to.be.instanceOf(ConnectionError);
    expect((error as KooPhoneApiError).networkCode).to.equal("ECONNREFUSED");
    expect(elapsed).to.be.within(600, 1500);
  });

  it("by default a read retries until 15 s, never waiting over 5 s, so some retry falls after a 10 s outage", () => {
    const waits = (random: () => number): number[] =>
      Array.from({ length: DEFAULT_RETRY_LIMITS.maxRetries }, (_, attempt) =>
        backoffDelay(attempt, DEFAULT_BACKOFF, random),
      );
    const longest = Math.max(...waits(() => 0.999999));
    const least = waits(() => 0).reduce((sum, wait) => sum + wait, 0);
    expect(longest).to.be.at.most(5000);
    expect(DEFAULT_RETRY_LIMITS.budgetMs - longest).to.be.at.least(10_000);
    // The count never ends the retries before the budget does.
    expect(least).to.be.above(DEFAULT_RETRY_LIMITS.budgetMs);
  });

  it("writes retry lines to stderr only when the engine asked for logs (-v=N)", () => {
    expect(verbosityOf(["node", "provider", "-v=9"])).to.equal(9);
    expect(verbosityOf(["node", "provider", "--v=3"])).to.equal(3);
    expect(verbosityOf(["node", "provider"])).to.equal(0);
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      debugLog(["node", "provider"])("quiet");
      debugLog(["node", "provider", "-v=5"])("koophone: query attempt 1 failed");
    } finally {
      process.stderr.write = write;
    }
    expect(written).to.deep.equal(["koophone: query attempt 1 failed\n"]);
  });
});
