import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The plugin's version is the npm package's: read from the package.json of pulumi-koophone above this file (the
 * compiled file sits one folder deeper than its source, so the folder is looked for rather than assumed).
 */
export function pluginVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (parsed.name === "pulumi-koophone" && parsed.version !== undefined) return parsed.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of pulumi-koophone above ${__dirname}`);
  }
}
