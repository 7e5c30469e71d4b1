import * as fs from "node:fs";
import * as path from "node:path";

/** A credential to look for, by a name that can be printed (never the value). */
export interface Secret {
  name: string;
  value: string;
}

/** Text produced by a run (captured stdout/stderr, an error message), by where it came from. */
export interface CapturedText {
  source: string;
  text: string;
}

/** Where a credential was found: a file path or a captured text's source. */
export interface SecretHit {
  secret: string;
  where: string;
}

/** A file that may hold a credential on purpose, e.g. the stack settings file the user wrote a plain value into. */
export interface Allowance {
  secret: string;
  file: (filePath: string) => boolean;
}

function* filesUnder(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

// Plugins and other binaries that the engine keeps under PULUMI_HOME cannot hold a run's credentials.
const SKIPPED_DIRS = new Set(["plugins", "bin"]);

function scannedFiles(dir: string): string[] {
  return [...filesUnder(dir)].filter(
    (file) =>
      !path
        .relative(dir, file)
        .split(path.sep)
        .some((part) => SKIPPED_DIRS.has(part)),
  );
}

/** The same value as it may be written elsewhere: plain, base64 (secrets in JSON payloads), URL-encoded. */
function encodings(value: string): string[] {
  return [...new Set([value, Buffer.from(value).toString("base64"), encodeURIComponent(value)])];
}

/**
 * Every occurrence of the credentials in the files under `dirs` (state, history, logs, workspace) and in the captured
 * texts, except in the files an allowance names. Returns where each was found; an empty list is a clean run.
 */
export function scanForSecrets(opts: {
  secrets: Secret[];
  dirs: string[];
  texts: CapturedText[];
  allow?: Allowance[];
}): SecretHit[] {
  const hits: SecretHit[] = [];
  const wanted = opts.secrets.filter((s) => s.value.length > 0);
  const allowed = (secret: string, file: string) =>
    (opts.allow ?? []).some((a) => a.secret === secret && a.file(file));
  for (const dir of opts.dirs) {
    for (const file of scannedFiles(dir)) {
      const content = fs.readFileSync(file).toString("latin1");
      for (const secret of wanted) {
        const found = encodings(secret.value).some((value) => content.includes(value));
        if (found && !allowed(secret.name, file)) hits.push({ secret: secret.name, where: file });
      }
    }
  }
  for (const { source, text } of opts.texts) {
    for (const secret of wanted) {
      if (encodings(secret.value).some((value) => text.includes(value)))
        hits.push({ secret: secret.name, where: source });
    }
  }
  return hits;
}

/** How many files a scan of `dirs` reads (reported, so that a scan of nothing does not pass unnoticed). */
export function countScannedFiles(dirs: string[]): number {
  return dirs.reduce((sum, dir) => sum + scannedFiles(dir).length, 0);
}
