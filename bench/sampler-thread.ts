import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ProcessKind, ProcessUsage } from "./process-sampler";

/**
 * A {@link ProcessSampler} on a worker thread of its own: the main thread's event loop is busy with the
 * Automation API's events and the emulator, and a sampler there misses samples of short runs.
 */
export class SamplerThread {
  private constructor(private readonly worker: Worker) {}

  /** Resolves once the worker runs and has taken its first sample. */
  static async start(): Promise<SamplerThread> {
    // The worker runs TypeScript like this process: through tsx's CommonJS hook.
    const source =
      `require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register();` +
      `require(${JSON.stringify(path.join(__dirname, "sampler-worker.ts"))});`;
    const worker = new Worker(source, { eval: true });
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    return new SamplerThread(worker);
  }

  async stop(): Promise<Record<ProcessKind, ProcessUsage>> {
    const usage = new Promise<Record<ProcessKind, ProcessUsage>>((resolve, reject) => {
      this.worker.once("message", resolve);
      this.worker.once("error", reject);
    });
    this.worker.postMessage("stop");
    try {
      return await usage;
    } finally {
      await this.worker.terminate();
    }
  }
}
