import { expect } from "chai";
import fc from "fast-check";
import {
  BatchResults,
  Batcher,
  BatcherOptions,
  MissingResultError,
  Timers,
} from "../../provider/batching/batcher";

/** Timers on a manual clock: nothing fires until the test advances it. */
class FakeTimers implements Timers {
  now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number); // handles are the ids returned above
  }

  /** Fires, in order, every timer due within `ms`, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.timers.delete(id);
      this.now = timer.at;
      timer.callback();
      await settled();
    }
    this.now = end;
    await settled();
  }
}

/** Lets every queued promise callback run. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Request {
  id: string;
  group?: string;
}

interface Call {
  group: string;
  ids: string[];
  at: number;
}

/** A batcher over requests whose run answers `${group}/${id}` per id, recording every call. */
function harness(
  options: Partial<BatcherOptions<Request, string>> & {
    answer?: (ids: string[]) => BatchResults<string>;
  } = {},
) {
  const timers = new FakeTimers();
  const calls: Call[] = [];
  const answer =
    options.answer ?? ((ids: string[]) => new Map(ids.map((id): [string, string] => [id, `answer/${id}`])));
  const batcher = new Batcher<Request, string>({
    maxBatchSize: 10,
    windowMs: 10,
    maxWaitMs: 100,
    itemKey: (request) => request.id,
    groupKey: (request) => request.group ?? "",
    run: async (items, group) => {
      const ids = items.map((item) => item.id);
      calls.push({ group, ids, at: timers.now });
      return answer(ids);
    },
    timers,
    ...options,
  });
  return { batcher, timers, calls };
}

/** Records how a promise settles without leaving a rejection unhandled. */
function outcome<T>(promise: Promise<T>): { value?: T; error?: unknown; settled: boolean } {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}

const ids = (count: number, prefix = "r") => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

describe("batching: Batcher", () => {
  it("sends items that arrive within the window as one batch, each caller getting its own result", async () => {
    const { batcher, timers, calls } = harness();
    const results = ["a", "b", "c"].map((id) => outcome(batcher.add({ id })));
    await timers.advance(9);
    expect(calls).to.deep.equal([]);
    await timers.advance(1);
    expect(calls).to.deep.equal([{ group: "", ids: ["a", "b", "c"], at: 10 }]);
    expect(results.map((result) => result.value)).to.deep.equal(["answer/a", "answer/b", "answer/c"]);
  });

  it("restarts the window on each arrival", async () => {
    const { batcher, timers, calls } = harness();
    void batcher.add({ id: "a" });
    await timers.advance(8);
    void batcher.add({ id: "b" });
    await timers.advance(8);
    expect(calls).to.deep.equal([]);
    await timers.advance(2);
    expect(calls).to.deep.equal([{ group: "", ids: ["a", "b"], at: 18 }]);
  });

  it("keeps the window open while holdOpen says more items are coming, up to the maximum wait", async () => {
    let coming = true;
    const { batcher, timers, calls } = harness({ holdOpen: () => coming });
    void batcher.add({ id: "a" });
    await timers.advance(35);
    expect(calls).to.deep.equal([]);
    void batcher.add({ id: "b" });
    coming = false;
    await timers.advance(10);
    expect(calls).to.deep.equal([{ group: "", ids: ["a", "b"], at: 45 }]);

    coming = true;
    void batcher.add({ id: "c" });
    await timers.advance(100);
    expect(calls.slice(1)).to.deep.equal([{ group: "", ids: ["c"], at: 145 }]);
  });

  it("sends after the maximum wait however busy the window is", async () => {
    const { batcher, timers, calls } = harness({ maxBatchSize: 50 });
    for (const id of ids(15)) {
      void batcher.add({ id });
      await timers.advance(9);
    }
    expect(calls.map((call) => [call.at, call.ids.length])).to.deep.equal([[100, 12]]);
    await timers.advance(10);
    expect(calls.map((call) => [call.at, call.ids.length])).to.deep.equal([
      [100, 12],
      [136, 3],
    ]);
  });

  it("sends a full batch at once, at most maxBatchSize items per call", async () => {
    const { batcher, timers, calls } = harness();
    const results = ids(25).map((id) => outcome(batcher.add({ id })));
    await settled();
    expect(calls.map((call) => [call.at, call.ids.length])).to.deep.equal([
      [0, 10],
      [0, 10],
    ]);
    await timers.advance(10);
    expect(calls.map((call) => [call.at, call.ids.length])).to.deep.equal([
      [0, 10],
      [0, 10],
      [10, 5],
    ]);
    expect(results.map((result) => result.value)).to.deep.equal(ids(25).map((id) => `answer/${id}`));
  });

  it("batches only items of the same group together", async () => {
    const { batcher, timers, calls } = harness();
    const results = [
      { id: "a", group: "month/1" },
      { id: "b", group: "year/1" },
      { id: "c", group: "month/1" },
    ].map((request) => outcome(batcher.add(request)));
    await timers.advance(10);
    expect(calls).to.have.deep.members([
      { group: "month/1", ids: ["a", "c"], at: 10 },
      { group: "year/1", ids: ["b"], at: 10 },
    ]);
    expect(results.every((result) => result.settled)).to.equal(true);
  });

  it("fails only the item whose result is an error", async () => {
    const failure = new Error("CBC.30050010 pending order");
    const { batcher, timers } = harness({
      answer: (requested) =>
        new Map(requested.map((id): [string, string | Error] => [id, id === "b" ? failure : `answer/${id}`])),
    });
    const [a, b, c] = ["a", "b", "c"].map((id) => outcome(batcher.add({ id })));
    await timers.advance(10);
    expect(a.value).to.equal("answer/a");
    expect(b.error).to.equal(failure);
    expect(c.value).to.equal("answer/c");
  });

  it("fails an item the call returned nothing for", async () => {
    const { batcher, timers } = harness({ answer: () => new Map([["a", "answer/a"]]) });
    const [a, b] = ["a", "b"].map((id) => outcome(batcher.add({ id })));
    await timers.advance(10);
    expect(a.value).to.equal("answer/a");
    expect(b.error).to.be.instanceOf(MissingResultError).with.property("key", "b");
  });

  it("fails every item of a batch whose call fails, and only those", async () => {
    const failure = new Error("HTTP 500");
    const { batcher, timers } = harness({
      run: async (items, group) => {
        if (group === "bad") throw failure;
        return new Map(items.map((item): [string, string] => [item.id, "ok"]));
      },
    });
    const bad = ["a", "b"].map((id) => outcome(batcher.add({ id, group: "bad" })));
    const good = outcome(batcher.add({ id: "c", group: "good" }));
    await timers.advance(10);
    expect(bad.map((result) => result.error)).to.deep.equal([failure, failure]);
    expect(good.value).to.equal("ok");
  });

  it("fails the batch when run throws synchronously or answers without a Map", async () => {
    const thrown = harness({
      run: () => {
        throw new Error("boom");
      },
    });
    const first = outcome(thrown.batcher.add({ id: "a" }));
    await thrown.timers.advance(10);
    expect(first.error).to.be.instanceOf(Error).with.property("message", "boom");

    const malformed = harness({ run: async () => undefined as unknown as BatchResults<string> }); // a broken run
    const second = outcome(malformed.batcher.add({ id: "a" }));
    await malformed.timers.advance(10);
    expect(second.error).to.be.instanceOf(TypeError);
  });

  it("rejects an item whose key cannot be computed, without disturbing the others", async () => {
    const { batcher, timers, calls } = harness({
      itemKey: (request) => {
        if (request.id === "bad") throw new Error("no key");
        return request.id;
      },
    });
    const bad = outcome(batcher.add({ id: "bad" }));
    const good = outcome(batcher.add({ id: "a" }));
    await timers.advance(10);
    expect(bad.error).to.be.instanceOf(Error).with.property("message", "no key");
    expect(good.value).to.equal("answer/a");
    expect(calls.map((call) => call.ids)).to.deep.equal([["a"]]);
  });

  it("gives two adds of the same key in one window one slot and the same result", async () => {
    const { batcher, timers, calls } = harness({ maxBatchSize: 2 });
    const first = outcome(batcher.add({ id: "a" }));
    const second = outcome(batcher.add({ id: "a" }));
    await settled();
    expect(calls).to.deep.equal([]);
    expect(batcher.waitingCount).to.equal(1);
    await timers.advance(10);
    expect(calls.map((call) => call.ids)).to.deep.equal([["a"]]);
    expect([first.value, second.value]).to.deep.equal(["answer/a", "answer/a"]);
  });

  it("shares a per-item error between the adds of the same key", async () => {
    const failure = new Error("not found");
    const { batcher, timers } = harness({ answer: () => new Map([["a", failure]]) });
    const results = [outcome(batcher.add({ id: "a" })), outcome(batcher.add({ id: "a" }))];
    await timers.advance(10);
    expect(results.map((result) => result.error)).to.deep.equal([failure, failure]);
  });

  it("does not join a batch that has already been sent", async () => {
    const { batcher, timers, calls } = harness();
    void batcher.add({ id: "a" });
    await timers.advance(10);
    void batcher.add({ id: "a" });
    await timers.advance(10);
    expect(calls.map((call) => [call.at, call.ids])).to.deep.equal([
      [10, ["a"]],
      [20, ["a"]],
    ]);
  });

  it("sends everything waiting on flush", async () => {
    const { batcher, calls } = harness();
    const results = [
      outcome(batcher.add({ id: "a", group: "x" })),
      outcome(batcher.add({ id: "b", group: "y" })),
    ];
    batcher.flush();
    await settled();
    expect(calls.map((call) => call.group)).to.have.members(["x", "y"]);
    expect(results.map((result) => result.value)).to.deep.equal(["answer/a", "answer/b"]);
    expect(batcher.waitingCount).to.equal(0);
  });

  it("refuses options that cannot work", () => {
    const run = async () => new Map<string, string>();
    const base = { itemKey: (id: string) => id, run };
    expect(() => new Batcher({ ...base, maxBatchSize: 0, windowMs: 10 })).to.throw(
      RangeError,
      /maxBatchSize/,
    );
    expect(() => new Batcher({ ...base, maxBatchSize: 1.5, windowMs: 10 })).to.throw(
      RangeError,
      /maxBatchSize/,
    );
    expect(() => new Batcher({ ...base, maxBatchSize: 10, windowMs: -1 })).to.throw(RangeError, /windowMs/);
    expect(() => new Batcher({ ...base, maxBatchSize: 10, windowMs: 10, maxWaitMs: 5 })).to.throw(
      RangeError,
      /maxWaitMs/,
    );
  });

  it("works on real timers", async () => {
    const calls: string[][] = [];
    const batcher = new Batcher<string, number>({
      maxBatchSize: 10,
      windowMs: 5,
      itemKey: (id) => id,
      run: async (items) => {
        calls.push(items);
        return new Map(items.map((id): [string, number] => [id, id.length]));
      },
    });
    const results = await Promise.all(["a", "bb", "ccc"].map((id) => batcher.add(id)));
    expect(results).to.deep.equal([1, 2, 3]);
    expect(calls).to.deep.equal([["a", "bb", "ccc"]]);
  });

  it("keeps its promises for any arrival pattern (property)", async () => {
    const arrival = fc.record({
      id: fc.constantFrom(...ids(12)),
      group: fc.constantFrom("month/1", "month/3", "year/1"),
      delay: fc.integer({ min: 0, max: 15 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arrival, { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        async (arrivals, max) => {
          const { batcher, timers, calls } = harness({
            maxBatchSize: max,
            answer: (requested) => new Map(requested.map((id): [string, string] => [id, `answer/${id}`])),
          });
          const results: { id: string; result: ReturnType<typeof outcome<string>> }[] = [];
          for (const { id: shortId, group, delay } of arrivals) {
            const id = `${group}:${shortId}`;
            results.push({ id, result: outcome(batcher.add({ id, group })) });
            await timers.advance(delay);
          }
          await timers.advance(100);
          for (const { id, result } of results) expect(result.value).to.equal(`answer/${id}`);
          for (const call of calls) {
            expect(call.ids.length).to.be.within(1, max);
            expect(new Set(call.ids).size).to.equal(call.ids.length);
            for (const id of call.ids) expect(id.startsWith(`${call.group}:`)).to.equal(true);
          }
          const sent = calls.reduce((sum, call) => sum + call.ids.length, 0);
          expect(sent).to.be.at.most(arrivals.length);
          expect(batcher.waitingCount).to.equal(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
