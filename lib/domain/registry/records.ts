import "server-only";
import { requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import type { ModelVersionStatus } from "@/lib/generated/prisma/client";
import type { RegistryTag } from "@/lib/schemas/registry";
import { validateLength } from "@/lib/domain/validation";

// The model registry and the prompt registry built on it (docs/mlflow-compatibility.md#model-registry, #prompts): what a model version
// is as the rest of the code sees it, its loader, and the name/version lookups every registry
// function starts with. A version of a prompt (a registered model with is_prompt) is a
// model_versions row plus a prompt_versions row; the reserved prompt tags are columns there,
// never model_version_tags rows, and lib/mlflow/registry.ts emits them back as tags.
//
// The registry files answer one question each: registered-models.ts (registered-model CRUD and
// tags), model-versions.ts (version CRUD, stages, tags, download URI), aliases.ts, search.ts
// (registered-models/search and model-versions/search), version-source.ts (is this source
// allowed?) and prompt-columns.ts (reserved prompt tags ↔ prompt_versions columns).

// ───────────────────────────── Records ─────────────────────────────

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

// ───────────────────────────── Lookups shared by the registry files ─────────────────────────────

export const nowMs = () => BigInt(Date.now());

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

export async function modelVersionIdOrThrow(name: string, version: string | number, tx: Tx): Promise<{ id: number; version: number }> {
  validateModelName(name);
  const v = parseVersion(version);
  const id = await findModelVersionId(name, v, tx);
  if (id === null) throw modelVersionNotFound(name, v);
  return { id, version: v };
}

/** Last value wins for a repeated key, as MLflow's dict does. */
export function dedupeTags(tags: readonly { key: string; value?: string | null }[] | undefined): RegistryTag[] {
  const m = new Map<string, string>();
  for (const t of tags ?? []) m.set(t.key, t.value ?? "");
  return [...m].map(([key, value]) => ({ key, value }));
}

// ───────────────────────────── Reads ─────────────────────────────

export async function getModelVersion(name: string, version: string | number, tx: Tx = db): Promise<ModelVersionRecord | null> {
  validateModelName(name);
  await requireRegisteredModel(name, "READ", tx);
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

/** The model-version record by row id. No permission check: for domain code that checked the model. */
export async function getModelVersionById(id: number, tx: Tx = db): Promise<ModelVersionRecord | null> {
  const [rec] = await loadModelVersionRecords([id], tx);
  return rec ?? null;
}
