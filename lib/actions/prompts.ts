"use server";
// Server actions for the prompt registry UI, each through lib/actions/action.ts: the zod schema
// from lib/schemas/prompt.ts, then the same domain function the MLflow REST API path ends in
// (lib/domain/prompts/* → lib/domain/registry/*), then the prompt pages are revalidated.
import {
  createPrompt,
  createPromptVersion,
  deletePrompt,
  deletePromptAlias,
  deletePromptTag,
  deletePromptVersion,
  deletePromptVersionTag,
  setPromptAlias,
  setPromptTag,
  setPromptVersionTag,
  updatePromptDescription,
} from "@/lib/domain/prompts/write";
import { formAction, type Revalidate } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import { deleteAliasSchema, setAliasSchema } from "@/lib/schemas/registry";
import {
  deletePromptSchema,
  deletePromptTagSchema,
  deletePromptVersionSchema,
  deletePromptVersionTagSchema,
  promptEditorCreateSchema,
  promptEditorVersionSchema,
  setPromptTagSchema,
  setPromptVersionTagSchema,
  updatePromptDescriptionSchema,
} from "@/lib/schemas/prompt";

const promptPath = (name: string) => `/prompts/${encodeURIComponent(name)}`;
/** The prompt's page and the list (whose counts, tags and aliases it shows). */
const promptPages = ({ name }: { name: string }): Revalidate[] => ["/prompts", promptPath(name)];

/** Creates a prompt (version 1) from the editor, then opens it. */
export async function createPromptAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, promptEditorCreateSchema, {
    run: (i) => createPrompt(i),
    errorField: (message) => (/template|message|text exceeds|variable/i.test(message) ? "template" : /tag/i.test(message) ? "tags" : "name"),
    revalidate: () => ["/prompts"],
    redirectTo: (i) => promptPath(i.name),
  });
}

/** Adds a version to a prompt from the editor, then opens it. */
export async function createPromptVersionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, promptEditorVersionSchema, {
    run: (i) => createPromptVersion(i),
    errorField: "template",
    revalidate: promptPages,
    redirectTo: (i, v) => `${promptPath(i.name)}?version=${v.version}`,
  });
}

/** Sets (or moves) an alias to a version. Fields: name, alias, version. */
export async function setPromptAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setAliasSchema, {
    run: (i) => setPromptAlias(i.name, i.alias, i.version),
    errorField: "alias",
    revalidate: promptPages,
    message: (i) => `@${i.alias} → version ${i.version}`,
  });
}

/** Removes an alias. Fields: name, alias. */
export async function deletePromptAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deleteAliasSchema, { run: (i) => deletePromptAlias(i.name, i.alias), errorField: "alias", revalidate: promptPages });
}

/** Sets a prompt-level tag. Fields: name, key, value. */
export async function setPromptTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setPromptTagSchema, { run: (i) => setPromptTag(i.name, i.key, i.value), errorField: "key", revalidate: promptPages });
}

/** Deletes a prompt-level tag. Fields: name, key. */
export async function deletePromptTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deletePromptTagSchema, { run: (i) => deletePromptTag(i.name, i.key), errorField: "key", revalidate: promptPages });
}

/** Sets a version-level tag. Fields: name, version, key, value. */
export async function setPromptVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setPromptVersionTagSchema, {
    run: (i) => setPromptVersionTag(i.name, i.version, i.key, i.value),
    errorField: "key",
    revalidate: (i) => [promptPath(i.name)],
  });
}

/** Deletes a version-level tag. Fields: name, version, key. */
export async function deletePromptVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deletePromptVersionTagSchema, {
    run: (i) => deletePromptVersionTag(i.name, i.version, i.key),
    errorField: "key",
    revalidate: (i) => [promptPath(i.name)],
  });
}

/** Replaces the prompt's description (empty clears it). Fields: name, description. */
export async function updatePromptDescriptionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, updatePromptDescriptionSchema, {
    run: (i) => updatePromptDescription(i.name, i.description),
    errorField: "description",
    revalidate: promptPages,
  });
}

/** Deletes one version (its aliases and run/model links go with it), then opens the prompt. Fields: name, version. */
export async function deletePromptVersionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deletePromptVersionSchema, {
    run: (i) => deletePromptVersion(i.name, i.version),
    errorField: "version",
    revalidate: promptPages,
    redirectTo: (i) => promptPath(i.name),
  });
}

/** Deletes the prompt with every version, alias, tag and link, then opens the prompt list. Fields: name, confirm. */
export async function deletePromptAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deletePromptSchema, { run: (i) => deletePrompt(i.name), errorField: "confirm", revalidate: () => ["/prompts"], redirectTo: () => "/prompts" });
}
