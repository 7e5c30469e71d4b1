import { expect } from "chai";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { FLEET_PROJECT, fleetConfig } from "../../harness/fleet-project";
import { startTestCloud, TestCloud } from "../../harness/local-cloud";
import { createTestStack, exportedResources, TestStack } from "../../harness/project-stack";
import { CapturedText, countScannedFiles, scanForSecrets, Secret } from "../support/secret-scan";

const PARALLEL = 64;
const SECURITY_TOKEN = "test-security-token-3f9c2a7e1b5d4c8f9a0e6b2d7c1f4a8e";
const WRONG_SECRET_KEY = "wrong-secret-key-5b7e9d1c3a";

const SECRETS: Secret[] = [
  { name: "secret key", value: DEFAULT_CREDENTIALS.secretKey },
  { name: "security token", value: SECURITY_TOKEN },
  { name: "access key", value: DEFAULT_CREDENTIALS.accessKey },
  { name: "wrong secret key", value: WRONG_SECRET_KEY },
];

/**
 * The engine's most verbose logs, plugin (provider) logs included, on stderr: at this level the engine also logs
 * every request to and answer from the provider, so a credential in anything the provider returns would show.
 */
const VERBOSE = { logToStdErr: true, logVerbosity: 9, logFlow: true } as const;

/**
 * The engine's own log lines (from -v=7 up, Pulumi 3.248) that print the stack config it hands to its default
 * provider, secrets decrypted: the config as the user set it, before any provider code runs. They are counted and
 * left out of the scan; every other line, and every file, must hold no credential.
 */
const ENGINE_CONFIG_LINES = [
  /\.(Check|Diff)Config\(urn:pulumi:[^)]*::pulumi:providers:pulumi-nodejs::default\)\.\w+\]/,
  /\.Configure\(\)\.inputs\]/,
  /Planner decided to \w+ 'urn:pulumi:[^']*::pulumi:providers:pulumi-nodejs::default'/,
];

/** The texts joined per source (output arrives in chunks that split lines), without the engine's config lines. */
function withoutEngineConfigLines(texts: CapturedText[]): { texts: CapturedText[]; dropped: number } {
  const joined = new Map<string, string>();
  for (const { source, text } of texts) joined.set(source, (joined.get(source) ?? "") + text);
  let dropped = 0;
  const kept = [...joined].map(([source, text]) => {
    const lines = text.split("\n");
    const rest = lines.filter((line) => !ENGINE_CONFIG_LINES.some((pattern) => pattern.test(line)));
    dropped += lines.length - rest.length;
    return { source, text: rest.join("\n") };
  });
  return { texts: kept, dropped };
}

/** Everything an operation prints, stdout and stderr, kept in `texts` under `label`. */
function capture(texts: CapturedText[], label: string) {
  return {
    onOutput: (text: string) => texts.push({ source: `${label} stdout`, text }),
    onError: (text: string) => texts.push({ source: `${label} stderr`, text }),
  };
}

async function failureOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "";
  } catch (error) {
    return String(error);
  }
}

/** The resources the provider manages (not the engine's own provider resources), as stored in state. */
async function providerResources(stack: Stack) {
  return (await exportedResources(stack)).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/koophone:"));
}

describe("e2e: no credential in state, logs or errors (security token configured, verbose engine logs)", function () {
  this.timeout(600_000);
  let cloud: TestCloud;
  let ids: string[];

  before(async () => {
    cloud = await startTestCloud({ now: "2026-11-26T04:00:00Z" });
    const seeded = await cloud.admin.seed({
      count: 3,
      expiryWithinDays: [2, 40],
      rngSeed: 11,
      balance: 100_000,
    });
    ids = seeded.phones.map((p) => p.resourceId).sort();
  });
  after(async () => cloud?.stop());

  it("up, refresh, a failing preview and destroy leave no access key, secret key or token anywhere", async () => {
    const test: TestStack = await createTestStack({
      project: FLEET_PROJECT,
      config: {
        ...fleetConfig({ renewalDay: 15 }, { phoneIds: ids }),
        ...cloud.stackConfig,
        "koophone:accessKey": { value: DEFAULT_CREDENTIALS.accessKey, secret: true },
        "koophone:securityToken": { value: SECURITY_TOKEN, secret: true },
      },
    });
    const texts: CapturedText[] = [];
    try {
      const up = await test.stack.up({ parallel: PARALLEL, ...VERBOSE, ...capture(texts, "up") });
      expect(up.summary.result).to.equal("succeeded");
      expect((await cloud.admin.state()).orders.length, "the run renewed phones").to.be.greaterThan(0);
      const refresh = await test.stack.refresh({ ...VERBOSE, ...capture(texts, "refresh") });
      expect(refresh.summary.result).to.equal("succeeded");

      // An error that involves the credentials: the cloud refuses a wrong secret key.
      await test.stack.setConfig("koophone:secretKey", { value: WRONG_SECRET_KEY, secret: true });
      const refused = await failureOf(() =>
        test.stack.preview({ refresh: true, ...VERBOSE, ...capture(texts, "preview") }),
      );
      expect(refused).to.match(/credentials were rejected/);
      texts.push({ source: "preview error", text: refused });
      await test.stack.setConfig("koophone:secretKey", {
        value: DEFAULT_CREDENTIALS.secretKey,
        secret: true,
      });

      const destroy = await test.stack.destroy({
        parallel: PARALLEL,
        ...VERBOSE,
        ...capture(texts, "destroy"),
      });
      expect(destroy.summary.result).to.equal("succeeded");

      const logged = texts.filter((t) => t.source.endsWith("stderr")).reduce((n, t) => n + t.text.length, 0);
      expect(logged, "the verbose engine logs were captured").to.be.greaterThan(10_000);
      const files = countScannedFiles(test.dirs);
      expect(files, "state, history and backups were written").to.be.greaterThan(5);
      const scanned = withoutEngineConfigLines(texts);
      const hits = scanForSecrets({ secrets: SECRETS, dirs: test.dirs, texts: scanned.texts });
      console.log(
        `      scanned ${files} files and ${Math.round(logged / 1024)} KiB of logs and errors: ${hits.length} hits ` +
          `(left out: ${scanned.dropped} engine lines printing the stack config it gives its default provider)`,
      );
      expect(hits).to.deep.equal([]);
    } finally {
      await test.remove();
    }
  });

  it("a plain koophone:accessKey is kept by the engine as stack config, never in the provider's resources", async () => {
    const test = await createTestStack({
      project: FLEET_PROJECT,
      config: { ...cloud.stackConfig, ...fleetConfig(undefined, { phoneIds: ids.slice(0, 1) }) },
    });
    const texts: CapturedText[] = [];
    try {
      await test.stack.up({ parallel: PARALLEL, ...capture(texts, "up") });
      const accessKey = SECRETS.filter((s) => s.name === "access key");
      const resources = await providerResources(test.stack);
      expect(resources.length).to.equal(1);
      expect(JSON.stringify(resources)).to.not.contain(DEFAULT_CREDENTIALS.accessKey);
      expect(scanForSecrets({ secrets: accessKey, dirs: [], texts })).to.deep.equal([]);
      // Where the engine itself keeps a plain config value: the stack settings, and the copy of the stack config in
      // its default provider's inputs and in the update history. Configure the access key as a secret to avoid it.
      const engineCopies = scanForSecrets({ secrets: accessKey, dirs: test.dirs, texts: [] }).map((hit) =>
        path.basename(hit.where),
      );
      console.log(`      a plain access key is in: ${[...new Set(engineCopies)].join(", ")}`);
      expect(engineCopies).to.include("Pulumi.test.yaml");
      const secretKey = SECRETS.filter((s) => s.name === "secret key");
      expect(scanForSecrets({ secrets: secretKey, dirs: test.dirs, texts })).to.deep.equal([]);
    } finally {
      await test.remove();
    }
  });
});
