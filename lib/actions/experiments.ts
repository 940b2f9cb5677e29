"use server";
// Server actions for the experiments UI. Each parses its form, calls the same domain function
// as the REST API (so the same MLflow validation applies) and returns a result the form shows
// inline; unexpected errors are thrown to the nearest error.tsx.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import {
  createExperiment,
  deleteExperiment,
  deleteExperimentTag,
  restoreExperiment,
  setExperimentTag,
  updateExperiment,
} from "@/lib/domain/experiments";
import { createExperimentSchema, setExperimentTagSchema, updateExperimentSchema } from "@/lib/schemas/experiment";

export type ActionResult = {
  ok: boolean;
  /** A message for the whole form. */
  message?: string;
  /** Messages per field name. */
  fieldErrors?: Record<string, string[] | undefined>;
  /** Echo of submitted values, so a failed form keeps what the user typed. */
  values?: Record<string, string>;
};

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** Turns a zod failure or a DomainError into an ActionResult; `field` receives domain messages. */
function failure(e: unknown, field: string, values?: Record<string, string>): ActionResult {
  if (e instanceof z.ZodError) return { ok: false, fieldErrors: z.flattenError(e).fieldErrors as Record<string, string[]>, values };
  if (e instanceof DomainError) return { ok: false, fieldErrors: { [field]: [e.message] }, message: e.message, values };
  throw e;
}

export async function createExperimentAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { name: text(form, "name"), artifactLocation: text(form, "artifactLocation") };
  let id: string;
  try {
    const input = createExperimentSchema.parse({ name: values.name, artifactLocation: values.artifactLocation.trim() || undefined });
    id = (await createExperiment(input)).experimentId;
  } catch (e) {
    const r = failure(e, "name", values);
    if (r.message?.toLowerCase().includes("artifact")) return { ...r, fieldErrors: { artifactLocation: [r.message] } };
    return r;
  }
  revalidatePath("/experiments");
  redirect(`/experiments/${id}`);
}

export async function renameExperimentAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { experimentId: text(form, "experimentId"), newName: text(form, "newName") };
  try {
    await updateExperiment(updateExperimentSchema.parse(values));
  } catch (e) {
    return failure(e, "newName", values);
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function deleteExperimentAction(experimentId: string): Promise<ActionResult> {
  try {
    await deleteExperiment(experimentId);
  } catch (e) {
    return failure(e, "experimentId");
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function restoreExperimentAction(experimentId: string): Promise<ActionResult> {
  try {
    await restoreExperiment(experimentId);
  } catch (e) {
    return failure(e, "experimentId");
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function setExperimentTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { experimentId: text(form, "experimentId"), key: text(form, "key"), value: text(form, "value") };
  try {
    const input = setExperimentTagSchema.parse({ ...values, key: values.key.trim() });
    await setExperimentTag(input);
  } catch (e) {
    const r = failure(e, "key", values);
    if (r.message?.includes("'value'")) return { ...r, fieldErrors: { value: [r.message] } };
    return r;
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function deleteExperimentTagAction(experimentId: string, key: string): Promise<ActionResult> {
  try {
    await deleteExperimentTag({ experimentId, key });
  } catch (e) {
    return failure(e, "key");
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}
