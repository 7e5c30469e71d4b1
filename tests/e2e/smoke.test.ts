import { expect } from "chai";
import { ECHO_PROJECT } from "../../harness/echo-project";
import { createTestStack, exportedResources, TestStack } from "../../harness/project-stack";
import type { CommandResult } from "../../harness/run-command";

describe("smoke: a project folder runs through the pulumi CLI and its Node.js language host", function () {
  this.timeout(300_000);
  let test: TestStack;

  before(async () => {
    test = await createTestStack({ project: ECHO_PROJECT });
  });
  after(async () => test?.remove());

  async function pulumi(args: string[]): Promise<CommandResult> {
    const result = await test.pulumi(args);
    expect(result.code, `pulumi ${args.join(" ")}:\n${result.stdout}${result.stderr}`).to.equal(0);
    return result;
  }

  it("creates the resource with pulumi up, using the language host beside the CLI", async () => {
    const up = await pulumi(["up", "--yes"]);
    expect(up.stdout + up.stderr).to.not.match(/pulumi-language-nodejs from \$PATH/);
    const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as { lengths: number[] };
    expect(outputs.lengths).to.deep.equal([2]);
    const echo = (await exportedResources(test.stack)).find((r) => r.type.endsWith(":Echo"));
    expect(echo?.id).to.equal("echo-m0");
  });

  it("previews no changes on a second run", async () => {
    await pulumi(["preview", "--expect-no-changes"]);
  });

  it("removes the resource with pulumi destroy", async () => {
    await pulumi(["destroy", "--yes"]);
    expect(await exportedResources(test.stack)).to.deep.equal([]);
  });
});
