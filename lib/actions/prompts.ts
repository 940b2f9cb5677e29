"use server";
import { actionFailure, formText, type ActionResult } from "@/lib/actions/result";
// Server actions for the prompt registry UI. Each parses its form, calls the same domain function
// the MLflow REST API path ends in (lib/domain/prompts/* → lib/domain/registry/*),
// revalidates the prompt pages and returns a result the form shows next to the field.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createPrompt, createPromptVersion, deletePrompt, deletePromptAlias, deletePromptTag, deletePromptVersion, deletePromptVersionTag, setPromptAlias, setPromptTag, setPromptVersionTag, updatePromptDescription } from "@/lib/domain/prompts/write";
import { parseChatTemplate } from "@/lib/domain/prompts/template";

const promptPath = (name: string) => `/prompts/${encodeURIComponent(name)}`;

function jsonField(form: FormData, field: string, errors: Record<string, string[]>): Record<string, unknown> | undefined {
  const raw = formText(form, field).trim();
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    errors[field] = ["Must be a JSON object."];
  } catch (e) {
    errors[field] = [`Invalid JSON: ${(e as Error).message}`];
  }
  return undefined;
}

/** Template + type from the editor form; chat templates arrive as the JSON list of messages. */
function templateField(form: FormData, errors: Record<string, string[]>): { template: string | { role: string; content: string }[]; promptType: "text" | "chat" } {
  const promptType = formText(form, "promptType") === "chat" ? "chat" : "text";
  const raw = formText(form, "template");
  if (promptType === "text") {
    if (!raw.trim()) errors.template = ["The template is empty."];
    return { template: raw, promptType };
  }
  const messages = parseChatTemplate(raw) ?? [];
  if (messages.length === 0) errors.template = ["A chat prompt needs at least one message."];
  else if (messages.some((m) => !m.role.trim())) errors.template = ["Every message needs a role."];
  else if (messages.every((m) => !m.content.trim())) errors.template = ["The messages are empty."];
  return { template: messages, promptType };
}

function tagsField(form: FormData, errors: Record<string, string[]>): Record<string, string> | undefined {
  const raw = formText(form, "tags");
  const tags: Record<string, string> = {};
  for (const [i, line] of raw.split("\n").entries()) {
    const l = line.trim();
    if (!l) continue;
    const eq = l.indexOf("=");
    const key = (eq < 0 ? l : l.slice(0, eq)).trim();
    if (!key) {
      errors.tags = [`Line ${i + 1}: expected key=value.`];
      continue;
    }
    tags[key] = eq < 0 ? "" : l.slice(eq + 1).trim();
  }
  return Object.keys(tags).length ? tags : undefined;
}

/** Creates a prompt (version 1) from the editor, then opens it. */
export async function createPromptAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const errors: Record<string, string[]> = {};
  const name = formText(form, "name").trim();
  if (!name) errors.name = ["Give the prompt a name."];
  const { template, promptType } = templateField(form, errors);
  const modelConfig = jsonField(form, "modelConfig", errors);
  const responseFormat = jsonField(form, "responseFormat", errors);
  const tags = tagsField(form, errors);
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  const commitMessage = formText(form, "commitMessage").trim() || undefined;
  try {
    await createPrompt({ name, template, promptType, commitMessage, modelConfig, responseFormat, tags });
  } catch (e) {
    const r = actionFailure(e, "name");
    const msg = r.fieldErrors?.name?.join(" ") ?? "";
    if (/template|message|text exceeds|variable/i.test(msg)) return { ok: false, fieldErrors: { template: [msg] } };
    if (/tag/i.test(msg)) return { ok: false, fieldErrors: { tags: [msg] } };
    return r;
  }
  revalidatePath("/prompts");
  redirect(promptPath(name));
}

/** Adds a version to a prompt from the editor, then opens it. */
export async function createPromptVersionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const errors: Record<string, string[]> = {};
  const name = formText(form, "name");
  const { template, promptType } = templateField(form, errors);
  const modelConfig = jsonField(form, "modelConfig", errors);
  const responseFormat = jsonField(form, "responseFormat", errors);
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  const commitMessage = formText(form, "commitMessage").trim() || undefined;
  let version: number;
  try {
    version = (await createPromptVersion({ name, template, promptType, commitMessage, modelConfig, responseFormat })).version;
  } catch (e) {
    return actionFailure(e, "template");
  }
  revalidatePath("/prompts");
  revalidatePath(promptPath(name));
  redirect(`${promptPath(name)}?version=${version}`);
}

/** Sets (or moves) an alias to a version. Fields: name, alias, version. */
export async function setPromptAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const alias = formText(form, "alias").trim();
  const version = formText(form, "version");
  if (!alias) return { ok: false, fieldErrors: { alias: ["Enter an alias name."] } };
  try {
    await setPromptAlias(name, alias, version);
  } catch (e) {
    return actionFailure(e, "alias");
  }
  revalidatePath(promptPath(name));
  revalidatePath("/prompts");
  return { ok: true, message: `@${alias} → version ${version}` };
}

/** Removes an alias. Fields: name, alias. */
export async function deletePromptAliasAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const alias = formText(form, "alias");
  try {
    await deletePromptAlias(name, alias);
  } catch (e) {
    return actionFailure(e, "alias");
  }
  revalidatePath(promptPath(name));
  revalidatePath("/prompts");
  return { ok: true };
}

/**
 * The domain rejects the exact reserved keys; the UI also keeps users out of the registry's whole
 * namespaces (`mlflow.prompt.*`, `_mlflow_*`), which it hides from tag lists.
 */
function reservedKeyError(key: string): ActionResult | null {
  if (key.startsWith("mlflow.prompt.") || key.startsWith("_mlflow_")) return { ok: false, fieldErrors: { key: [`Tag key '${key}' is reserved for the prompt registry.`] } };
  return null;
}

/** Sets a prompt-level tag. Fields: name, key, value. */
export async function setPromptTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const key = formText(form, "key").trim();
  if (!key) return { ok: false, fieldErrors: { key: ["Enter a tag key."] } };
  const reserved = reservedKeyError(key);
  if (reserved) return reserved;
  try {
    await setPromptTag(name, key, formText(form, "value"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidatePath(promptPath(name));
  revalidatePath("/prompts");
  return { ok: true };
}

/** Deletes a prompt-level tag. Fields: name, key. */
export async function deletePromptTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  try {
    await deletePromptTag(name, formText(form, "key"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidatePath(promptPath(name));
  revalidatePath("/prompts");
  return { ok: true };
}

/** Sets a version-level tag. Fields: name, version, key, value. */
export async function setPromptVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const key = formText(form, "key").trim();
  if (!key) return { ok: false, fieldErrors: { key: ["Enter a tag key."] } };
  const reserved = reservedKeyError(key);
  if (reserved) return reserved;
  try {
    await setPromptVersionTag(name, formText(form, "version"), key, formText(form, "value"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidatePath(promptPath(name));
  return { ok: true };
}

/** Deletes a version-level tag. Fields: name, version, key. */
export async function deletePromptVersionTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  try {
    await deletePromptVersionTag(name, formText(form, "version"), formText(form, "key"));
  } catch (e) {
    return actionFailure(e, "key");
  }
  revalidatePath(promptPath(name));
  return { ok: true };
}

/** Replaces the prompt's description (empty clears it). Fields: name, description. */
export async function updatePromptDescriptionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  const description = formText(form, "description").trim();
  try {
    await updatePromptDescription(name, description || null);
  } catch (e) {
    return actionFailure(e, "description", { description });
  }
  revalidatePath(promptPath(name));
  revalidatePath("/prompts");
  return { ok: true };
}

/** Deletes one version (its aliases and run/model links go with it), then opens the prompt. Fields: name, version. */
export async function deletePromptVersionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  try {
    await deletePromptVersion(name, formText(form, "version"));
  } catch (e) {
    return actionFailure(e, "version");
  }
  revalidatePath("/prompts");
  revalidatePath(promptPath(name));
  redirect(promptPath(name));
}

/** Deletes the prompt with every version, alias, tag and link, then opens the prompt list. Fields: name, confirm. */
export async function deletePromptAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = formText(form, "name");
  if (formText(form, "confirm").trim() !== name) return { ok: false, fieldErrors: { confirm: ["Type the prompt name exactly to confirm."] } };
  try {
    await deletePrompt(name);
  } catch (e) {
    return actionFailure(e, "confirm");
  }
  revalidatePath("/prompts");
  redirect("/prompts");
}
