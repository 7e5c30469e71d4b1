// Debug lines (retries) for `pulumi ... -v=N --logflow`: the engine passes `-v=N` to its plugins only then, and a
// plugin's stderr goes to the engine's log. Without it they are dropped, so a normal run's output stays quiet.

/** The N of a `-v=N` (or `--v=N`) argument; 0 when there is none. */
export function verbosityOf(argv: readonly string[]): number {
  const flag = argv.map((arg) => /^--?v=(\d+)$/.exec(arg)).find((match) => match !== null);
  return flag ? Number(flag[1]) : 0;
}

/** Writes each line to stderr when the process was started verbose, else nowhere. */
export function debugLog(argv: readonly string[]): (line: string) => void {
  return verbosityOf(argv) > 0 ? (line) => process.stderr.write(`${line}\n`) : () => {};
}
