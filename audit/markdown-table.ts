// The Markdown both reports share: escaping, code spans and GitHub tables.

/** Escapes the characters Markdown (and the HTML GitHub allows in it) would interpret; keeps one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\`*_[\]<>|&~]/g, (c) => `\\${c}`);
}

/** An id in a code span; a table cell needs its pipes escaped even there (GFM). */
export function code(text: string): string {
  return text.includes("`") ? escapeMarkdown(text) : `\`${text.replace(/\|/g, "\\|")}\``;
}

export function table(header: string[], align: ("left" | "right")[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(align.map((a) => (a === "right" ? "---:" : "---"))), ...rows.map(line)];
}
