import "server-only";
import { authenticatedUsername, creatorPrincipal, requireRegisteredModel, requireSignedIn } from "@/lib/domain/auth/authorize";
import { grantToCreator } from "@/lib/domain/auth/grants";
import { forgetLocally } from "@/lib/domain/auth/cache";
import { db, Prisma, type Tx } from "@/lib/db";
import { alreadyExists, invalidParam, isUniqueViolation } from "@/lib/errors";
import type { CreateRegisteredModelInput, RegistryTag } from "@/lib/schemas/registry";
import { validateKey, validateLength, validateRegistryTag, pyRepr } from "@/lib/domain/validation";
import { IS_PROMPT_TAG_KEY, PROMPT_NAME_RULE } from "@/lib/domain/prompts/template";
import { inTransaction, readAll } from "@/lib/domain/tx";
import {
  type ModelVersionRecord,
  dedupeTags,
  findRegisteredModelRow,
  loadModelVersionRecords,
  nowMs,
  registeredModelRowOrThrow,
  validateModelName,
} from "@/lib/domain/registry/records";
import { canonicalStage } from "@/lib/domain/registry/model-versions";

// Registered models (docs/mlflow-compatibility.md#model-registry) — and prompts, which are registered models with is_prompt
// (docs/mlflow-compatibility.md#prompts): the flag is a column set from the `mlflow.prompt.is_prompt` tag, which is never
// stored as a tag row; the wire mapper emits it back. Aliases are in aliases.ts, search in
// search.ts.

export interface RegisteredModelRecord {
  id: number;
  name: string;
  isPrompt: boolean;
  description: string | null;
  userId: string | null;
  creationTimestamp: bigint;
  lastUpdatedTimestamp: bigint;
  /** User tags (not `mlflow.prompt.is_prompt`). */
  tags: RegistryTag[];
  aliases: { alias: string; version: number }[];
  /** Latest version per stage (MLflow's `latest_versions`). */
  latestVersions: ModelVersionRecord[];
}

const RM_INCLUDE = {
  tags: { select: { key: true, value: true }, orderBy: { key: "asc" } },
  aliases: { select: { alias: true, modelVersion: { select: { version: true } } }, orderBy: { alias: "asc" } },
} satisfies Prisma.RegisteredModelInclude;

/** Latest version row id per (registered model, stage). */
async function latestVersionIds(rmIds: number[], tx: Tx, stages?: string[]): Promise<{ id: number; rmId: number }[]> {
  if (rmIds.length === 0) return [];
  const stageFilter = stages ? Prisma.sql`AND current_stage = ANY(${stages}::text[])` : Prisma.empty;
  const rows = await tx.$queryRaw<{ id: number; registered_model_id: number }[]>`
    SELECT DISTINCT ON (registered_model_id, current_stage) id, registered_model_id FROM model_versions
    WHERE registered_model_id = ANY(${rmIds}::int[]) ${stageFilter}
    ORDER BY registered_model_id, current_stage, version DESC`;
  return rows.map((r) => ({ id: r.id, rmId: r.registered_model_id }));
}

/** Registered-model records by row id, in the order of `ids`. */
export async function loadRegisteredModelRecords(ids: number[], tx: Tx = db): Promise<RegisteredModelRecord[]> {
  if (ids.length === 0) return [];
  const [rows, latest] = await readAll(tx, [
    () => tx.registeredModel.findMany({ where: { id: { in: ids } }, include: RM_INCLUDE }),
    () => latestVersionIds(ids, tx),
  ] as const);
  const versions = await loadModelVersionRecords(latest.map((l) => l.id), tx);
  const versionsByRm = new Map<number, ModelVersionRecord[]>();
  for (const v of versions.sort((a, b) => a.version - b.version)) {
    const list = versionsByRm.get(v.registeredModelId) ?? [];
    list.push(v);
    versionsByRm.set(v.registeredModelId, list);
  }
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        isPrompt: r.isPrompt,
        description: r.description,
        userId: r.userId,
        creationTimestamp: r.creationTimestamp,
        lastUpdatedTimestamp: r.lastUpdatedTimestamp,
        tags: r.tags,
        aliases: r.aliases.map((a) => ({ alias: a.alias, version: a.modelVersion.version })),
        latestVersions: versionsByRm.get(r.id) ?? [],
      } satisfies RegisteredModelRecord,
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((r): r is RegisteredModelRecord => r !== undefined);
}

// ───────────────────────────── Validation ─────────────────────────────

export function validatePromptName(name: string): void {
  if (!PROMPT_NAME_RULE.test(name)) {
    throw invalidParam("Prompt name can only contain alphanumeric characters, hyphens, underscores, and dots.");
  }
}

/** MLflow's `handle_resource_already_exist_error` wording. */
function nameTaken(name: string, existingIsPrompt: boolean, newIsPrompt: boolean) {
  const existing = existingIsPrompt ? "Prompt" : "Registered Model";
  const wanted = newIsPrompt ? "Prompt" : "Registered Model";
  if (existing !== wanted) {
    return alreadyExists(
      `Tried to create a ${wanted.toLowerCase()} with name ${pyRepr(name)}, but the name is already taken by a ${existing.toLowerCase()}. MLflow does not allow creating a model and a prompt with the same name.`,
    );
  }
  return alreadyExists(`${wanted} (name=${name}) already exists.`);
}

export const isTrue = (v: string | undefined) => v !== undefined && v.toLowerCase() === "true";

// ───────────────────────────── CRUD ─────────────────────────────

export async function getRegisteredModel(name: string, tx: Tx = db): Promise<RegisteredModelRecord | null> {
  validateModelName(name);
  await requireRegisteredModel(name, "READ", tx);
  const row = await findRegisteredModelRow(name, tx);
  if (!row) return null;
  const [rec] = await loadRegisteredModelRecords([row.id], tx);
  return rec ?? null;
}

export async function getRegisteredModelOrThrow(name: string, tx: Tx = db): Promise<RegisteredModelRecord> {
  await requireRegisteredModel(name, "READ", tx);
  const row = await registeredModelRowOrThrow(name, tx);
  return (await loadRegisteredModelRecords([row.id], tx))[0];
}

/**
 * registered-models/create. The tag `mlflow.prompt.is_prompt=true` makes it a prompt (prompt
 * names follow MLflow's prompt rule). An existing name → RESOURCE_ALREADY_EXISTS with MLflow's
 * wording, including the prompt/model clash message.
 */
export async function createRegisteredModel(input: CreateRegisteredModelInput, tx: Tx = db): Promise<RegisteredModelRecord> {
  await requireSignedIn();
  const creator = await creatorPrincipal();
  const author = await authenticatedUsername();
  if (author) input = { ...input, userId: author };
  const name = validateModelName(input.name);
  const tags = dedupeTags(input.tags);
  for (const t of tags) validateRegistryTag("", t.key, t.value);
  validateLength("description", input.description, 5000);
  const isPrompt = isTrue(tags.find((t) => t.key === IS_PROMPT_TAG_KEY)?.value);
  if (isPrompt) validatePromptName(name);

  const existing = await findRegisteredModelRow(name, tx);
  if (existing) throw nameTaken(name, existing.isPrompt, isPrompt);
  const now = nowMs();
  let id: number;
  try {
    ({ id } = await inTransaction(tx, async (t) => {
      const created = await t.registeredModel.create({
      data: {
        name,
        isPrompt,
        description: input.description ?? null,
        userId: input.userId ?? null,
        creationTimestamp: now,
        lastUpdatedTimestamp: now,
        tags: { create: tags.filter((t) => t.key !== IS_PROMPT_TAG_KEY) },
      },
      select: { id: true },
      });
      await grantToCreator("registered_model", created.id, creator, t);
      return created;
    }));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const other = await findRegisteredModelRow(name, db);
    throw nameTaken(name, other?.isPrompt ?? false, isPrompt);
  } finally {
    if (creator !== null) forgetLocally({ principal: creator });
  }
  return (await loadRegisteredModelRecords([id], tx))[0];
}

/** registered-models/rename: versions and aliases follow (they reference the row). */
export async function renameRegisteredModel(name: string, newName: string, tx: Tx = db): Promise<RegisteredModelRecord> {
  await requireRegisteredModel(name, "EDIT", tx);
  validateModelName(newName, "new_name");
  return inTransaction(tx, async (tx) => {
    const rm = await registeredModelRowOrThrow(name, tx);
    if (rm.isPrompt) validatePromptName(newName);
    if (newName !== name && (await findRegisteredModelRow(newName, tx))) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
    const now = nowMs();
    try {
      await tx.registeredModel.update({ where: { id: rm.id }, data: { name: newName, lastUpdatedTimestamp: now } });
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
      throw e;
    }
    await tx.modelVersion.updateMany({ where: { registeredModelId: rm.id }, data: { lastUpdatedTimestamp: now } });
    return (await loadRegisteredModelRecords([rm.id], tx))[0];
  });
}

/** registered-models/update: sets the description (absent → cleared). */
export async function updateRegisteredModel(input: { name: string; description?: string | null }, tx: Tx = db): Promise<RegisteredModelRecord> {
  await requireRegisteredModel(input.name, "EDIT", tx);
  validateLength("description", input.description, 5000);
  const rm = await registeredModelRowOrThrow(input.name, tx);
  await tx.registeredModel.update({ where: { id: rm.id }, data: { description: input.description ?? null, lastUpdatedTimestamp: nowMs() } });
  return (await loadRegisteredModelRecords([rm.id], tx))[0];
}

/** registered-models/delete: versions, tags, aliases, prompt rows and links go with it. */
export async function deleteRegisteredModel(name: string, tx: Tx = db): Promise<void> {
  await requireRegisteredModel(name, "MANAGE", tx);
  const rm = await registeredModelRowOrThrow(name, tx);
  await tx.registeredModel.delete({ where: { id: rm.id } });
}

/** registered-models/get-latest-versions: latest version per requested stage (all stages when none). */
export async function getLatestVersions(name: string, stages?: string[], tx: Tx = db): Promise<ModelVersionRecord[]> {
  await requireRegisteredModel(name, "READ", tx);
  const wanted = stages?.length ? [...new Set(stages.map(canonicalStage))] : undefined;
  const rm = await registeredModelRowOrThrow(name, tx);
  const latest = await latestVersionIds([rm.id], tx, wanted);
  return (await loadModelVersionRecords(latest.map((l) => l.id), tx)).sort((a, b) => a.version - b.version);
}

async function hasVersions(rmId: number, tx: Tx) {
  return (await tx.modelVersion.count({ where: { registeredModelId: rmId } })) > 0;
}

/** Sets the prompt flag (the `mlflow.prompt.is_prompt` tag); only while there are no versions. */
async function setPromptFlag(rm: { id: number; name: string; isPrompt: boolean }, flag: boolean, tx: Tx) {
  if (flag === rm.isPrompt) return;
  if (await hasVersions(rm.id, tx)) {
    throw invalidParam(
      `Cannot ${flag ? "turn registered model" : "turn prompt"} '${rm.name}' into a ${flag ? "prompt" : "registered model"}: it already has versions.`,
    );
  }
  if (flag) validatePromptName(rm.name);
  await tx.registeredModel.update({ where: { id: rm.id }, data: { isPrompt: flag } });
}

/** registered-models/set-tag (key ≤ 250, value ≤ 5000). */
export async function setRegisteredModelTag(name: string, key: string, value: string, tx: Tx = db): Promise<void> {
  validateModelName(name);
  await requireRegisteredModel(name, "EDIT", tx);
  validateRegistryTag("", key, value);
  await inTransaction(tx, async (tx) => {
    const rm = await registeredModelRowOrThrow(name, tx);
    if (key === IS_PROMPT_TAG_KEY) return setPromptFlag(rm, isTrue(value), tx);
    await tx.registeredModelTag.upsert({
      where: { registeredModelId_key: { registeredModelId: rm.id, key } },
      create: { registeredModelId: rm.id, key, value },
      update: { value },
    });
  });
}

/** registered-models/delete-tag (a missing tag is fine, as in MLflow). */
export async function deleteRegisteredModelTag(name: string, key: string, tx: Tx = db): Promise<void> {
  validateModelName(name);
  await requireRegisteredModel(name, "EDIT", tx);
  validateKey("key", key);
  await inTransaction(tx, async (tx) => {
    const rm = await registeredModelRowOrThrow(name, tx);
    if (key === IS_PROMPT_TAG_KEY) return setPromptFlag(rm, false, tx);
    await tx.registeredModelTag.deleteMany({ where: { registeredModelId: rm.id, key } });
  });
}
