// What a server action returns to its form, and the helpers every action module shares.
// (Not a "use server" module: it exports a type and plain functions.)
import { z } from "zod";
import { DomainError } from "@/lib/errors";

export type ActionResult = {
  ok: boolean;
  /** A message for the whole form. */
  message?: string;
  /** Messages per field name. */
  fieldErrors?: Record<string, string[] | undefined>;
  /** Echo of submitted values, so a failed form keeps what the user typed. */
  values?: Record<string, string>;
};

/** A FormData field as a string ("" when absent or a file). */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

/**
 * Turns a zod failure or a DomainError into an ActionResult shown inline: zod issues go to their
 * field, a domain message to `field`. Anything else is unexpected and is thrown to error.tsx.
 */
export function actionFailure(e: unknown, field: string, values?: Record<string, string>): ActionResult {
  if (e instanceof z.ZodError) {
    const { formErrors, fieldErrors } = z.flattenError(e);
    const errors = { ...(fieldErrors as Record<string, string[]>) };
    if (formErrors.length) errors[field] = [...(errors[field] ?? []), ...formErrors];
    return { ok: false, fieldErrors: errors, values };
  }
  if (e instanceof DomainError) return { ok: false, fieldErrors: { [field]: [e.message] }, message: e.message, values };
  throw e;
}
