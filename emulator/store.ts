// The state, its file and the one queue every operation goes through. A mutation runs on a copy: when it
// returns, the copy becomes the state and is written to disk (temp file + rename, so a crash leaves either the
// old file or the new one) before the caller hears back; when it throws, nothing changed. Reads queue too, so
// they never see half of a mutation.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { EmulatorState } from "./types";

export const STATE_FILE = "state.json";

/** The emulator is stopping: nothing more is read or written. */
export class StoreClosed extends Error {}

export class Store {
  private tail: Promise<unknown> = Promise.resolve();
  private writes = 0;
  private closed = false;

  private constructor(
    private state: EmulatorState,
    private readonly file: string,
  ) {}

  /** Opens the state in `dataDir`, or starts it with `fresh()` (and writes it) when there is none. */
  static async open(
    dataDir: string,
    fresh: () => EmulatorState,
  ): Promise<{ store: Store; restored: boolean }> {
    await fs.mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, STATE_FILE);
    const saved = await readState(file);
    const store = new Store(saved ?? fresh(), file);
    if (!saved) await store.persist();
    return { store, restored: saved !== undefined };
  }

  /** The last committed state, for synchronous peeks (the Date header); do not change it. */
  current(): EmulatorState {
    return this.state;
  }

  read<T>(fn: (state: EmulatorState) => T): Promise<T> {
    return this.enqueue(async () => fn(this.state));
  }

  mutate<T>(fn: (draft: EmulatorState) => T): Promise<T> {
    return this.enqueue(async () => {
      const draft = structuredClone(this.state);
      const result = fn(draft);
      this.state = draft;
      await this.persist();
      return result;
    });
  }

  /** Refuses anything new and resolves once everything queued so far has finished. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosed());
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async persist(): Promise<void> {
    const temp = `${this.file}.${process.pid}.${this.writes++}.tmp`;
    await fs.writeFile(temp, JSON.stringify(this.state, null, 1));
    await fs.rename(temp, this.file);
  }
}

async function readState(file: string): Promise<EmulatorState | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<EmulatorState>;
  if (parsed.version !== 1 || !Array.isArray(parsed.phones) || !Array.isArray(parsed.orders)) {
    throw new Error(
      `${file} is not an emulator state file (version 1): move it away or use another data dir`,
    );
  }
  return parsed as EmulatorState;
}
