import "server-only";
import { z } from "zod";
import { db, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import {
  IS_PROMPT_TAG_KEY,
  PROMPT_MODEL_CONFIG_TAG_KEY,
  PROMPT_TEXT_TAG_KEY,
  PROMPT_TYPE_TAG_KEY,
  RESPONSE_FORMAT_TAG_KEY,
  isReservedPromptTag,
  parseChatTemplate,
  pythonJsonDumps,
  serializeChatTemplate,
} from "@/lib/domain/prompts/template";
import { createModelVersion, deleteModelVersion, deleteModelVersionTag, setModelVersionTag } from "@/lib/domain/registry/model-versions";
import {
  createRegisteredModel,
  deleteRegisteredModel,
  deleteRegisteredModelTag,
  setRegisteredModelTag,
  updateRegisteredModel,
} from "@/lib/domain/registry/registered-models";
import { deleteRegisteredModelAlias, setRegisteredModelAlias } from "@/lib/domain/registry/aliases";
import { inTransaction } from "@/lib/domain/tx";
import {
  createPromptSchema,
  createPromptVersionSchema,
  type CreatePromptInput,
  type CreatePromptVersionInput,
} from "@/lib/schemas/prompt";
import { loadPromptVersionDetails, promptRowOrThrow, type PromptVersionDetail, type Tag } from "@/lib/domain/prompts/records";

// Prompt writes for the UI, each a prompt-checked call into the registry functions the MLflow
// REST API uses: create a prompt (with version 1) or a version, aliases, prompt- and
// version-level tags (reserved prompt tags refused), description, delete.

// ───────────────────────────── Writes ─────────────────────────────

function versionTags(input: CreatePromptVersionInput): Tag[] {
  const isChat = Array.isArray(input.template) || input.promptType === "chat";
  let template: string;
  if (Array.isArray(input.template)) template = serializeChatTemplate(input.template);
  else {
    template = input.template;
    if (isChat && !parseChatTemplate(template)?.length) {
      throw invalidParam("A chat template must be a non-empty JSON list of {role, content} messages.");
    }
  }
  const tags: Tag[] = [
    { key: IS_PROMPT_TAG_KEY, value: "true" },
    { key: PROMPT_TEXT_TAG_KEY, value: template },
    { key: PROMPT_TYPE_TAG_KEY, value: isChat ? "chat" : "text" },
  ];
  if (input.responseFormat) tags.push({ key: RESPONSE_FORMAT_TAG_KEY, value: pythonJsonDumps(input.responseFormat) });
  if (input.modelConfig) tags.push({ key: PROMPT_MODEL_CONFIG_TAG_KEY, value: pythonJsonDumps(input.modelConfig) });
  for (const [key, value] of Object.entries(input.tags ?? {})) {
    if (isReservedPromptTag(key)) throw invalidParam(`Tag key '${key}' is reserved for the prompt registry.`);
    tags.push({ key, value });
  }
  return tags;
}

async function addVersion(input: CreatePromptVersionInput, tx: Tx): Promise<PromptVersionDetail> {
  const mv = await createModelVersion(
    { name: input.name, source: "prompt-template", description: input.commitMessage, tags: versionTags(input), userId: input.userId },
    tx,
  );
  const [detail] = await loadPromptVersionDetails([mv.id], tx);
  return detail;
}

/** Schema-checks a UI input; the first problem becomes INVALID_PARAMETER_VALUE naming the field. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join(".");
  throw invalidParam(field ? `${field}: ${issue.message}` : issue.message);
}

/** Creates a prompt and its version 1 (as `mlflow.genai.register_prompt` does). */
export async function createPrompt(input: CreatePromptInput, tx: Tx = db): Promise<PromptVersionDetail> {
  const parsed = parseInput(createPromptSchema, input);
  return inTransaction(tx, async (tx) => {
    await createRegisteredModel(
      {
        name: parsed.name,
        description: parsed.description,
        tags: [{ key: IS_PROMPT_TAG_KEY, value: "true" }, ...Object.entries(parsed.tags ?? {}).map(([key, value]) => ({ key, value }))],
        userId: parsed.userId,
      },
      tx,
    );
    return addVersion({ ...parsed, tags: parsed.versionTags }, tx);
  });
}

/** Adds the next version to an existing prompt. */
export async function createPromptVersion(input: CreatePromptVersionInput, tx: Tx = db): Promise<PromptVersionDetail> {
  const parsed = parseInput(createPromptVersionSchema, input);
  return inTransaction(tx, async (tx) => {
    await promptRowOrThrow(parsed.name, tx);
    return addVersion(parsed, tx);
  });
}

export async function setPromptAlias(name: string, alias: string, version: number | string, tx: Tx = db): Promise<void> {
  await promptRowOrThrow(name, tx);
  await setRegisteredModelAlias(name, alias, version, tx);
}

export async function deletePromptAlias(name: string, alias: string, tx: Tx = db): Promise<void> {
  await promptRowOrThrow(name, tx);
  await deleteRegisteredModelAlias(name, alias, tx);
}

function assertUserTagKey(key: string) {
  if (isReservedPromptTag(key)) throw invalidParam(`Tag key '${key}' is reserved for the prompt registry.`);
}

/** Prompt-level tag. */
export async function setPromptTag(name: string, key: string, value: string, tx: Tx = db): Promise<void> {
  assertUserTagKey(key);
  await promptRowOrThrow(name, tx);
  await setRegisteredModelTag(name, key, value, tx);
}

export async function deletePromptTag(name: string, key: string, tx: Tx = db): Promise<void> {
  assertUserTagKey(key);
  await promptRowOrThrow(name, tx);
  await deleteRegisteredModelTag(name, key, tx);
}

/** Version-level tag. */
export async function setPromptVersionTag(name: string, version: number | string, key: string, value: string, tx: Tx = db): Promise<void> {
  assertUserTagKey(key);
  await promptRowOrThrow(name, tx);
  await setModelVersionTag(name, version, key, value, tx);
}

export async function deletePromptVersionTag(name: string, version: number | string, key: string, tx: Tx = db): Promise<void> {
  assertUserTagKey(key);
  await promptRowOrThrow(name, tx);
  await deleteModelVersionTag(name, version, key, tx);
}

export async function updatePromptDescription(name: string, description: string | null, tx: Tx = db): Promise<void> {
  await promptRowOrThrow(name, tx);
  await updateRegisteredModel({ name, description }, tx);
}

export async function deletePromptVersion(name: string, version: number | string, tx: Tx = db): Promise<void> {
  await promptRowOrThrow(name, tx);
  await deleteModelVersion(name, version, tx);
}

export async function deletePrompt(name: string, tx: Tx = db): Promise<void> {
  await promptRowOrThrow(name, tx);
  await deleteRegisteredModel(name, tx);
}
