// The document `pulumi stack export` prints (a version 3 deployment), read tolerantly: only the resources' type,
// URN and outputs are checked, so a newer CLI that adds fields still parses.
import { z } from "zod";
import { InputError } from "./input-error";

const ResourceSchema = z.looseObject({
  urn: z.string(),
  type: z.string(),
  outputs: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((value) => value ?? {}),
});
export type StateResource = z.infer<typeof ResourceSchema>;

const StackExportSchema = z.looseObject({
  deployment: z.looseObject({
    // Absent for a stack that holds nothing yet.
    resources: z
      .array(ResourceSchema)
      .nullish()
      .transform((value) => value ?? []),
  }),
});
export type StackExport = z.infer<typeof StackExportSchema>;

/** Whether a parsed JSON document has the shape of a stack export (used to point out a swapped input). */
export function looksLikeStackExport(json: unknown): boolean {
  return typeof json === "object" && json !== null && "deployment" in json;
}

/** Parses the text `pulumi stack export` printed; `label` names the input in errors. */
export function parseStackExport(text: string, label: string): StackExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${label} is not JSON (${(error as Error).message}); pass what \`pulumi stack export\` prints`,
    );
  }
  const parsed = StackExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const hint =
      typeof json === "object" && json !== null && "steps" in json
        ? " (this is a `pulumi preview --json` document: run koophone-audit on it without --before)"
        : "";
    throw new InputError(
      `${label} is not a \`pulumi stack export\` document: at ${issue.path.join(".") || "the top"}: ` +
        `${issue.message}${hint}`,
    );
  }
  return parsed.data;
}
