// The frame both HTML reports share: one self-contained page (inline style, no external resources) and its cells.
import { escapeXml } from "./xml-escape";

const STYLE = `
body { margin: 0; background: #ffffff; color: #1f2328;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 14px; }
main { max-width: 1120px; margin: 0 auto; padding: 16px 24px 32px; }
h1 { font-size: 22px; margin: 4px 0 6px; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
p.summary { margin: 0 0 6px; }
p.as-of { margin: 0; color: #6e7781; font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 5px 8px; text-align: left; white-space: nowrap; }
th { background: #f6f8fa; font-weight: 600; }
td.amount, th.amount { text-align: right; }
td.phone-id { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
td.name { white-space: normal; overflow-wrap: anywhere; }
td.pricing { white-space: normal; font-size: 12px; color: #57606a; }
td.pricing.estimated { color: #9a6700; }
.resource-name { font-style: italic; color: #6e7781; }
.unavailable { color: #9a6700; white-space: normal; }
p.totals { margin: 8px 0 0; }
figure { margin: 0; overflow-x: auto; }
ul.notes { color: #57606a; font-size: 12px; padding-left: 18px; }
`;

export function cell(content: string, cls?: string): string {
  return cls === undefined ? `<td>${content}</td>` : `<td class="${cls}">${content}</td>`;
}

/** A whole page: `title` (plain text, escaped here) and the body's sections (markup). */
export function htmlPage(title: string, body: string[]): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)}</title><style>${STYLE}</style></head>`,
    "<body><main>",
    ...body,
    "</main></body></html>",
    "",
  ].join("\n");
}
