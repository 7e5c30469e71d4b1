import { expect } from "chai";
import { ChildProcess, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { RawApi } from "../helpers/official-signer";

// The koophone-emulator command: prints where it listens and its access key (never the secret key), serves the
// seeded fleet, keeps its state in --data, and stops cleanly on SIGTERM.

const CLI = path.join(__dirname, "..", "..", "emulator", "cli.ts");

function waitForUrl(child: ChildProcess, output: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output.text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output.text);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited early (${code}): ${output.text}`)));
  });
}

describe("emulator: command line", function () {
  this.timeout(30_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "koophone-emulator-cli-"));
  });
  afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

  it("serves a seeded fleet, never prints the secret key, and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CLI, "--port", "0", "--data", dataDir, "--seed", "5"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const output = { text: "" };
    child.stderr?.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
    try {
      const url = await waitForUrl(child, output);
      expect(output.text).to.include(DEFAULT_CREDENTIALS.accessKey);
      expect(output.text).to.not.include(DEFAULT_CREDENTIALS.secretKey);
      const res = await new RawApi(url).query({});
      expect(res.json.total_count).to.equal(5);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).to.equal(0);
    }
    expect(output.text).to.not.include(DEFAULT_CREDENTIALS.secretKey);
    const saved = JSON.parse(await fs.readFile(path.join(dataDir, "state.json"), "utf8"));
    expect(saved.phones).to.have.length(5);
  });

  it("--rate-limit sets the account's calls a second per API; 0 is refused", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--rate-limit", "2"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { text: "" };
    try {
      const api = new RawApi(await waitForUrl(child, output));
      const statuses = (await Promise.all([api.query({}), api.query({}), api.query({})])).map(
        (r) => r.status,
      );
      expect(statuses.sort()).to.deep.equal([200, 200, 429]);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    const refused = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--rate-limit", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    refused.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => refused.once("exit", resolve))).to.equal(2);
    expect(stderr).to.include("--rate-limit must be a whole number of calls a second per API, 1 or more");
  });

  it("refuses a bad argument with its usage", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "eighty"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).to.equal(2);
    expect(stderr).to.include("--port must be an integer");
    expect(stderr).to.include("usage: koophone-emulator");
  });
});
