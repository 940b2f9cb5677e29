// The tag forms every entity shares (experiments, runs, prompts, prompt versions, registered
// models, model versions): one editor component, one shape — the entity's own id fields plus
// `key` and `value`. The domain applies each entity's MLflow limits; these only fix the shape.
import { z } from "zod";
import "@/lib/schemas/zod-config";

export const tagKeyField = z.string().trim().min(1, "Enter a tag key.").max(1000);
export const tagValueField = z.string().max(100_000).default("");

/** Set (or overwrite) a tag on the entity named by `target`'s fields. */
export function setTagSchema<T extends z.ZodRawShape>(target: T) {
  return z.object({ ...target, key: tagKeyField, value: tagValueField });
}

/** Delete the tag `key` of the entity named by `target`'s fields. */
export function deleteTagSchema<T extends z.ZodRawShape>(target: T) {
  return z.object({ ...target, key: z.string().min(1).max(1000) });
}
