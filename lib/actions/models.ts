"use server";
// Server actions for the model registry UI (registered models, not prompts), each through
// lib/actions/action.ts: the same domain functions as the MLflow REST endpoints
// (registered-models/alias, set-tag, …), with results the forms show next to the field.
import { deleteRegisteredModelAlias, setRegisteredModelAlias } from "@/lib/domain/registry/aliases";
import { deleteRegisteredModelTag, setRegisteredModelTag } from "@/lib/domain/registry/registered-models";
import { deleteModelVersionTag, setModelVersionTag } from "@/lib/domain/registry/model-versions";
import { formAction, type Revalidate } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import {
  deleteAliasSchema,
  deleteModelTagSchema,
  deleteModelVersionTagSchema,
  setAliasSchema,
  setModelTagSchema,
  setModelVersionTagSchema,
} from "@/lib/schemas/registry";

const modelPages = ({ name }: { name: string }): Revalidate[] => ["/models", { path: `/models/${encodeURIComponent(name)}`, layout: true }];

/** Sets (or moves) an alias of a registered model. Fields: name, alias, version. */
export async function setModelAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setAliasSchema, {
    run: (i) => setRegisteredModelAlias(i.name, i.alias, i.version),
    errorField: "alias",
    revalidate: modelPages,
    message: (i) => `@${i.alias} → version ${i.version}`,
  });
}

/** Removes an alias. Fields: name, alias. */
export async function deleteModelAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deleteAliasSchema, { run: (i) => deleteRegisteredModelAlias(i.name, i.alias), errorField: "alias", revalidate: modelPages });
}

/** Sets a registered-model tag. Fields: name, key, value. */
export async function setModelTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setModelTagSchema, { run: (i) => setRegisteredModelTag(i.name, i.key, i.value), errorField: "key", revalidate: modelPages });
}

/** Deletes a registered-model tag. Fields: name, key. */
export async function deleteModelTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deleteModelTagSchema, { run: (i) => deleteRegisteredModelTag(i.name, i.key), errorField: "key", revalidate: modelPages });
}

/** Sets a model-version tag. Fields: name, version, key, value. */
export async function setModelVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setModelVersionTagSchema, {
    run: (i) => setModelVersionTag(i.name, i.version, i.key, i.value),
    errorField: "key",
    revalidate: modelPages,
  });
}

/** Deletes a model-version tag. Fields: name, version, key. */
export async function deleteModelVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deleteModelVersionTagSchema, {
    run: (i) => deleteModelVersionTag(i.name, i.version, i.key),
    errorField: "key",
    revalidate: modelPages,
  });
}
