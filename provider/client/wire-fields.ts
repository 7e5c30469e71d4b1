// Zod helpers for fields the API may leave out or send as null.
import { z } from "zod";

/** Absent or null on the wire, undefined here. */
export function optionalField<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value): z.output<T> | undefined => value ?? undefined);
}

/** A list that may be absent or null on the wire: an empty list here. */
export function listField<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items): z.output<T>[] => items ?? []);
}
