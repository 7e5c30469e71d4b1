// Gathers concurrent calls into batched ones. Hand-written rather than DataLoader: DataLoader batches one tick of
// the event loop and has no debounce window, maximum wait, grouping by period or "hold open while more are on their
// way", which are what make the engine's staggered create/update calls meet (see batches.ts).

/** The timer functions the batcher uses; tests pass fake ones. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Per item key: its result, or the error that only this item fails with. */
export type BatchResults<Result> = Map<string, Result | Error>;

export interface BatcherOptions<Item, Result> {
  /** Most items in one call (BSS: 10 renewals or prices, 50 reads). */
  maxBatchSize: number;
  /** Quiet time after the last arrival before a batch is sent; each arrival restarts it. */
  windowMs: number;
  /** Longest an item waits for its batch to be sent, however busy the window; default 10 windows. */
  maxWaitMs?: number;
  /**
   * Asked when a window ends: while it answers true, more items are known to be on their way, so the window starts
   * again instead of sending (the maximum wait still applies).
   */
  holdOpen?: () => boolean;
  /** Identifies an item: items with the same key in one waiting batch are the same request and share a slot. */
  itemKey: (item: Item) => string;
  /** Only items with the same group key are sent together (e.g. renewals of the same period); default one group. */
  groupKey?: (item: Item) => string;
  /**
   * Sends one batch. Resolves with a result or an error per item key (a key left out fails that item); rejecting
   * fails every item of the batch. A result must not itself be an Error.
   */
  run: (items: Item[], group: string) => Promise<BatchResults<Result>>;
  timers?: Timers;
}

/** `run` answered without a result for an item. */
export class MissingResultError extends Error {
  constructor(readonly key: string) {
    super(`the batched call returned no result for ${key}`);
    this.name = "MissingResultError";
  }
}

interface Waiter<Result> {
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

interface Slot<Item, Result> {
  item: Item;
  waiters: Waiter<Result>[];
}

interface WaitingBatch<Item, Result> {
  slots: Map<string, Slot<Item, Result>>;
  windowTimer: unknown;
  deadlineTimer: unknown;
}

const DEFAULT_MAX_WAIT_WINDOWS = 10;

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>), // handles come from setTimeout above
};

/**
 * Gathers concurrent requests into batched calls: items that arrive close together (within the window, up to
 * the maximum wait) with the same group key are sent together, at most `maxBatchSize` at a time, and each caller
 * gets its own result or its own error.
 */
export class Batcher<Item, Result> {
  private readonly waiting = new Map<string, WaitingBatch<Item, Result>>();
  private readonly maxWaitMs: number;
  private readonly timers: Timers;

  constructor(private readonly options: BatcherOptions<Item, Result>) {
    const { maxBatchSize, windowMs } = options;
    this.maxWaitMs = options.maxWaitMs ?? windowMs * DEFAULT_MAX_WAIT_WINDOWS;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a whole number >= 1, not ${maxBatchSize}`);
    }
    if (!(windowMs >= 0)) throw new RangeError(`windowMs must be >= 0, not ${windowMs}`);
    if (!(this.maxWaitMs >= windowMs)) {
      throw new RangeError(`maxWaitMs must be >= windowMs (${windowMs}), not ${this.maxWaitMs}`);
    }
    this.timers = options.timers ?? realTimers;
  }

  /** Queues `item` for the next batch of its group; settles with this item's own result or error. */
  add(item: Item): Promise<Result> {
    // Inside the executor, so that a throwing key function rejects instead of throwing.
    return new Promise<Result>((resolve, reject) => {
      const key = this.options.itemKey(item);
      const group = this.options.groupKey?.(item) ?? "";
      const batch = this.waiting.get(group) ?? this.open(group);
      const slot = batch.slots.get(key);
      if (slot === undefined) batch.slots.set(key, { item, waiters: [{ resolve, reject }] });
      else slot.waiters.push({ resolve, reject });
      if (batch.slots.size >= this.options.maxBatchSize) this.send(group);
      else this.restartWindow(group, batch);
    });
  }

  /** Sends every waiting batch now. */
  flush(): void {
    for (const group of [...this.waiting.keys()]) this.send(group);
  }

  /** Distinct items waiting for their batch to be sent. */
  get waitingCount(): number {
    let count = 0;
    for (const batch of this.waiting.values()) count += batch.slots.size;
    return count;
  }

  private open(group: string): WaitingBatch<Item, Result> {
    const batch: WaitingBatch<Item, Result> = {
      slots: new Map(),
      windowTimer: undefined,
      deadlineTimer: this.timers.setTimeout(() => this.send(group), this.maxWaitMs),
    };
    this.waiting.set(group, batch);
    return batch;
  }

  private restartWindow(group: string, batch: WaitingBatch<Item, Result>): void {
    if (batch.windowTimer !== undefined) this.timers.clearTimeout(batch.windowTimer);
    batch.windowTimer = this.timers.setTimeout(() => {
      if (this.options.holdOpen?.()) this.restartWindow(group, batch);
      else this.send(group);
    }, this.options.windowMs);
  }

  private send(group: string): void {
    const batch = this.waiting.get(group);
    if (batch === undefined) return;
    this.waiting.delete(group);
    if (batch.windowTimer !== undefined) this.timers.clearTimeout(batch.windowTimer);
    this.timers.clearTimeout(batch.deadlineTimer);
    void this.dispatch([...batch.slots.entries()], group);
  }

  private async dispatch(slots: [string, Slot<Item, Result>][], group: string): Promise<void> {
    let results: BatchResults<Result>;
    try {
      results = await this.options.run(
        slots.map(([, slot]) => slot.item),
        group,
      );
    } catch (error) {
      for (const [, slot] of slots) rejectAll(slot, error);
      return;
    }
    // A waiter left unsettled would hang the whole deployment, so a malformed answer fails the batch instead.
    if (!(results instanceof Map)) {
      const error = new TypeError("a batched call must resolve with a Map of results by item key");
      for (const [, slot] of slots) rejectAll(slot, error);
      return;
    }
    for (const [key, slot] of slots) {
      if (!results.has(key)) {
        rejectAll(slot, new MissingResultError(key));
        continue;
      }
      const result = results.get(key) as Result | Error; // present: has(key) was checked above
      if (result instanceof Error) rejectAll(slot, result);
      else for (const waiter of slot.waiters) waiter.resolve(result);
    }
  }
}

function rejectAll<Item, Result>(slot: Slot<Item, Result>, error: unknown): void {
  for (const waiter of slot.waiters) waiter.reject(error);
}
