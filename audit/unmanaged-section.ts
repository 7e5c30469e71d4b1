// The section both the preview report and the forecast show of the phones nobody manages, in Markdown and HTML.
import type { Duration } from "luxon";
import { formatExpiry } from "./display-values";
import { cell } from "./html-page";
import { code, escapeMarkdown, table } from "./markdown-table";
import type { UnmanagedPhone } from "./unmanaged-phones";
import { escapeXml } from "./xml-escape";

export interface UnmanagedSection {
  within: Duration;
  phones: UnmanagedPhone[];
  /** Why the list may hold phones the stack does manage (a preview without its unchanged resources). */
  caveat?: string;
}

export function unmanagedTitle(section: UnmanagedSection): string {
  return `Phones nobody manages, expiring within ${section.within.toISO() ?? ""}`;
}

const NONE = "None: every such phone of the account is in the stack.";
const WHAT =
  "The account's yearly/monthly phones that no subscription of this stack manages: they lapse unless renewed.";

/** `heading` is the Markdown heading's level ("###"). */
export function unmanagedMarkdown(section: UnmanagedSection, heading: string): string[] {
  const title = `${heading} ${unmanagedTitle(section)}`;
  const caveat = section.caveat === undefined ? [] : ["", `_${escapeMarkdown(section.caveat)}_`];
  if (section.phones.length === 0) return [title, "", NONE, ...caveat];
  return [
    title,
    "",
    WHAT,
    ...caveat,
    "",
    ...table(
      ["Phone", "Name", "Expiry", "Days left"],
      ["left", "left", "left", "right"],
      section.phones.map((p) => [
        code(p.phoneId),
        escapeMarkdown(p.name ?? ""),
        formatExpiry(p.expireTime),
        String(p.daysLeft),
      ]),
    ),
  ];
}

export function unmanagedHtml(section: UnmanagedSection): string {
  const title =
    `<h2>${escapeXml(unmanagedTitle(section))}</h2>` +
    (section.caveat === undefined ? "" : `<p class="unavailable">${escapeXml(section.caveat)}</p>`);
  if (section.phones.length === 0) return `<section>${title}<p>${NONE}</p></section>`;
  const rows = section.phones.map(
    (p) =>
      `<tr data-phone-id="${escapeXml(p.phoneId)}">${cell(escapeXml(p.phoneId), "phone-id")}` +
      `${cell(escapeXml(p.name ?? ""), "name")}${cell(formatExpiry(p.expireTime))}` +
      `${cell(String(p.daysLeft), "amount")}</tr>`,
  );
  return (
    `<section>${title}<p>${escapeXml(WHAT)}</p><table class="unmanaged"><thead><tr><th>Phone</th><th>Name</th>` +
    `<th>Expiry</th><th class="amount">Days left</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`
  );
}
