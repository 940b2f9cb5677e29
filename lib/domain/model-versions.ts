import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError, invalidParam, notFound } from "@/lib/errors";
import type { ModelVersionStatus } from "@/lib/generated/prisma/client";
import type { CreateModelVersionInput, ModelVersionStage, RegistryTag, SearchModelVersionsInput } from "@/lib/schemas/registry";
import { MODEL_VERSION_STAGES } from "@/lib/schemas/registry";
import { MODEL_VERSION_GRAMMAR, parseFilter, parseOrderBy, type Clause } from "@/lib/domain/search/filter";
import { andAll, compileNumericComparison, compileStringComparison } from "@/lib/domain/search/sql";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import {
  MAX_MODEL_REGISTRY_TAG_KEY_LENGTH,
  MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH,
  exceedsMaximumLengthMessage,
  posixNormpath,
  validateKey,
  validateLength,
} from "@/lib/domain/validation";
import {
  IS_PROMPT_TAG_KEY,
  PROMPT_MODEL_CONFIG_TAG_KEY,
  PROMPT_TEXT_TAG_KEY,
  PROMPT_TYPE_TAG_KEY,
  RESPONSE_FORMAT_TAG_KEY,
  extractVariables,
  pythonJsonDumps,
} from "@/lib/domain/prompt-template";
import { backfillPromptVersionLinks, syncModelVersionPromptLinks } from "@/lib/domain/prompt-links";

// Model versions (spec §7.2) and the prompt versions built on them (§8.1). This is the lower
// half of the registry: it owns the row → record loading that registered-models.ts and
// prompts.ts reuse. A version of a prompt (registered model with is_prompt) is a model_versions
// row plus a prompt_versions row; the reserved prompt tags are columns there, never
// model_version_tags rows, and lib/mlflow/registry.ts emits them back as tags.

// ───────────────────────────── Shared records ─────────────────────────────

/** The prompt part of a prompt version. */
export interface PromptVersionColumns {
  promptType: string;
  template: string;
  variables: string[];
  responseFormat: unknown;
  modelConfig: unknown;
  promptTypeRaw: string | null;
  responseFormatRaw: string | null;
  modelConfigRaw: string | null;
}

export interface ModelVersionRecord {
  id: number;
  registeredModelId: number;
  name: string;
  version: number;
  /** True when the registered model is a prompt (then `prompt` is set). */
  isPrompt: boolean;
  creationTimestamp: bigint;
  lastUpdatedTimestamp: bigint;
  userId: string | null;
  currentStage: string;
  description: string | null;
  source: string | null;
  runId: string | null;
  runLink: string | null;
  modelId: string | null;
  status: ModelVersionStatus;
  statusMessage: string | null;
  /** User tags only (reserved prompt tags live in `prompt`). */
  tags: RegistryTag[];
  aliases: string[];
  prompt: PromptVersionColumns | null;
}

const MV_INCLUDE = {
  registeredModel: { select: { name: true, isPrompt: true } },
  tags: { select: { key: true, value: true }, orderBy: { key: "asc" } },
  aliases: { select: { alias: true }, orderBy: { alias: "asc" } },
  prompt: true,
} satisfies Prisma.ModelVersionInclude;

type MvRow = Prisma.ModelVersionGetPayload<{ include: typeof MV_INCLUDE }>;

function toRecord(row: MvRow): ModelVersionRecord {
  const p = row.prompt;
  return {
    id: row.id,
    registeredModelId: row.registeredModelId,
    name: row.registeredModel.name,
    version: row.version,
    isPrompt: row.registeredModel.isPrompt || p !== null,
    creationTimestamp: row.creationTimestamp,
    lastUpdatedTimestamp: row.lastUpdatedTimestamp,
    userId: row.userId,
    currentStage: row.currentStage,
    description: row.description,
    source: row.source,
    runId: row.runId,
    runLink: row.runLink,
    modelId: row.modelId,
    status: row.status,
    statusMessage: row.statusMessage,
    tags: row.tags,
    aliases: row.aliases.map((a) => a.alias),
    prompt: p && {
      promptType: p.promptType,
      template: p.template,
      variables: p.variables,
      responseFormat: p.responseFormat,
      modelConfig: p.modelConfig,
      promptTypeRaw: p.promptTypeRaw,
      responseFormatRaw: p.responseFormatRaw,
      modelConfigRaw: p.modelConfigRaw,
    },
  };
}

/** Loads model-version records by row id, in the order of `ids`. */
export async function loadModelVersionRecords(ids: number[], tx: Tx = db): Promise<ModelVersionRecord[]> {
  if (ids.length === 0) return [];
  const rows = await tx.modelVersion.findMany({ where: { id: { in: ids } }, include: MV_INCLUDE });
  const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
  return ids.map((id) => byId.get(id)).filter((r): r is ModelVersionRecord => r !== undefined);
}

// ───────────────────────────── Helpers shared with registered-models.ts ─────────────────────────────

export const nowMs = () => BigInt(Date.now());

/** Runs `fn` in a transaction: the caller's, or a new one when `tx` is the plain client. */
export function inTransaction<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (tx as unknown) === db ? db.$transaction(fn) : fn(tx);
}

/**
 * Runs independent reads: in parallel on the pooled client, one after another inside a
 * transaction (a transaction is one connection; pg deprecates overlapping queries on it).
 */
export async function readAll<T extends readonly unknown[]>(tx: Tx, thunks: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if ((tx as unknown) === db) return (await Promise.all(thunks.map((f) => f()))) as unknown as T;
  const out: unknown[] = [];
  for (const f of thunks) out.push(await f());
  return out as unknown as T;
}

const INT32_MAX = 2147483647;
const isVersionInRange = (v: number) => Number.isSafeInteger(v) && v >= -INT32_MAX && v <= INT32_MAX;

/** A version number as MLflow reads it (`int(version)`); else INVALID_PARAMETER_VALUE. */
export function parseVersion(version: string | number | bigint): number {
  if (typeof version === "bigint") return Number(version);
  if (typeof version === "number" && Number.isInteger(version)) return version;
  if (typeof version === "string" && /^\s*[+-]?\d+\s*$/.test(version)) return Number(version.trim());
  throw invalidParam(`Parameter 'version' must be an integer, got '${version}'.`);
}

export const registeredModelNotFound = (name: string) => notFound(`Registered Model with name=${name} not found`);
export const modelVersionNotFound = (name: string, version: string | number) =>
  notFound(`Model Version (name=${name}, version=${version}) not found`);

/** MLflow's `_validate_model_name`: present and non-empty. */
export function validateModelName(name: string | null | undefined, path = "name"): string {
  if (name === null || name === undefined || name === "") {
    throw invalidParam(`Missing value for required parameter '${path}'. See the API docs for more information about request parameters.`);
  }
  validateLength(path, name, 256);
  return name;
}

export interface RegisteredModelRow {
  id: number;
  name: string;
  isPrompt: boolean;
}

export async function findRegisteredModelRow(name: string, tx: Tx = db): Promise<RegisteredModelRow | null> {
  return tx.registeredModel.findUnique({ where: { name }, select: { id: true, name: true, isPrompt: true } });
}

export async function registeredModelRowOrThrow(name: string, tx: Tx = db): Promise<RegisteredModelRow> {
  validateModelName(name);
  const row = await findRegisteredModelRow(name, tx);
  if (!row) throw registeredModelNotFound(name);
  return row;
}

/** The model_versions row id for (name, version), or null. */
export async function findModelVersionId(name: string, version: number, tx: Tx = db): Promise<number | null> {
  if (!isVersionInRange(version)) return null;
  const row = await tx.modelVersion.findFirst({ where: { version, registeredModel: { name } }, select: { id: true } });
  return row?.id ?? null;
}

async function modelVersionIdOrThrow(name: string, version: string | number, tx: Tx): Promise<{ id: number; version: number }> {
  validateModelName(name);
  const v = parseVersion(version);
  const id = await findModelVersionId(name, v, tx);
  if (id === null) throw modelVersionNotFound(name, v);
  return { id, version: v };
}

// ───────────────────────────── Tags ─────────────────────────────

/** Prompt-version tags that live in prompt_versions columns. */
const PROMPT_COLUMN_TAGS = new Set([IS_PROMPT_TAG_KEY, PROMPT_TEXT_TAG_KEY, PROMPT_TYPE_TAG_KEY, RESPONSE_FORMAT_TAG_KEY, PROMPT_MODEL_CONFIG_TAG_KEY]);

/**
 * Longest template / response format / model config Runboard stores. MLflow stops at 5000 (the
 * model-version tag limit); prompt_versions columns are TEXT, so Runboard allows more.
 */
export const PROMPT_TEXT_MAX_LENGTH = 100_000;

/** A registry tag key and value (MLflow `_validate_model_version_tag`), prompt-aware limits. */
export function validateVersionTag(key: string, value: string, promptColumns: boolean): void {
  validateKey("key", key);
  validateLength("key", key, MAX_MODEL_REGISTRY_TAG_KEY_LENGTH);
  if (promptColumns && PROMPT_COLUMN_TAGS.has(key)) {
    if (value.length > PROMPT_TEXT_MAX_LENGTH) {
      throw invalidParam(
        key === PROMPT_TEXT_TAG_KEY
          ? `Prompt text exceeds max length of ${PROMPT_TEXT_MAX_LENGTH} characters.`
          : exceedsMaximumLengthMessage("value", PROMPT_TEXT_MAX_LENGTH),
      );
    }
    return;
  }
  if (key === PROMPT_TEXT_TAG_KEY && value.length > MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH) {
    throw invalidParam(`Prompt text exceeds max length of ${MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH} characters.`);
  }
  validateLength("value", value, MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH);
}

/** Last value wins for a repeated key, as MLflow's dict does. */
export function dedupeTags(tags: readonly { key: string; value?: string | null }[] | undefined): RegistryTag[] {
  const m = new Map<string, string>();
  for (const t of tags ?? []) m.set(t.key, t.value ?? "");
  return [...m].map(([key, value]) => ({ key, value }));
}

function parseJsonOrNull(raw: string | null): Prisma.InputJsonValue | undefined {
  if (raw === null) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return v === null ? undefined : (v as Prisma.InputJsonValue);
  } catch {
    return undefined;
  }
}

/** prompt_versions column values for the reserved tags given (absent keys: unset). */
function promptColumnsFromTags(tags: Map<string, string>) {
  const template = tags.get(PROMPT_TEXT_TAG_KEY) ?? "";
  const typeRaw = tags.get(PROMPT_TYPE_TAG_KEY) ?? null;
  const rfRaw = tags.get(RESPONSE_FORMAT_TAG_KEY) ?? null;
  const mcRaw = tags.get(PROMPT_MODEL_CONFIG_TAG_KEY) ?? null;
  return {
    promptType: typeRaw === "chat" ? "chat" : "text",
    template,
    variables: extractVariables(template),
    promptTypeRaw: typeRaw,
    responseFormatRaw: rfRaw,
    responseFormat: parseJsonOrNull(rfRaw),
    modelConfigRaw: mcRaw,
    modelConfig: parseJsonOrNull(mcRaw),
  };
}

// ───────────────────────────── Source validation (handlers.py) ─────────────────────────────

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const schemeOf = (uri: string) => SCHEME.exec(uri)?.[1].toLowerCase() ?? "";

/** MLflow's is_local_uri: no scheme (a path), a Windows drive, or file:// on this host. */
function isLocalUri(uri: string): boolean {
  const scheme = schemeOf(uri);
  if (scheme === "" || /^[a-z]$/.test(scheme)) return true;
  if (scheme === "file") {
    const host = /^file:\/\/([^/]*)/i.exec(uri)?.[1] ?? "";
    return host === "" || host === "localhost";
  }
  return false;
}

function localPathOf(uri: string): string {
  if (schemeOf(uri) === "file") return decodeURIComponent(uri.replace(/^file:(\/\/[^/]*)?/i, ""));
  return uri;
}

function urlPath(uri: string): string {
  let rest = uri;
  const scheme = SCHEME.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    rest = slash === -1 ? "" : rest.slice(slash);
  }
  return rest.replace(/[?#].*$/s, "");
}

function unquotePlus(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

function relativePathsError(source: string): DomainError {
  return invalidParam(
    `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`,
  );
}

function validateNoRelativePaths(source: string): void {
  let s = source;
  for (let i = 0; i < 10; i++) {
    const u = unquotePlus(s);
    if (u === s) break;
    s = u;
  }
  const sourcePath = urlPath(s).replace(/\/+$/, "").replace(/\/+/g, "/");
  if (sourcePath.includes("\0") || s.split("/").some((p) => p === "..")) throw relativePathsError(source);
  if (sourcePath.startsWith("/") && posixNormpath(sourcePath) !== sourcePath) throw relativePathsError(source);
}

function isInside(path: string, root: string): boolean {
  const p = posixNormpath(path);
  const r = posixNormpath(root);
  return p === r || p.startsWith(r.endsWith("/") ? r : r + "/");
}

async function validateSource(source: string, runId: string | undefined, modelId: string | undefined, isPrompt: boolean, tx: Tx) {
  if (isPrompt) {
    // Prompt versions carry placeholder sources ("prompt-template", "dummy-source").
    if (schemeOf(source) === "file" || source.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(source)) {
      throw invalidParam(`Invalid model version source: '${source}'. A prompt version's source must not be a local absolute path or a file URI.`);
    }
    validateNoRelativePaths(source);
    return;
  }
  if (isLocalUri(source)) {
    const via = modelId ? "model_id" : "run_id";
    let root: string | null = null;
    if (modelId) {
      const m = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { artifactUri: true } });
      if (!m) throw notFound(`Logged model with ID '${modelId}' not found.`);
      root = m.artifactUri;
    } else if (runId) {
      const r = await tx.run.findUnique({ where: { id: runId }, select: { artifactUri: true } });
      if (!r) throw notFound(`Run with id=${runId} not found`);
      root = r.artifactUri;
    }
    if (root !== null && isLocalUri(root) && localPathOf(source).startsWith("/") && isInside(localPathOf(source), localPathOf(root))) return;
    throw invalidParam(
      `Invalid model version source: '${source}'. To use a local path as a model version source, the ${via} request parameter has to be specified and the local path has to be contained within the artifact directory of the ${modelId ? "model" : "run"} specified by the ${via}.`,
    );
  }
  validateNoRelativePaths(source);
}

/** `models:/<model_id>` → the id; other sources → null. */
function loggedModelIdOfSource(source: string): string | null {
  const m = /^models:\/([^/@]+)\/?$/i.exec(source);
  return m ? m[1] : null;
}

// ───────────────────────────── CRUD ─────────────────────────────

export async function getModelVersion(name: string, version: string | number, tx: Tx = db): Promise<ModelVersionRecord | null> {
  validateModelName(name);
  const v = parseVersion(version);
  const id = await findModelVersionId(name, v, tx);
  if (id === null) return null;
  const [rec] = await loadModelVersionRecords([id], tx);
  return rec ?? null;
}

export async function getModelVersionOrThrow(name: string, version: string | number, tx: Tx = db): Promise<ModelVersionRecord> {
  const rec = await getModelVersion(name, version, tx);
  if (!rec) throw modelVersionNotFound(name, parseVersion(version));
  return rec;
}

/** The model-version record by row id. */
export async function getModelVersionById(id: number, tx: Tx = db): Promise<ModelVersionRecord | null> {
  const [rec] = await loadModelVersionRecords([id], tx);
  return rec ?? null;
}

/**
 * model-versions/create. Version = highest ever + 1; status READY at once (the client would
 * otherwise poll). For a prompt: the reserved tags become the prompt_versions row, and links
 * from runs / logged models whose `mlflow.linkedPrompts` already name this version are
 * back-filled. With a model_id: the version inherits the logged model's prompt links, and the
 * logged model's `mlflow.modelVersions` tag records the registration.
 */
export async function createModelVersion(input: CreateModelVersionInput, tx: Tx = db): Promise<ModelVersionRecord> {
  const name = validateModelName(input.name);
  const source = input.source;
  const tags = dedupeTags(input.tags);
  const tagMap = new Map(tags.map((t) => [t.key, t.value]));
  const isPromptRequest = tagMap.has(IS_PROMPT_TAG_KEY);
  validateLength("source", source, 500);
  validateLength("run_link", input.runLink, 500);
  validateLength("description", input.description, 5000);

  return inTransaction(tx, async (tx) => {
    const rm = await registeredModelRowOrThrow(name, tx);
    if (isPromptRequest && !rm.isPrompt) {
      throw invalidParam(
        `Name \`${name}\` is registered as a model, not a prompt. MLflow does not allow registering a prompt with the same name as an existing model.`,
      );
    }
    const isPrompt = rm.isPrompt;
    for (const t of tags) validateVersionTag(t.key, t.value, isPrompt);
    if (isPrompt && !tagMap.has(PROMPT_TEXT_TAG_KEY)) {
      throw invalidParam(`A version of prompt '${name}' needs the '${PROMPT_TEXT_TAG_KEY}' tag (the template).`);
    }
    await validateSource(source, input.runId, input.modelId, isPrompt, tx);

    let runId = input.runId || null;
    const sourceModelId = loggedModelIdOfSource(source);
    const modelId = input.modelId || null;
    for (const id of [modelId, sourceModelId]) {
      if (!id || isPrompt) continue;
      const m = await tx.loggedModel.findUnique({ where: { id }, select: { sourceRunId: true } });
      if (!m) {
        throw id === modelId
          ? notFound(`Logged model with ID '${id}' not found.`)
          : invalidParam(`Unable to fetch model from model URI source artifact location '${source}'. Error: Logged model with ID '${id}' not found.`);
      }
      runId ??= m.sourceRunId;
    }

    const now = nowMs();
    const [{ last_version: version }] = await tx.$queryRaw<{ last_version: number }[]>`
      UPDATE registered_models SET last_version = last_version + 1, last_updated_timestamp = ${now}
      WHERE id = ${rm.id} RETURNING last_version`;
    const userTags = isPrompt ? tags.filter((t) => !PROMPT_COLUMN_TAGS.has(t.key)) : tags;
    const mv = await tx.modelVersion.create({
      data: {
        registeredModelId: rm.id,
        version,
        creationTimestamp: now,
        lastUpdatedTimestamp: now,
        userId: input.userId ?? null,
        description: input.description ?? null,
        source,
        runId,
        runLink: input.runLink || null,
        modelId,
        status: "READY",
        tags: { create: userTags },
        prompt: isPrompt ? { create: promptColumnsFromTags(tagMap) } : undefined,
      },
      select: { id: true },
    });

    if (modelId && !isPrompt) {
      await syncModelVersionPromptLinks(tx, mv.id);
      await recordRegistrationOnLoggedModel(tx, modelId, name, version);
    }
    if (isPrompt) await backfillPromptVersionLinks(tx, name);
    const [rec] = await loadModelVersionRecords([mv.id], tx);
    return rec;
  });
}

export const MODEL_VERSIONS_TAG = "mlflow.modelVersions";

/** Adds {name, version} to the logged model's `mlflow.modelVersions` tag (as MLflow's server does). */
async function recordRegistrationOnLoggedModel(tx: Tx, modelId: string, name: string, version: number) {
  const existing = await tx.loggedModelTag.findUnique({ where: { modelId_key: { modelId, key: MODEL_VERSIONS_TAG } } });
  let list: unknown[] = [];
  if (existing) {
    try {
      const parsed = JSON.parse(existing.value) as unknown;
      if (Array.isArray(parsed)) list = parsed;
    } catch {
      list = [];
    }
  }
  const entry = { name, version: String(version) };
  if (!list.some((e) => typeof e === "object" && e !== null && (e as { name?: unknown }).name === name && String((e as { version?: unknown }).version) === entry.version)) {
    list.push(entry);
  }
  const value = pythonJsonDumps(list);
  if (value.length > 8000) return; // logged_model_tags.value is VARCHAR(8000); registrations stay queryable via model_versions.model_id
  await tx.loggedModelTag.upsert({
    where: { modelId_key: { modelId, key: MODEL_VERSIONS_TAG } },
    create: { modelId, key: MODEL_VERSIONS_TAG, value },
    update: { value },
  });
}

/** model-versions/update: sets the description (absent → cleared, as MLflow does). */
export async function updateModelVersion(
  input: { name: string; version: string | number; description?: string | null },
  tx: Tx = db,
): Promise<ModelVersionRecord> {
  validateLength("description", input.description, 5000);
  const { id } = await modelVersionIdOrThrow(input.name, input.version, tx);
  await tx.modelVersion.update({ where: { id }, data: { description: input.description ?? null, lastUpdatedTimestamp: nowMs() } });
  return (await getModelVersionById(id, tx))!;
}

/** model-versions/delete: removes the version, its tags, aliases, prompt row and links. */
export async function deleteModelVersion(name: string, version: string | number, tx: Tx = db): Promise<void> {
  await inTransaction(tx, async (tx) => {
    const { id } = await modelVersionIdOrThrow(name, version, tx);
    const mv = await tx.modelVersion.delete({ where: { id }, select: { registeredModelId: true } });
    await tx.registeredModel.update({ where: { id: mv.registeredModelId }, data: { lastUpdatedTimestamp: nowMs() } });
  });
}

/** MLflow's get_canonical_stage: case-insensitive, canonical spelling out. */
export function canonicalStage(stage: string): ModelVersionStage {
  const s = MODEL_VERSION_STAGES.find((x) => x.toLowerCase() === stage.toLowerCase());
  if (!s) throw invalidParam(`Invalid Model Version stage: ${stage}. Value must be one of ${MODEL_VERSION_STAGES.join(", ")}.`);
  return s;
}

/** model-versions/transition-stage (deprecated in MLflow, kept). */
export async function transitionModelVersionStage(
  input: { name: string; version: string | number; stage: string; archiveExistingVersions?: boolean },
  tx: Tx = db,
): Promise<ModelVersionRecord> {
  const stage = canonicalStage(input.stage);
  if (input.archiveExistingVersions && stage !== "Staging" && stage !== "Production") {
    throw invalidParam(
      `Model version transition cannot archive existing model versions because '${input.stage}' is not an Active stage. Valid stages are ['Staging', 'Production']`,
    );
  }
  return inTransaction(tx, async (tx) => {
    const { id } = await modelVersionIdOrThrow(input.name, input.version, tx);
    const now = nowMs();
    const mv = await tx.modelVersion.update({ where: { id }, data: { currentStage: stage, lastUpdatedTimestamp: now }, select: { registeredModelId: true } });
    if (input.archiveExistingVersions) {
      await tx.modelVersion.updateMany({
        where: { registeredModelId: mv.registeredModelId, currentStage: stage, id: { not: id } },
        data: { currentStage: "Archived", lastUpdatedTimestamp: now },
      });
    }
    await tx.registeredModel.update({ where: { id: mv.registeredModelId }, data: { lastUpdatedTimestamp: now } });
    return (await getModelVersionById(id, tx))!;
  });
}

/**
 * model-versions/set-tag. On a prompt version the reserved prompt tags update the
 * prompt_versions columns (`mlflow.prompt.text` re-extracts the variables).
 */
export async function setModelVersionTag(name: string, version: string | number, key: string, value: string, tx: Tx = db): Promise<void> {
  await inTransaction(tx, async (tx) => {
    const { id } = await modelVersionIdOrThrow(name, version, tx);
    const pv = await tx.promptVersion.findUnique({ where: { modelVersionId: id }, select: { modelVersionId: true } });
    validateVersionTag(key, value, pv !== null);
    if (pv && PROMPT_COLUMN_TAGS.has(key)) {
      await tx.promptVersion.update({ where: { modelVersionId: id }, data: promptColumnUpdate(key, value) });
      return;
    }
    if (!pv && key === IS_PROMPT_TAG_KEY) {
      throw invalidParam(`Name \`${name}\` is registered as a model, not a prompt. A model version cannot be marked as a prompt version.`);
    }
    await tx.modelVersionTag.upsert({
      where: { modelVersionId_key: { modelVersionId: id, key } },
      create: { modelVersionId: id, key, value },
      update: { value },
    });
  });
}

function promptColumnUpdate(key: string, value: string | null): Prisma.PromptVersionUpdateInput {
  switch (key) {
    case PROMPT_TEXT_TAG_KEY:
      return { template: value ?? "", variables: extractVariables(value ?? "") };
    case PROMPT_TYPE_TAG_KEY:
      return { promptTypeRaw: value, promptType: value === "chat" ? "chat" : "text" };
    case RESPONSE_FORMAT_TAG_KEY:
      return { responseFormatRaw: value, responseFormat: parseJsonOrNull(value) ?? Prisma.DbNull };
    case PROMPT_MODEL_CONFIG_TAG_KEY:
      return { modelConfigRaw: value, modelConfig: parseJsonOrNull(value) ?? Prisma.DbNull };
    default:
      return {};
  }
}

/** model-versions/delete-tag (a missing tag is fine, as in MLflow). */
export async function deleteModelVersionTag(name: string, version: string | number, key: string, tx: Tx = db): Promise<void> {
  validateKey("key", key);
  await inTransaction(tx, async (tx) => {
    const { id } = await modelVersionIdOrThrow(name, version, tx);
    const pv = await tx.promptVersion.findUnique({ where: { modelVersionId: id }, select: { modelVersionId: true } });
    if (pv && PROMPT_COLUMN_TAGS.has(key)) {
      if (key === PROMPT_TEXT_TAG_KEY) throw invalidParam(`The template ('${PROMPT_TEXT_TAG_KEY}') of a prompt version cannot be deleted.`);
      if (key !== IS_PROMPT_TAG_KEY) await tx.promptVersion.update({ where: { modelVersionId: id }, data: promptColumnUpdate(key, null) });
      return;
    }
    await tx.modelVersionTag.deleteMany({ where: { modelVersionId: id, key } });
  });
}

/**
 * model-versions/get-download-uri: a `models:/<model_id>` source resolves to the logged model's
 * artifact URI, `models:/<name>/<version>` / `models:/<name>@<alias>` to that version's; any
 * other source is returned as is.
 */
export async function getModelVersionDownloadUri(name: string, version: string | number, tx: Tx = db, depth = 0): Promise<string> {
  const mv = await getModelVersionOrThrow(name, version, tx);
  const source = mv.source ?? "";
  const modelId = loggedModelIdOfSource(source);
  if (modelId) {
    const m = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { artifactUri: true } });
    return m?.artifactUri ?? source;
  }
  const ref = /^models:\/([^/@]+)(?:\/(\d+)|@([\w-]+))\/?$/i.exec(source);
  if (ref && depth < 5) {
    let v: number | null = ref[2] ? Number(ref[2]) : null;
    if (v === null) {
      const a = await tx.registeredModelAlias.findFirst({ where: { alias: ref[3], registeredModel: { name: ref[1] } }, select: { modelVersion: { select: { version: true } } } });
      v = a?.modelVersion.version ?? null;
    }
    if (v !== null && (await findModelVersionId(ref[1], v, tx)) !== null) return getModelVersionDownloadUri(ref[1], v, tx, depth + 1);
  }
  return source;
}

// ───────────────────────────── Search (spec §7.4) ─────────────────────────────

export const SEARCH_MODEL_VERSIONS_DEFAULT_MAX_RESULTS = 200_000;
export const SEARCH_MODEL_VERSIONS_MAX_RESULTS = 200_000;

/** Reserved prompt-version tags searchable through their columns. */
const PROMPT_TAG_COLUMNS: Record<string, Prisma.Sql> = {
  [PROMPT_TEXT_TAG_KEY]: Prisma.sql`pv.template`,
  [PROMPT_TYPE_TAG_KEY]: Prisma.sql`pv.prompt_type_raw`,
  [RESPONSE_FORMAT_TAG_KEY]: Prisma.sql`pv.response_format_raw`,
  [PROMPT_MODEL_CONFIG_TAG_KEY]: Prisma.sql`pv.model_config_raw`,
};

/** The virtual is_prompt tag value: 'true' for prompts, 'false' otherwise (a missing tag counts as 'false'). */
export const isPromptTagValue = (flag: Prisma.Sql) => Prisma.sql`(CASE WHEN ${flag} THEN 'true' ELSE 'false' END)`;

/**
 * MLflow returns prompts only when the filter asks for them (`is_prompt = 'true'` or
 * `!= 'false'`); otherwise they are excluded.
 */
export function isQueryingPrompts(clauses: Clause[]): boolean {
  const c = clauses.find((c) => c.type === "tag" && c.key === IS_PROMPT_TAG_KEY);
  if (!c || typeof c.value !== "string") return false;
  const v = c.value.toLowerCase();
  return (c.comparator === "=" && v === "true") || (c.comparator === "!=" && v === "false");
}

function maxResultsOf(maxResults: number | undefined, def: number, limit: number): number {
  const n = maxResults ?? def;
  if (!Number.isInteger(n) || n < 1) throw invalidParam(`Invalid value for max_results. It must be a positive integer, but got ${n}`);
  if (n > limit) throw invalidParam(`Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${n}`);
  return n;
}
export { maxResultsOf as validateMaxResults };

/** model-versions/search. Prompt versions only when the filter asks for is_prompt = 'true'. */
export async function searchModelVersions(
  input: SearchModelVersionsInput = {},
  tx: Tx = db,
): Promise<{ modelVersions: ModelVersionRecord[]; nextPageToken?: string }> {
  const maxResults = maxResultsOf(input.maxResults, SEARCH_MODEL_VERSIONS_DEFAULT_MAX_RESULTS, SEARCH_MODEL_VERSIONS_MAX_RESULTS);
  const clauses = parseFilter(input.filter, MODEL_VERSION_GRAMMAR);
  const where: Prisma.Sql[] = [];
  for (const c of clauses) {
    if (c.type === "attribute") {
      if (c.key === "version_number") where.push(compileNumericComparison(Prisma.sql`mv.version`, c.comparator, c.value as number, "bigint"));
      else {
        const col = { name: Prisma.sql`rm.name`, run_id: Prisma.sql`mv.run_id`, source_path: Prisma.sql`mv.source` }[c.key];
        if (!col) throw invalidParam(`Invalid attribute name: ${c.key}`);
        where.push(compileStringComparison(col, c.comparator, c.value as string | string[]));
      }
    } else if (c.type === "tag") {
      if (c.key === IS_PROMPT_TAG_KEY) where.push(compileStringComparison(isPromptTagValue(Prisma.sql`rm.is_prompt`), c.comparator, c.value as string));
      else if (PROMPT_TAG_COLUMNS[c.key]) where.push(compileStringComparison(PROMPT_TAG_COLUMNS[c.key], c.comparator, c.value as string));
      else {
        where.push(Prisma.sql`EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_version_id = mv.id AND t.key = ${c.key}
          AND ${compileStringComparison(Prisma.sql`t.value`, c.comparator, c.value as string)})`);
      }
    } else {
      throw invalidParam(`Invalid token type: ${c.type}`);
    }
  }
  if (!isQueryingPrompts(clauses)) where.push(Prisma.sql`NOT rm.is_prompt`);

  const orderBy = input.orderBy?.length ? input.orderBy : ["last_updated_timestamp DESC", "name ASC", "version_number DESC"];
  const order: Prisma.Sql[] = [];
  const seen = new Set<string>();
  const columns: Record<string, Prisma.Sql> = {
    name: Prisma.sql`rm.name`,
    version_number: Prisma.sql`mv.version`,
    creation_timestamp: Prisma.sql`mv.creation_timestamp`,
    last_updated_timestamp: Prisma.sql`mv.last_updated_timestamp`,
  };
  for (const expr of orderBy) {
    const o = parseOrderBy(expr, MODEL_VERSION_GRAMMAR);
    const col = o.type === "attribute" ? columns[o.key] : undefined;
    if (!col) throw invalidParam(`Invalid order by key '${o.key}' specified. Valid keys are ${Object.keys(columns).join(", ")}`);
    if (seen.has(o.key)) throw invalidParam(`\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
    seen.add(o.key);
    order.push(o.ascending ? Prisma.sql`${col} ASC` : Prisma.sql`${col} DESC`);
  }
  if (!seen.has("name")) order.push(Prisma.sql`rm.name ASC`);
  if (!seen.has("version_number")) order.push(Prisma.sql`mv.version DESC`);

  const queryKey = pageQueryKey({ kind: "model-versions", filter: input.filter ?? "", orderBy });
  const offset = decodePageToken(input.pageToken, queryKey);
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT mv.id FROM model_versions mv
    JOIN registered_models rm ON rm.id = mv.registered_model_id
    LEFT JOIN prompt_versions pv ON pv.model_version_id = mv.id
    WHERE ${andAll(where)}
    ORDER BY ${Prisma.join(order)}
    LIMIT ${maxResults + 1} OFFSET ${offset}`;
  const ids = rows.slice(0, maxResults).map((r) => r.id);
  return {
    modelVersions: await loadModelVersionRecords(ids, tx),
    nextPageToken: rows.length > maxResults ? encodePageToken(offset + maxResults, queryKey) : undefined,
  };
}
