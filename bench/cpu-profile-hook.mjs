// Preloaded with `node --import` through NODE_OPTIONS (bench/run-scenario.ts, BENCH_CPU_PROFILE_DIR): Node.js
// refuses --cpu-prof in NODE_OPTIONS, so this starts V8's profiler in the process and writes a .cpuprofile when it
// exits. The inspector session of the same thread answers synchronously, so an `exit` handler can still save it.
import * as fs from "node:fs";
import * as inspector from "node:inspector";
import * as path from "node:path";

const dir = process.env.KOOPHONE_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  const save = () => {
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      const role = process.argv
        .slice(1)
        .map((a) => path.basename(a))
        .join("_")
        .replace(/[^\w.-]+/g, "-")
        .slice(0, 60);
      const file = path.join(dir, `${Date.now()}-${process.pid}-${role}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(result.profile));
    });
  };
  process.once("exit", save);
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      save();
      process.exit(128);
    });
  }
}
