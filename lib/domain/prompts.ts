import "server-only";
import { z } from "zod";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
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
  type ChatMessage,
  type PromptType,
} from "@/lib/domain/prompt-template";
import {
  type ModelVersionRecord,
  createModelVersion,
  deleteModelVersion,
  deleteModelVersionTag,
  findModelVersionId,
  findRegisteredModelRow,
  inTransaction,
  loadModelVersionRecords,
  readAll,
  setModelVersionTag,
} from "@/lib/domain/model-versions";
import {
  createRegisteredModel,
  deleteRegisteredModel,
  deleteRegisteredModelAlias,
  deleteRegisteredModelTag,
  getModelVersionByAlias,
  setRegisteredModelAlias,
  setRegisteredModelTag,
  updateRegisteredModel,
} from "@/lib/domain/registered-models";
import {
  createPromptSchema,
  createPromptVersionSchema,
  type CreatePromptInput,
  type CreatePromptVersionInput,
  type ListPromptsInput,
} from "@/lib/schemas/prompt";

// The prompt registry for the UI: prompts and versions as first-class objects (camelCase, no
// reserved tags), plus usage — which runs, logged models and registered model versions use a
// prompt version, and which prompt versions a run / model uses — answered from the link tables
// with one indexed query per kind. Writes go through the same registry functions the MLflow
// REST API uses, so both adapters see the same rows.

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

const userTags = (tags: Tag[]) => tags.filter((t) => !isReservedPromptTag(t.key));

function toSummary(mv: ModelVersionRecord): PromptVersionSummary {
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
async function latestVersionsOf(rmIds: number[], tx: Tx): Promise<Map<number, number>> {
  if (rmIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: number; max: number }[]>`
    SELECT registered_model_id AS id, MAX(version) AS max FROM model_versions
    WHERE registered_model_id = ANY(${[...new Set(rmIds)]}::int[]) GROUP BY registered_model_id`;
  return new Map(rows.map((r) => [r.id, r.max]));
}

/** Prompt-version details keyed by model_versions row id (non-prompt versions skipped). */
async function loadPromptVersionDetailMap(ids: number[], tx: Tx): Promise<Map<number, PromptVersionDetail>> {
  const recs = (await loadModelVersionRecords([...new Set(ids)], tx)).filter((r) => r.prompt);
  const latest = await latestVersionsOf(recs.map((r) => r.registeredModelId), tx);
  return new Map(recs.map((r) => [r.id, toDetail(r, latest.get(r.registeredModelId) ?? null)]));
}

/** Prompt-version details for model_versions row ids (order kept). */
async function loadPromptVersionDetails(ids: number[], tx: Tx): Promise<PromptVersionDetail[]> {
  const m = await loadPromptVersionDetailMap(ids, tx);
  return ids.map((id) => m.get(id)).filter((d): d is PromptVersionDetail => d !== undefined);
}

async function promptRowOrNull(name: string, tx: Tx) {
  const row = await findRegisteredModelRow(name, tx);
  return row && row.isPrompt ? row : null;
}

async function promptRowOrThrow(name: string, tx: Tx) {
  const row = await findRegisteredModelRow(name, tx);
  if (!row) throw notFound(`Prompt (name=${name}) not found`);
  if (!row.isPrompt) throw invalidParam(`Name \`${name}\` is registered as a model, not a prompt.`);
  return row;
}

// ───────────────────────────── Reads ─────────────────────────────

/**
 * Prompts, most recently updated first (or by name / creation), with latest version, aliases,
 * and how many active runs / logged models / model versions use any of their versions.
 */
export async function listPrompts(
  input: ListPromptsInput = {},
  tx: Tx = db,
): Promise<{ prompts: PromptListItem[]; nextPageToken?: string }> {
  const maxResults = Math.min(Math.max(input.maxResults ?? 100, 1), 1000);
  const where: Prisma.Sql[] = [Prisma.sql`rm.is_prompt`];
  if (input.query?.trim()) {
    const q = `%${input.query.trim().replace(/[\\%_]/g, (c) => "\\" + c)}%`;
    where.push(Prisma.sql`(rm.name ILIKE ${q} OR rm.description ILIKE ${q})`);
  }
  if (input.tag?.key) {
    const valueCond = input.tag.value !== undefined ? Prisma.sql`AND t.value = ${input.tag.value}` : Prisma.empty;
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.registered_model_id = rm.id AND t.key = ${input.tag.key} ${valueCond})`);
  }
  const orderBy = input.orderBy ?? "updated";
  const order =
    orderBy === "name"
      ? Prisma.sql`rm.name ASC`
      : orderBy === "created"
        ? Prisma.sql`rm.creation_timestamp DESC, rm.name ASC`
        : Prisma.sql`rm.last_updated_timestamp DESC, rm.name ASC`;
  const queryKey = pageQueryKey({ kind: "prompts", query: input.query ?? "", tag: input.tag ?? null, orderBy });
  const offset = decodePageToken(input.pageToken, queryKey);
  const rows = await tx.$queryRaw<
    { id: number; name: string; description: string | null; creation_timestamp: bigint; last_updated_timestamp: bigint; latest_version: number | null; version_count: bigint }[]
  >`
    SELECT rm.id, rm.name, rm.description, rm.creation_timestamp, rm.last_updated_timestamp,
      (SELECT MAX(mv.version) FROM model_versions mv WHERE mv.registered_model_id = rm.id) AS latest_version,
      (SELECT COUNT(*) FROM model_versions mv WHERE mv.registered_model_id = rm.id) AS version_count
    FROM registered_models rm
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${order}
    LIMIT ${maxResults + 1} OFFSET ${offset}`;
  const page = rows.slice(0, maxResults);
  const ids = page.map((r) => r.id);
  // Usage counts for the page, one grouped query per kind (deleted runs / models excluded).
  const [tags, aliases, runCounts, modelCounts, mvCounts] = await readAll(tx, [
    () => tx.registeredModelTag.findMany({ where: { registeredModelId: { in: ids } }, orderBy: { key: "asc" } }),
    () =>
      tx.registeredModelAlias.findMany({
        where: { registeredModelId: { in: ids } },
        select: { registeredModelId: true, alias: true, modelVersion: { select: { version: true } } },
        orderBy: { alias: "asc" },
      }),
    () => tx.$queryRaw<{ id: number; n: bigint }[]>`
      SELECT mv.registered_model_id AS id, COUNT(DISTINCT l.run_id) AS n FROM model_versions mv
      JOIN prompt_run_links l ON l.prompt_version_id = mv.id
      JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active'
      WHERE mv.registered_model_id = ANY(${ids}::int[]) GROUP BY mv.registered_model_id`,
    () => tx.$queryRaw<{ id: number; n: bigint }[]>`
      SELECT mv.registered_model_id AS id, COUNT(DISTINCT l.model_id) AS n FROM model_versions mv
      JOIN prompt_logged_model_links l ON l.prompt_version_id = mv.id
      JOIN logged_models m ON m.id = l.model_id AND m.lifecycle_stage = 'active'
      WHERE mv.registered_model_id = ANY(${ids}::int[]) GROUP BY mv.registered_model_id`,
    () => tx.$queryRaw<{ id: number; n: bigint }[]>`
      SELECT mv.registered_model_id AS id, COUNT(DISTINCT l.model_version_id) AS n FROM model_versions mv
      JOIN prompt_model_version_links l ON l.prompt_version_id = mv.id
      WHERE mv.registered_model_id = ANY(${ids}::int[]) GROUP BY mv.registered_model_id`,
  ] as const);
  const countOf = (counts: { id: number; n: bigint }[], id: number) => Number(counts.find((c) => c.id === id)?.n ?? 0);
  return {
    prompts: page.map((r) => ({
      name: r.name,
      description: r.description,
      tags: userTags(tags.filter((t) => t.registeredModelId === r.id).map((t) => ({ key: t.key, value: t.value }))),
      latestVersion: r.latest_version,
      versionCount: Number(r.version_count),
      aliases: aliases.filter((a) => a.registeredModelId === r.id).map((a) => ({ alias: a.alias, version: a.modelVersion.version })),
      createdAt: Number(r.creation_timestamp),
      updatedAt: Number(r.last_updated_timestamp),
      linkedRuns: countOf(runCounts, r.id),
      linkedModels: countOf(modelCounts, r.id),
      linkedModelVersions: countOf(mvCounts, r.id),
    })),
    nextPageToken: rows.length > maxResults ? encodePageToken(offset + maxResults, queryKey) : undefined,
  };
}

/** A prompt with all its versions (newest first); null when there is no such prompt. */
export async function getPrompt(name: string, tx: Tx = db): Promise<PromptDetail | null> {
  const row = await tx.registeredModel.findUnique({
    where: { name },
    include: {
      tags: { select: { key: true, value: true }, orderBy: { key: "asc" } },
      aliases: { select: { alias: true, modelVersion: { select: { version: true } } }, orderBy: { alias: "asc" } },
      versions: { select: { id: true }, orderBy: { version: "desc" } },
    },
  });
  if (!row || !row.isPrompt) return null;
  const versions = await loadModelVersionRecords(row.versions.map((v) => v.id), tx);
  return {
    name: row.name,
    description: row.description,
    tags: userTags(row.tags),
    aliases: row.aliases.map((a) => ({ alias: a.alias, version: a.modelVersion.version })),
    createdAt: Number(row.creationTimestamp),
    updatedAt: Number(row.lastUpdatedTimestamp),
    author: row.userId,
    latestVersion: versions[0]?.version ?? null,
    versions: versions.map(toSummary),
  };
}

export async function getPromptOrThrow(name: string, tx: Tx = db): Promise<PromptDetail> {
  const p = await getPrompt(name, tx);
  if (!p) throw notFound(`Prompt (name=${name}) not found`);
  return p;
}

/**
 * One version of a prompt by number, or by alias (`latest` = the highest version). Null when
 * the prompt, version or alias does not exist.
 */
export async function getPromptVersion(name: string, versionOrAlias: number | string, tx: Tx = db): Promise<PromptVersionDetail | null> {
  const rm = await promptRowOrNull(name, tx);
  if (!rm) return null;
  let id: number | null;
  if (typeof versionOrAlias === "number" || /^\d+$/.test(versionOrAlias)) {
    id = await findModelVersionId(name, Number(versionOrAlias), tx);
  } else {
    try {
      id = (await getModelVersionByAlias(name, versionOrAlias, tx)).id;
    } catch {
      id = null;
    }
  }
  if (id === null) return null;
  const [detail] = await loadPromptVersionDetails([id], tx);
  return detail ?? null;
}

export async function getPromptVersionOrThrow(name: string, versionOrAlias: number | string, tx: Tx = db): Promise<PromptVersionDetail> {
  const v = await getPromptVersion(name, versionOrAlias, tx);
  if (!v) throw notFound(`Prompt version (name=${name}, version=${versionOrAlias}) not found`);
  return v;
}

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

// ───────────────────────────── Usage (link tables) ─────────────────────────────

export interface PromptUsageRun {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: string;
  startTime: number;
  endTime: number | null;
  userId: string;
  lifecycleStage: string;
}

export interface PromptUsageLoggedModel {
  modelId: string;
  name: string;
  experimentId: string;
  experimentName: string;
  sourceRunId: string | null;
  status: string;
  creationTimestamp: number;
}

export interface PromptUsageModelVersion {
  name: string;
  version: number;
  currentStage: string;
  modelId: string | null;
  creationTimestamp: number;
}

export interface PromptVersionUsage {
  version: number;
  runs: PromptUsageRun[];
  loggedModels: PromptUsageLoggedModel[];
  modelVersions: PromptUsageModelVersion[];
}

/**
 * Who uses a prompt: for each version (or just `version`), the active runs, active logged
 * models and registered model versions linked to it. Newest version first. One query per kind.
 */
export async function getPromptUsage(name: string, version?: number, tx: Tx = db): Promise<PromptVersionUsage[]> {
  const versionCond = version !== undefined ? Prisma.sql`AND mv.version = ${version}` : Prisma.empty;
  const versions = await tx.$queryRaw<{ id: number; version: number }[]>`
    SELECT mv.id, mv.version FROM registered_models rm JOIN model_versions mv ON mv.registered_model_id = rm.id
    WHERE rm.name = ${name} AND rm.is_prompt ${versionCond} ORDER BY mv.version DESC`;
  if (versions.length === 0) return [];
  const ids = versions.map((v) => v.id);
  const [runs, models, mvs] = await readAll(tx, [
    () => tx.$queryRaw<
      {
        pv: number;
        id: string;
        name: string;
        experiment_id: number;
        experiment_name: string;
        status: string;
        start_time: bigint;
        end_time: bigint | null;
        user_id: string;
        lifecycle_stage: string;
      }[]
    >`
      SELECT l.prompt_version_id AS pv, r.id, r.name, r.experiment_id, e.name AS experiment_name, r.status::text AS status,
             r.start_time, r.end_time, r.user_id, r.lifecycle_stage::text AS lifecycle_stage
      FROM prompt_run_links l
      JOIN runs r ON r.id = l.run_id AND r.lifecycle_stage = 'active'
      JOIN experiments e ON e.id = r.experiment_id
      WHERE l.prompt_version_id = ANY(${ids}::int[])
      ORDER BY r.start_time DESC, r.id`,
    () => tx.$queryRaw<
      { pv: number; id: string; name: string; experiment_id: number; experiment_name: string; source_run_id: string | null; status: string; creation_timestamp_ms: bigint }[]
    >`
      SELECT l.prompt_version_id AS pv, m.id, m.name, m.experiment_id, e.name AS experiment_name, m.source_run_id,
             m.status::text AS status, m.creation_timestamp_ms
      FROM prompt_logged_model_links l
      JOIN logged_models m ON m.id = l.model_id AND m.lifecycle_stage = 'active'
      JOIN experiments e ON e.id = m.experiment_id
      WHERE l.prompt_version_id = ANY(${ids}::int[])
      ORDER BY m.creation_timestamp_ms DESC, m.id`,
    () => tx.$queryRaw<{ pv: number; name: string; version: number; current_stage: string; model_id: string | null; creation_timestamp: bigint }[]>`
      SELECT l.prompt_version_id AS pv, rm2.name, mv2.version, mv2.current_stage, mv2.model_id, mv2.creation_timestamp
      FROM prompt_model_version_links l
      JOIN model_versions mv2 ON mv2.id = l.model_version_id
      JOIN registered_models rm2 ON rm2.id = mv2.registered_model_id
      WHERE l.prompt_version_id = ANY(${ids}::int[])
      ORDER BY rm2.name, mv2.version DESC`,
  ] as const);
  return versions.map((v) => ({
    version: v.version,
    runs: runs
      .filter((r) => r.pv === v.id)
      .map((r) => ({
        runId: r.id,
        runName: r.name,
        experimentId: String(r.experiment_id),
        experimentName: r.experiment_name,
        status: r.status,
        startTime: Number(r.start_time),
        endTime: r.end_time === null ? null : Number(r.end_time),
        userId: r.user_id,
        lifecycleStage: r.lifecycle_stage,
      })),
    loggedModels: models
      .filter((m) => m.pv === v.id)
      .map((m) => ({
        modelId: m.id,
        name: m.name,
        experimentId: String(m.experiment_id),
        experimentName: m.experiment_name,
        sourceRunId: m.source_run_id,
        status: m.status,
        creationTimestamp: Number(m.creation_timestamp_ms),
      })),
    modelVersions: mvs
      .filter((m) => m.pv === v.id)
      .map((m) => ({ name: m.name, version: m.version, currentStage: m.current_stage, modelId: m.model_id, creationTimestamp: Number(m.creation_timestamp) })),
  }));
}

export interface RunPrompts {
  /** Prompt versions linked to the run itself (its `mlflow.linkedPrompts` tag). */
  prompts: PromptVersionDetail[];
  /** The run's logged models (outputs, or created by it) and the prompt versions linked to each. */
  models: { modelId: string; modelName: string; prompts: PromptVersionDetail[] }[];
}

/** The prompt versions a run uses, directly and through the logged models it produced. */
export async function getRunPrompts(runId: string, tx: Tx = db): Promise<RunPrompts> {
  const [direct, viaModels] = await readAll(tx, [
    () => tx.$queryRaw<{ pv: number }[]>`SELECT prompt_version_id AS pv FROM prompt_run_links WHERE run_id = ${runId}`,
    () => tx.$queryRaw<{ pv: number; model_id: string; model_name: string }[]>`
      SELECT l.prompt_version_id AS pv, m.id AS model_id, m.name AS model_name
      FROM logged_models m
      JOIN prompt_logged_model_links l ON l.model_id = m.id
      WHERE m.lifecycle_stage = 'active'
        AND (m.source_run_id = ${runId} OR m.id IN (SELECT model_id FROM run_model_outputs WHERE run_id = ${runId}))
      ORDER BY m.creation_timestamp_ms, m.id`,
  ] as const);
  const byId = await loadPromptVersionDetailMap([...direct.map((d) => d.pv), ...viaModels.map((m) => m.pv)], tx);
  const sortPv = (a: PromptVersionDetail, b: PromptVersionDetail) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version);
  const models = new Map<string, { modelId: string; modelName: string; prompts: PromptVersionDetail[] }>();
  for (const m of viaModels) {
    const entry = models.get(m.model_id) ?? { modelId: m.model_id, modelName: m.model_name, prompts: [] };
    const d = byId.get(m.pv);
    if (d) entry.prompts.push(d);
    models.set(m.model_id, entry);
  }
  return {
    prompts: direct.map((d) => byId.get(d.pv)).filter((d): d is PromptVersionDetail => !!d).sort(sortPv),
    models: [...models.values()].map((m) => ({ ...m, prompts: m.prompts.sort(sortPv) })),
  };
}

/** The prompt versions a logged model uses (its `mlflow.linkedPrompts` tag). */
export async function getLoggedModelPrompts(modelId: string, tx: Tx = db): Promise<PromptVersionDetail[]> {
  const rows = await tx.$queryRaw<{ pv: number }[]>`SELECT prompt_version_id AS pv FROM prompt_logged_model_links WHERE model_id = ${modelId}`;
  return (await loadPromptVersionDetails(rows.map((r) => r.pv), tx)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
}

/** The prompt versions a registered model version uses (through its logged model). */
export async function getModelVersionPrompts(ref: number | { name: string; version: number | string }, tx: Tx = db): Promise<PromptVersionDetail[]> {
  const mvId = typeof ref === "number" ? ref : await findModelVersionId(ref.name, Number(ref.version), tx);
  if (mvId === null) return [];
  const rows = await tx.$queryRaw<{ pv: number }[]>`SELECT prompt_version_id AS pv FROM prompt_model_version_links WHERE model_version_id = ${mvId}`;
  return (await loadPromptVersionDetails(rows.map((r) => r.pv), tx)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
}
