// The Node.js SDK generated from the native plugin's schema (scripts/sdk, into build/sdk/nodejs) compiles with this
// checkout's TypeScript and @pulumi/pulumi: what a plain-Pulumi TypeScript user of the plugin installs.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../harness/paths";
import { runCommand } from "../../harness/run-command";

const SDK = path.join(repoRoot, "build", "sdk", "nodejs");

describe("the generated Node.js SDK", function () {
  this.timeout(60_000);

  it("declares the plugin's resources, component and function, and type-checks", async () => {
    expect(fs.existsSync(SDK), `${SDK} is missing: run npm run sdk (or scripts/setup)`).to.equal(true);
    for (const file of ["subscription.ts", "renewalPolicy.ts", "fleet.ts", "getPhones.ts", "provider.ts"]) {
      expect(fs.existsSync(path.join(SDK, file)), file).to.equal(true);
    }
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "koophone-nodejs-sdk-"));
    try {
      fs.cpSync(SDK, copy, { recursive: true });
      fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
      const tsc = path.join(repoRoot, "node_modules", ".bin", "tsc");
      const result = await runCommand(tsc, ["-p", "tsconfig.json", "--noEmit"], {
        cwd: copy,
        env: process.env,
      });
      expect(result.code, result.stdout + result.stderr).to.equal(0);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
