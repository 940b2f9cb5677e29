"use server";
// Server actions for the experiments UI. Each parses its form, calls the same domain function
// as the REST API (so the same MLflow validation applies) and returns a result the form shows
// inline; unexpected errors are thrown to the nearest error.tsx.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createExperiment, deleteExperiment, deleteExperimentTag, restoreExperiment, setExperimentTag, updateExperiment } from "@/lib/domain/experiments";
import { actionFailure, formText, type ActionResult } from "@/lib/actions/result";
import { createExperimentSchema, setExperimentTagSchema, updateExperimentSchema } from "@/lib/schemas/experiment";

export async function createExperimentAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { name: formText(form, "name"), artifactLocation: formText(form, "artifactLocation") };
  let id: string;
  try {
    const input = createExperimentSchema.parse({ name: values.name, artifactLocation: values.artifactLocation.trim() || undefined });
    id = (await createExperiment(input)).experimentId;
  } catch (e) {
    const r = actionFailure(e, "name", values);
    if (r.message?.toLowerCase().includes("artifact")) return { ...r, fieldErrors: { artifactLocation: [r.message] } };
    return r;
  }
  revalidatePath("/experiments");
  redirect(`/experiments/${id}`);
}

export async function renameExperimentAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { experimentId: formText(form, "experimentId"), newName: formText(form, "newName") };
  try {
    await updateExperiment(updateExperimentSchema.parse(values));
  } catch (e) {
    return actionFailure(e, "newName", values);
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function deleteExperimentAction(experimentId: string): Promise<ActionResult> {
  try {
    await deleteExperiment(experimentId);
  } catch (e) {
    return actionFailure(e, "experimentId");
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function restoreExperimentAction(experimentId: string): Promise<ActionResult> {
  try {
    await restoreExperiment(experimentId);
  } catch (e) {
    return actionFailure(e, "experimentId");
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}

export async function setExperimentTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = { experimentId: formText(form, "experimentId"), key: formText(form, "key"), value: formText(form, "value") };
  try {
    const input = setExperimentTagSchema.parse({ ...values, key: values.key.trim() });
    await setExperimentTag(input);
  } catch (e) {
    const r = actionFailure(e, "key", values);
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
    return actionFailure(e, "key");
  }
  revalidatePath("/experiments", "layout");
  return { ok: true };
}
