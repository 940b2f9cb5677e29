"use server";
// Server actions for the model registry UI (registered models, not prompts). They call the same
// domain functions as the MLflow REST endpoints (registered-models/alias, set-tag, …) and return
// results the forms show next to the field.
import { revalidatePath } from "next/cache";
import { deleteRegisteredModelAlias, setRegisteredModelAlias } from "@/lib/domain/registry/aliases";
import { deleteRegisteredModelTag, setRegisteredModelTag } from "@/lib/domain/registry/registered-models";
import { deleteModelVersionTag, setModelVersionTag } from "@/lib/domain/registry/model-versions";
import { actionFailure, formText, type ActionResult } from "@/lib/actions/result";

function revalidateModel(name: string) {
  revalidatePath("/models");
  revalidatePath(`/models/${encodeURIComponent(name)}`, "layout");
}

/** Sets (or moves) an alias of a registered model. Fields: name, alias, version. */
export async function setModelAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const alias = formText(form, "alias").trim();
  const version = formText(form, "version");
  if (!alias) return { ok: false, fieldErrors: { alias: ["Enter an alias name."] } };
  try {
    await setRegisteredModelAlias(name, alias, version);
  } catch (e) {
    return actionFailure(e, "alias");
  }
  revalidateModel(name);
  return { ok: true, message: `@${alias} → version ${version}` };
}

/** Removes an alias. Fields: name, alias. */
export async function deleteModelAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  try {
    await deleteRegisteredModelAlias(name, formText(form, "alias"));
  } catch (e) {
    return actionFailure(e, "alias");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Sets a registered-model tag. Fields: name, key, value. */
export async function setModelTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const key = formText(form, "key").trim();
  if (!key) return { ok: false, fieldErrors: { key: ["Enter a tag key."] } };
  try {
    await setRegisteredModelTag(name, key, formText(form, "value"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Deletes a registered-model tag. Fields: name, key. */
export async function deleteModelTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  try {
    await deleteRegisteredModelTag(name, formText(form, "key"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Sets a model-version tag. Fields: name, version, key, value. */
export async function setModelVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const key = formText(form, "key").trim();
  if (!key) return { ok: false, fieldErrors: { key: ["Enter a tag key."] } };
  try {
    await setModelVersionTag(name, formText(form, "version"), key, formText(form, "value"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}

/** Deletes a model-version tag. Fields: name, version, key. */
export async function deleteModelVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  try {
    await deleteModelVersionTag(name, formText(form, "version"), formText(form, "key"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidateModel(name);
  return { ok: true };
}
