import type { EmulatorAdmin } from "../emulator";

/** When, after the start of an operation, the cloud saw its first and its last API call (seconds). */
export interface CallSpan {
  firstCallSeconds?: number;
  lastCallSeconds?: number;
}

const POLL_MS = 200;

/**
 * Polls the emulator's call counters during an operation, to tell the time spent calling the cloud from the
 * engine's own time before the first call and after the last one (to within one poll).
 */
export class CallTimeline {
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private lastTotal = 0;
  private inflight: Promise<void> | undefined;
  private readonly span: CallSpan = {};

  /** Starts polling; the counters must have been reset just before. */
  constructor(private readonly admin: EmulatorAdmin) {
    this.timer = setInterval(() => {
      this.inflight ??= this.poll().finally(() => (this.inflight = undefined));
    }, POLL_MS);
  }

  async stop(): Promise<CallSpan> {
    clearInterval(this.timer);
    await this.inflight;
    await this.poll();
    return this.span;
  }

  /** One poll; a failed one is skipped (a rejection here would fail the benchmark run in this process). */
  private async poll(): Promise<void> {
    const counters = await this.admin.counters().catch(() => undefined);
    if (counters === undefined) return;
    const total = Object.values(counters).reduce((a, b) => a + b, 0);
    const at = (Date.now() - this.started) / 1000;
    if (total > 0 && this.span.firstCallSeconds === undefined) this.span.firstCallSeconds = at;
    if (total !== this.lastTotal) this.span.lastCallSeconds = at;
    this.lastTotal = total;
  }
}
