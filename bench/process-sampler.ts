import * as fs from "node:fs";

/** What the processes of one kind used during a run. */
export interface ProcessUsage {
  /** Highest resident set size of one process of this kind at any sample, in bytes. */
  peakRssBytes: number;
  /** CPU time (user + system) of the processes of this kind, at their last sample, in seconds. */
  cpuSeconds: number;
  /** How many distinct processes of this kind were seen. */
  processes: number;
}

/** Kinds of processes the run starts, told apart by their command line. */
export type ProcessKind = "provider" | "engine" | "other";

const SAMPLE_MS = 100;
const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

interface Sample {
  pid: number;
  kind: ProcessKind;
  rssBytes: number;
  cpuTicks: number;
}

/**
 * Samples the descendants of this process in /proc every 100 ms: the provider (the dynamic one,
 * `node .../dynamic-provider`, started by the engine through `pulumi-resource-pulumi-nodejs`, or the koophone
 * plugin, `node .../provider/native/main.js`, which its launcher `pulumi-resource-koophone` execs) and the engine. Only descendants are counted, so
 * other work on the machine (other stacks, other tests) does not leak into the figures.
 */
export class ProcessSampler {
  private readonly peak = new Map<ProcessKind, number>();
  private readonly lastCpu = new Map<number, { kind: ProcessKind; ticks: number }>();
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  stop(): Record<ProcessKind, ProcessUsage> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sample();
    const usage = (kind: ProcessKind): ProcessUsage => {
      const pids = [...this.lastCpu.values()].filter((p) => p.kind === kind);
      return {
        peakRssBytes: this.peak.get(kind) ?? 0,
        cpuSeconds: pids.reduce((sum, p) => sum + p.ticks, 0) / CLOCK_TICKS_PER_SECOND,
        processes: pids.length,
      };
    };
    return { provider: usage("provider"), engine: usage("engine"), other: usage("other") };
  }

  private sample(): void {
    for (const s of descendantSamples(process.pid)) {
      // A pid keeps the kind it was first known by: an exiting process has an empty command line, and the
      // launcher script only becomes the provider when it execs node.
      const known = this.lastCpu.get(s.pid)?.kind;
      const kind = known !== undefined && known !== "other" ? known : s.kind;
      this.peak.set(kind, Math.max(this.peak.get(kind) ?? 0, s.rssBytes));
      this.lastCpu.set(s.pid, { kind, ticks: Math.max(s.cpuTicks, this.lastCpu.get(s.pid)?.ticks ?? 0) });
    }
  }
}

function descendantSamples(root: number): Sample[] {
  const stats = new Map<number, { ppid: number; cpuTicks: number; name: string }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    // The name (field 2) is in parentheses and may hold spaces: the fields after it start past the last ")".
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    stats.set(Number(entry), {
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      name,
    });
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid) {
      if (p === root) return true;
    }
    return false;
  };
  const samples: Sample[] = [];
  for (const [pid, stat] of stats) {
    if (!isDescendant(pid)) continue;
    const cmdline = readProc(`/proc/${pid}/cmdline`)?.replace(/\0/g, " ") ?? "";
    const rss = /VmRSS:\s+(\d+) kB/.exec(readProc(`/proc/${pid}/status`) ?? "");
    samples.push({
      pid,
      kind: kindOf(cmdline, stat.name),
      rssBytes: rss ? Number(rss[1]) * 1024 : 0,
      cpuTicks: stat.cpuTicks,
    });
  }
  return samples;
}

/** Either door's provider counts as "provider": a run starts one of them, and the table compares the two. */
const PROVIDER_COMMANDS = ["dynamic-provider", "provider/native/main.js"];

function kindOf(cmdline: string, name: string): ProcessKind {
  if (PROVIDER_COMMANDS.some((command) => cmdline.includes(command))) return "provider";
  if (name === "pulumi") return "engine";
  return "other";
}

/** A /proc file, or undefined when the process has exited meanwhile. */
function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
