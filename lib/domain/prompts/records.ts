import "server-only";
import { type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { isReservedPromptTag, parseChatTemplate, type ChatMessage, type PromptType } from "@/lib/domain/prompts/template";
import { findRegisteredModelRow, loadModelVersionRecords, type ModelVersionRecord } from "@/lib/domain/registry/records";

// The prompt registry for the UI: prompts and versions as first-class objects (camelCase, no
// reserved tags). A prompt is a registered model with is_prompt and its versions are model
// versions (lib/domain/registry/*); writes go through the same registry functions the MLflow
// REST API uses, so both adapters see the same rows.
//
// The prompt files answer one question each: records.ts (the shapes and their loaders),
// read.ts (list, get a prompt, get a version), write.ts (create, tags, aliases, delete),
// usage.ts (who uses a prompt version / which versions a run or model uses), links.ts (where
// prompt ↔ run / model links are written), metrics.ts (a metric across versions) and
// template.ts (the pure template service).

export type Tag = { key: string; value: string };

export interface PromptVersionSummary {
  version: number;
  commitMessage: string | null;
  /** The user who created the version (MLflow user_id), when known. */
  author: string | null;
  createdAt: number;
  updatedAt: number;
  promptType: PromptType;
  /** Stored aliases (never the computed `latest`). */
  aliases: string[];
  variables: string[];
}

export interface PromptVersionDetail extends PromptVersionSummary {
  name: string;
  /** Stored template text (chat: the JSON list of messages, as written). */
  template: string;
  /** Parsed chat messages (chat prompts), else null. */
  messages: ChatMessage[] | null;
  responseFormat: unknown;
  modelConfig: unknown;
  /** Version-level user tags (reserved prompt tags excluded). */
  tags: Tag[];
  /** True for the highest version (what `@latest` resolves to). */
  isLatest: boolean;
}

export interface PromptListItem {
  name: string;
  description: string | null;
  tags: Tag[];
  latestVersion: number | null;
  versionCount: number;
  aliases: { alias: string; version: number }[];
  createdAt: number;
  updatedAt: number;
  /** Active runs linked to any version. */
  linkedRuns: number;
  /** Active logged models linked to any version. */
  linkedModels: number;
  /** Registered model versions linked to any version. */
  linkedModelVersions: number;
}

export interface PromptDetail {
  name: string;
  description: string | null;
  tags: Tag[];
  aliases: { alias: string; version: number }[];
  createdAt: number;
  updatedAt: number;
  author: string | null;
  latestVersion: number | null;
  /** Newest first. */
  versions: PromptVersionSummary[];
}

export const userTags = (tags: Tag[]) => tags.filter((t) => !isReservedPromptTag(t.key));

export function toSummary(mv: ModelVersionRecord): PromptVersionSummary {
  return {
    version: mv.version,
    commitMessage: mv.description,
    author: mv.userId,
    createdAt: Number(mv.creationTimestamp),
    updatedAt: Number(mv.lastUpdatedTimestamp),
    promptType: mv.prompt?.promptType === "chat" ? "chat" : "text",
    aliases: mv.aliases,
    variables: mv.prompt?.variables ?? [],
  };
}

function toDetail(mv: ModelVersionRecord, latestVersion: number | null): PromptVersionDetail {
  const p = mv.prompt;
  const summary = toSummary(mv);
  return {
    ...summary,
    name: mv.name,
    template: p?.template ?? "",
    messages: p && summary.promptType === "chat" ? parseChatTemplate(p.template) : null,
    responseFormat: p?.responseFormat ?? null,
    modelConfig: p?.modelConfig ?? null,
    tags: userTags(mv.tags),
    isLatest: latestVersion !== null && mv.version === latestVersion,
  };
}

/** Highest version per registered model. */
export async function latestVersionsOf(rmIds: number[], tx: Tx): Promise<Map<number, number>> {
  if (rmIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: number; max: number }[]>`
    SELECT registered_model_id AS id, MAX(version) AS max FROM model_versions
    WHERE registered_model_id = ANY(${[...new Set(rmIds)]}::int[]) GROUP BY registered_model_id`;
  return new Map(rows.map((r) => [r.id, r.max]));
}

/** Prompt-version details keyed by model_versions row id (non-prompt versions skipped). */
export async function loadPromptVersionDetailMap(ids: number[], tx: Tx): Promise<Map<number, PromptVersionDetail>> {
  const recs = (await loadModelVersionRecords([...new Set(ids)], tx)).filter((r) => r.prompt);
  const latest = await latestVersionsOf(recs.map((r) => r.registeredModelId), tx);
  return new Map(recs.map((r) => [r.id, toDetail(r, latest.get(r.registeredModelId) ?? null)]));
}

/** Prompt-version details for model_versions row ids (order kept). */
export async function loadPromptVersionDetails(ids: number[], tx: Tx): Promise<PromptVersionDetail[]> {
  const m = await loadPromptVersionDetailMap(ids, tx);
  return ids.map((id) => m.get(id)).filter((d): d is PromptVersionDetail => d !== undefined);
}

export async function promptRowOrNull(name: string, tx: Tx) {
  const row = await findRegisteredModelRow(name, tx);
  return row && row.isPrompt ? row : null;
}

export async function promptRowOrThrow(name: string, tx: Tx) {
  const row = await findRegisteredModelRow(name, tx);
  if (!row) throw notFound(`Prompt (name=${name}) not found`);
  if (!row.isPrompt) throw invalidParam(`Name \`${name}\` is registered as a model, not a prompt.`);
  return row;
}
