import { expect } from "chai";
import { declareInSlices, SLICE_SIZE, withoutPromiseStacks } from "../../provider/declare-in-slices";

const framesOf = (stack: string | undefined) => (stack ?? "").split("\n").slice(1).length;

describe("declaring a fleet's resources in slices", () => {
  it("lets the event loop turn between slices, declaring every item once in order", async () => {
    const items = Array.from({ length: 2 * SLICE_SIZE + 1 }, (_, i) => i);
    const events: string[] = [];
    let declared = 0;
    // An I/O-like callback queued before declaring starts: it runs after the first slice, not after the last.
    setImmediate(() => events.push(`turn after ${declared}`));
    const order: number[] = [];
    await declareInSlices(items, (item) => {
      order.push(item);
      declared++;
    });
    expect(order).to.deep.equal(items);
    expect(events).to.deep.equal([`turn after ${SLICE_SIZE}`]);
  });

  it("fails with a TypeError and its stack when given no list, declaring nothing", async () => {
    const declared: unknown[] = [];
    const failure = await declareInSlices(7 as unknown as number[], (item) => declared.push(item)).catch(
      (error: unknown) => error as Error,
    );
    expect(failure).to.be.instanceOf(TypeError);
    expect(framesOf((failure as Error).stack)).to.be.greaterThan(0);
    expect(declared).to.deep.equal([]);
  });

  it("takes no stack while declaring, and restores the limit afterwards, also when a declaration throws", () => {
    const limit = Error.stackTraceLimit;
    expect(framesOf(withoutPromiseStacks(() => new Error().stack, {}))).to.equal(0);
    expect(() =>
      withoutPromiseStacks(() => {
        throw new Error("bad declaration");
      }, {}),
    ).to.throw("bad declaration");
    expect(Error.stackTraceLimit).to.equal(limit);
    expect(framesOf(new Error().stack)).to.be.greaterThan(0);
  });

  it("takes the stacks as usual with PULUMI_DEBUG_PROMISE_LEAKS, for the SDK's leak report", () => {
    const stack = withoutPromiseStacks(() => new Error().stack, { PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    expect(framesOf(stack)).to.be.greaterThan(0);
  });
});
