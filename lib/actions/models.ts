"use server";
// Server actions for the model registry UI (registered models, not prompts). They call the same
// domain functions as the MLflow REST endpoints (registered-models/alias, set-tag, …) and return
// results the forms show next to the field.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { deleteRegisteredModelAlias, deleteRegisteredModelTag, setRegisteredModelAlias, setRegisteredModelTag } from "@/lib/domain/registered-models";
import { deleteModelVersionTag, setModelVersionTag } from "@/lib/domain/model-versions";
import type { ActionResult } from "@/lib/actions/prompts";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

function failure(e: unknown, field: string): ActionResult {
  if (e instanceof z.ZodError) return { ok: false, fieldErrors: z.flattenError(e).fieldErrors as Record<string, string[]> };
  if (e instanceof DomainError) return { ok: false, fieldErrors: { [field]: [e.message] } };
  throw e;
}

function revalidateModel(name: string) {
  revalidatePath("/models");
  revalidatePath(`/models/${encodeURIComponent(name)}`, "layout");
}

/** Sets (or moves) an alias of a registered model. Fields: name, alias, version. */
export async function setModelAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = text(form, "name");
  const alias = text(form, "alias").trim();
  const version = text(form, "version");
  if (!alias) return { ok: false, fieldErrors: { alias: ["Enter an alias name."] } };
  try {
    await setRegisteredModelAlias(name, alias, version);
  } catch (e) {
    return failure(e, "alias");
  }
  revalidateModel(name);
  return { ok: true, message: `@${alias} → version ${version}` };
}

/** Removes an alias. Fields: name, alias. */
export async function deleteModelAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = text(form, "name");
  try {
    await deleteRegisteredModelAlias(name, text(form, "alias"));
  } catch (e) {
    return failure(e, "alias");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Sets a registered-model tag. Fields: name, key, value. */
export async function setModelTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = text(form, "name");
  const key = text(form, "key").trim();
  if (!key) return { ok: false, fieldErrors: { key: ["Enter a tag key."] } };
  try {
    await setRegisteredModelTag(name, key, text(form, "value"));
  } catch (e) {
    return failure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Deletes a registered-model tag. Fields: name, key. */
export async function deleteModelTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = text(form, "name");
  try {
    await deleteRegisteredModelTag(name, text(form, "key"));
  } catch (e) {
    return failure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Sets a model-version tag. Fields: name, version, key, value. */
export async function setModelVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = text(form, "name");
  const key = text(form, "key").trim();
  if (!key) return { ok: false, fieldErrors: { key: ["Enter a tag key."] } };
  try {
    await setModelVersionTag(name, text(form, "version"), key, text(form, "value"));
  } catch (e) {
    return failure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Deletes a model-version tag. Fields: name, version, key. */
export async function deleteModelVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = text(form, "name");
  try {
    await deleteModelVersionTag(name, text(form, "version"), text(form, "key"));
  } catch (e) {
    return failure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}
