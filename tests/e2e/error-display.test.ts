import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { fleetConfig, FLEET_PROJECT, FleetSettings } from "../../harness/fleet-project";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, StackConfig } from "../../harness/project-stack";
import { KooPhoneClient } from "../../provider/client";

/**
 * What a user sees, through the `pulumi` CLI, when something they can fix goes wrong: the message once, under the
 * resource (or the program) it belongs to, with no stack frame and no dump of the error object; the command fails.
 * And a bug, which no message foresaw, still shows its stack.
 */

const NOW = "2026-11-26T04:00:00Z";
/** Every seeded phone expires within this many days, so that the renewBefore below makes it due. */
const SEED_EXPIRY_DAYS: [number, number] = [5, 20];
const DUE = { renewBefore: "P60D", period: { unit: "month" as const, count: 1 } };

/** Credentials from the environment would hide the "missing credentials" cases: the runs get none. */
const NO_CREDENTIAL_ENV = {
  HUAWEICLOUD_SDK_AK: "",
  HUAWEICLOUD_SDK_SK: "",
  HW_ACCESS_KEY: "",
  HW_SECRET_KEY: "",
};

/** A line of a JavaScript stack trace ("    at fn (file:line:col)", "    at file:line:col"). */
const STACK_FRAME = /^\s*at\s+(?:.+\s+\()?(?:[^\s()]+):\d+:\d+\)?\s*$/;

/** A resource as the CLI names it: its type token and its name. */
interface Owner {
  type: string;
  name: string;
}

interface Arranged {
  config: StackConfig;
  /** The resource the message belongs to. */
  under: Owner;
  /** The message in full where only the run can tell it (an order id); the case's `message` otherwise. */
  message?: string;
}

interface DisplayCase {
  name: string;
  command: "preview" | "up";
  /** The part of the message that names the failure; it must be shown once. */
  message: string;
  arrange(cloud: TestCloud): Promise<Arranged>;
}

const FLEET_HEADING: Owner = { type: "koophone:index:Fleet", name: "fleet" };

function subscriptionHeading(phoneId: string): Owner {
  return { type: "pulumi-nodejs:dynamic/koophone:KooPhoneSubscription", name: `fleet-${phoneId}` };
}

/** Seeds one phone and declares a fleet of it, due for renewal; `extra` adds or overrides stack config. */
async function onePhoneFleet(
  cloud: TestCloud,
  settings: Partial<FleetSettings> = {},
  seed: { payPerUseShare?: number; balance?: number } = {},
): Promise<{ phoneId: string; config: StackConfig }> {
  const { phones } = await cloud.admin.seed({ count: 1, expiryWithinDays: SEED_EXPIRY_DAYS, ...seed });
  const phoneId = phones[0].instanceId;
  return {
    phoneId,
    config: { ...cloud.stackConfig, ...fleetConfig(undefined, { phoneIds: [phoneId], ...DUE, ...settings }) },
  };
}

/** For the cases of a payment Billing Center refuses: the preview's balance check only warns. */
const PAY_WITHOUT_BALANCE_CHECK: StackConfig = { "koophone:balanceCheck": { value: "warn" } };

function withoutCredentials(config: StackConfig): StackConfig {
  return Object.fromEntries(
    Object.entries(config).filter(([key]) => key !== "koophone:accessKey" && key !== "koophone:secretKey"),
  );
}

/** A port on which nothing listens: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Billing Center stand-in that refuses every call with a code the provider does not know. */
const UNKNOWN_CODE = "CBC.77770001";
let unknownCodeServer: http.Server | undefined;
async function unknownCodeEndpoint(): Promise<string> {
  unknownCodeServer = http.createServer((_req, res) => {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ error_code: UNKNOWN_CODE, error_msg: "Rejected for a reason not documented yet." }),
    );
  });
  await new Promise<void>((resolve) => unknownCodeServer?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(unknownCodeServer.address() as AddressInfo).port}`;
}

const CASES: DisplayCase[] = [
  {
    name: "credentials rejected, while planning a phone",
    command: "preview",
    message: "the credentials were rejected",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      return {
        config: { ...config, "koophone:secretKey": { value: "not-the-secret-key", secret: true } },
        under: subscriptionHeading(phoneId),
      };
    },
  },
  {
    name: "credentials rejected, while a Fleet lists the phones",
    command: "preview",
    message: "the credentials were rejected",
    async arrange(cloud) {
      await cloud.admin.seed({ count: 1, expiryWithinDays: SEED_EXPIRY_DAYS });
      return {
        config: {
          ...cloud.stackConfig,
          ...fleetConfig(undefined, { nameContains: "phone", ...DUE }),
          "koophone:secretKey": { value: "not-the-secret-key", secret: true },
        },
        under: FLEET_HEADING,
      };
    },
  },
  {
    name: "credentials missing, while planning a phone",
    command: "preview",
    message: "missing credentials: set koophone:accessKey",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      return { config: withoutCredentials(config), under: subscriptionHeading(phoneId) };
    },
  },
  {
    name: "credentials missing, while a Fleet lists the phones",
    command: "preview",
    message: "missing credentials: set koophone:accessKey",
    async arrange(cloud) {
      return {
        config: withoutCredentials({
          ...cloud.stackConfig,
          ...fleetConfig(undefined, { nameContains: "phone" }),
        }),
        under: FLEET_HEADING,
      };
    },
  },
  {
    name: "endpoint refusing connections",
    command: "preview",
    message: "could not get an answer from the endpoint",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      return {
        config: { ...config, "koophone:endpoint": { value: `http://127.0.0.1:${await closedPort()}` } },
        under: subscriptionHeading(phoneId),
      };
    },
  },
  {
    name: "rate limited beyond the retries",
    command: "preview",
    message: "too many calls (the request was not carried out)",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      await cloud.admin.addFault({ kind: "429", api: "query", count: -1 });
      return { config, under: subscriptionHeading(phoneId) };
    },
  },
  {
    name: "insufficient balance",
    command: "up",
    message: "insufficient balance to pay renewal order",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud, { autoPay: true }, { balance: 0 });
      // The balance check would stop the run at preview: this case is Billing Center refusing the payment.
      return { config: { ...config, ...PAY_WITHOUT_BALANCE_CHECK }, under: subscriptionHeading(phoneId) };
    },
  },
  {
    name: "a phone frozen by its administrator",
    command: "up",
    message: "is frozen and cannot be renewed",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      await cloud.admin.addFault({ kind: "frozen-phone", resourceId: phoneId });
      return { config, under: subscriptionHeading(phoneId) };
    },
  },
  {
    name: "a closed phone",
    command: "preview",
    message: "is closed",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud, {}, { payPerUseShare: 1 });
      await cloud.admin.advanceClock({ days: SEED_EXPIRY_DAYS[1] + 1 });
      return { config, under: subscriptionHeading(phoneId) };
    },
  },
  {
    name: "a price over maxOrderAmount",
    command: "up",
    message: "maxOrderAmount exceeded, nothing was ordered",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud, { maxOrderAmount: 1 });
      return { config, under: subscriptionHeading(phoneId) };
    },
  },
  {
    name: "a phone held by another order",
    command: "up",
    message: "insufficient balance to pay renewal order",
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      const client = new KooPhoneClient({
        endpoint: cloud.url,
        koophoneEndpoint: cloud.url,
        credentials: DEFAULT_CREDENTIALS,
      });
      const held = await client.renew({
        resource_ids: [phoneId],
        period_type: 3,
        period_num: 1,
        is_auto_pay: 0,
      });
      // The provider pays an unpaid order that holds a phone still short; here it cannot.
      await cloud.admin.setBalance(0);
      return {
        config: { ...config, ...PAY_WITHOUT_BALANCE_CHECK },
        under: subscriptionHeading(phoneId),
        message: `insufficient balance to pay renewal order ${held.order_ids[0]}`,
      };
    },
  },
  {
    name: "a Billing Center code the provider does not know",
    command: "preview",
    message: UNKNOWN_CODE,
    async arrange(cloud) {
      const { phoneId, config } = await onePhoneFleet(cloud);
      return {
        config: { ...config, "koophone:endpoint": { value: await unknownCodeEndpoint() } },
        under: subscriptionHeading(phoneId),
      };
    },
  },
];

/** The CLI's closing "Diagnostics:" section: each heading ("  type (name):") with the lines under it. */
export function diagnosticsOf(output: string): Map<string, string[]> {
  const lines = output.split("\n");
  // `up` shows its preview's section first: the last one is the command's outcome.
  const start = lines.lastIndexOf("Diagnostics:");
  const sections = new Map<string, string[]>();
  if (start < 0) return sections;
  let heading: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level section (Outputs:, Resources:)
    const head = /^ {2}(\S.*):$/.exec(line);
    if (head) {
      heading = head[1];
      sections.set(heading, []);
    } else if (heading !== undefined && line.trim() !== "") {
      sections.get(heading)?.push(line);
    }
  }
  return sections;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("error display through the pulumi CLI", function () {
  this.timeout(180_000);

  let cloud: TestCloud;
  beforeEach(async () => {
    cloud = await startTestCloud({ now: NOW });
  });
  afterEach(async () => {
    await cloud.stop();
    await new Promise((resolve) =>
      unknownCodeServer ? unknownCodeServer.close(resolve) : resolve(undefined),
    );
    unknownCodeServer = undefined;
  });

  for (const displayCase of CASES) {
    it(`${displayCase.name}: "${displayCase.message}" once, under its resource, no stack`, async () => {
      const arranged = await displayCase.arrange(cloud);
      const { config, under } = arranged;
      const message = arranged.message ?? displayCase.message;
      const stack = await createTestStack({ project: FLEET_PROJECT, config, envVars: NO_CREDENTIAL_ENV });
      try {
        const args = displayCase.command === "up" ? ["up", "--yes"] : ["preview"];
        const result = await stack.pulumi([...args, "--non-interactive", "--suppress-progress"]);
        const output = `${result.stdout}\n${result.stderr}`;
        const shown = `exit ${result.code}\n${output}`;

        expect(result.code, shown).to.not.equal(0);
        expect(
          output.split("\n").filter((line) => STACK_FRAME.test(line)),
          shown,
        ).to.deep.equal([]);
        const diagnostics = diagnosticsOf(result.stdout);
        const heading = `${under.type} (${under.name})`;
        const holders = [...diagnostics].filter(([, lines]) => lines.some((l) => l.includes(message)));
        expect(
          holders.map(([holder]) => holder),
          shown,
        ).to.deep.equal([heading]);
        // One diagnostic line under the resource: the message, with no continuation (stack, dump) below it.
        expect(diagnostics.get(heading), shown).to.have.length(1);
        // Elsewhere, the message shows only in the resource's own progress rows, which repeat its latest diagnostic.
        const progress = result.stdout.slice(0, result.stdout.lastIndexOf("\nDiagnostics:")).split("\n");
        const strayLines = progress.filter(
          (line) => line.includes(message) && !line.includes(` ${under.type} ${under.name} `),
        );
        expect(strayLines, shown).to.deep.equal([]);
        expect(occurrences(result.stderr, message), shown).to.equal(0);
      } finally {
        await stack.remove();
      }
    });
  }

  it("a Fleet that selects no phone warns at preview, naming its filter", async () => {
    await cloud.admin.seed({ count: 2, expiryWithinDays: SEED_EXPIRY_DAYS });
    const config = { ...cloud.stackConfig, ...fleetConfig(undefined, { nameContains: "shop-" }) };
    const stack = await createTestStack({ project: FLEET_PROJECT, config, envVars: NO_CREDENTIAL_ENV });
    try {
      const result = await stack.pulumi(["preview", "--non-interactive", "--suppress-progress"]);
      const shown = `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
      expect(result.code, shown).to.equal(0);
      expect(
        diagnosticsOf(result.stdout).get(`${FLEET_HEADING.type} (${FLEET_HEADING.name})`),
        shown,
      ).to.deep.equal([
        '    warning: Fleet fleet selects no phone: no phone of the account has a name containing "shop-" ' +
          "(nameContains), so it declares no subscription and renews nothing.",
      ]);
    } finally {
      await stack.remove();
    }
  });

  it("a bug (an exception no message foresaw) still shows its stack", async () => {
    // phoneIds must be a list; a number makes the Fleet's own code fail with a TypeError.
    const config = { ...cloud.stackConfig, "program:fleet": { value: JSON.stringify({ phoneIds: 7 }) } };
    const stack = await createTestStack({ project: FLEET_PROJECT, config, envVars: NO_CREDENTIAL_ENV });
    try {
      const result = await stack.pulumi(["preview", "--non-interactive", "--suppress-progress"]);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.code, output).to.not.equal(0);
      expect(output, output).to.include("TypeError");
      expect(
        output.split("\n").some((line) => STACK_FRAME.test(line)),
        output,
      ).to.equal(true);
    } finally {
      await stack.remove();
    }
  });
});
