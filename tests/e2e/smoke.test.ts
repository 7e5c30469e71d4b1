import { expect } from "chai";
import { createTestStack, exportedResources, TestStack } from "../support/pulumi-stack";
import { Echo } from "./programs/echo-resource";

describe("smoke: the real Pulumi engine runs a dynamic resource", function () {
  this.timeout(300_000);
  let test: TestStack;

  before(async () => {
    test = await createTestStack({
      projectName: "koophone-smoke",
      program: async () => {
        const echo = new Echo("hello", { message: "hello-engine" });
        return { length: echo.length };
      },
    });
  });
  after(async () => test?.remove());

  it("creates the resource with up", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).to.equal("succeeded");
    expect(up.summary.resourceChanges?.create).to.equal(2); // the stack and the resource
    expect(up.outputs.length.value).to.equal(12);
    const echo = (await exportedResources(test.stack)).find((r) => r.type.endsWith(":Echo"));
    expect(echo?.id).to.equal("echo-hello-engine");
    const providerBytes = Buffer.byteLength(String(echo?.inputs?.__provider ?? ""));
    expect(providerBytes).to.be.greaterThan(0);
    console.log(`      serialized dynamic provider in state: ${providerBytes} bytes per resource`);
  });

  it("previews no changes on a second run", async () => {
    const preview = await test.stack.preview();
    expect(preview.changeSummary).to.deep.equal({ same: 2 });
  });

  it("removes the resource with destroy", async () => {
    const destroy = await test.stack.destroy();
    expect(destroy.summary.result).to.equal("succeeded");
    expect(destroy.summary.resourceChanges?.delete).to.equal(2);
    expect(await exportedResources(test.stack)).to.deep.equal([]);
  });
});
