// The document `pulumi preview --json` prints (Pulumi's PreviewDigest), read tolerantly: only the fields the
// audit uses are checked, everything else is kept or ignored, so a newer CLI that adds fields still parses.
import { z } from "zod";
import { InputError } from "./input-error";

export const SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/koophone:KooPhoneSubscription";
export const POLICY_TYPE = "pulumi-nodejs:dynamic/koophone:RenewalPolicy";

const properties = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value) => value ?? {});

const ResourceStateSchema = z.looseObject({
  type: z.string(),
  inputs: properties,
  outputs: properties,
});
export type ResourceState = z.infer<typeof ResourceStateSchema>;

const PreviewStepSchema = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: ResourceStateSchema.nullish().transform((value) => value ?? undefined),
  newState: ResourceStateSchema.nullish().transform((value) => value ?? undefined),
  diffReasons: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
});
export type PreviewStep = z.infer<typeof PreviewStepSchema>;

const PreviewSchema = z.looseObject({
  // Absent when nothing is declared (Pulumi omits empty fields).
  steps: z
    .array(PreviewStepSchema)
    .nullish()
    .transform((value) => value ?? []),
  changeSummary: z
    .record(z.string(), z.number())
    .nullish()
    .transform((value) => value ?? {}),
});
export type Preview = z.infer<typeof PreviewSchema>;

/** Parses the text `pulumi preview --json` printed. */
export function parsePreviewJson(text: string): Preview {
  if (text.trim() === "") {
    throw new InputError(
      "the preview is empty: pulumi prints nothing on stdout when the preview fails before it starts " +
        "(see its stderr)",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `the preview is not JSON (${(error as Error).message}); run \`pulumi preview --json\` and pass its stdout`,
    );
  }
  const parsed = PreviewSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `the JSON is not a \`pulumi preview --json\` document: at ${issue.path.join(".") || "the top"}: ` +
        issue.message,
    );
  }
  return parsed.data;
}

/** The resource name, the last part of a URN (`urn:pulumi:stack::project::type::name`). */
export function resourceNameOf(urn: string): string {
  const parts = urn.split("::");
  return parts[parts.length - 1];
}
