import "server-only";
import { authenticatedUsername, requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import type { CreateModelVersionInput, ModelVersionStage } from "@/lib/schemas/registry";
import { MODEL_VERSION_STAGES } from "@/lib/schemas/registry";
import { validateKey, validateLength } from "@/lib/domain/validation";
import { IS_PROMPT_TAG_KEY, PROMPT_TEXT_TAG_KEY, pythonJsonDumps } from "@/lib/domain/prompts/template";
import { backfillPromptVersionLinks, syncModelVersionPromptLinks } from "@/lib/domain/prompts/links";
import { inTransaction } from "@/lib/domain/tx";
import {
  type ModelVersionRecord,
  dedupeTags,
  findModelVersionId,
  getModelVersionById,
  getModelVersionOrThrow,
  loadModelVersionRecords,
  modelVersionIdOrThrow,
  nowMs,
  registeredModelRowOrThrow,
  validateModelName,
} from "@/lib/domain/registry/records";
import { PROMPT_COLUMN_TAGS, promptColumnsFromTags, promptColumnUpdate, validateVersionTag } from "@/lib/domain/registry/prompt-columns";
import { loggedModelIdOfSource, validateSource } from "@/lib/domain/registry/version-source";

// Model-version writes (docs/mlflow-compatibility.md#model-registry, #prompts): create (prompt versions included), update, delete,
// stage transitions, tags, and get-download-uri. Reads are in records.ts, search in search.ts.

/**
 * model-versions/create. Version = highest ever + 1; status READY at once (the client would
 * otherwise poll). For a prompt: the reserved tags become the prompt_versions row, and links
 * from runs / logged models whose `mlflow.linkedPrompts` already name this version are
 * back-filled. With a model_id: the version inherits the logged model's prompt links, and the
 * logged model's `mlflow.modelVersions` tag records the registration.
 */
export async function createModelVersion(input: CreateModelVersionInput, tx: Tx = db): Promise<ModelVersionRecord> {
  const name = validateModelName(input.name);
  await requireRegisteredModel(name, "EDIT", tx);
  // Signed in: the version (a prompt version's author too) is the authenticated user's.
  const author = await authenticatedUsername();
  if (author) input = { ...input, userId: author };
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
  // the version as a number, as MLflow's server writes it (set_model_versions_tags: `[{"name": "m", "version": 1}]`)
  const entry = { name, version };
  if (!list.some((e) => typeof e === "object" && e !== null && (e as { name?: unknown }).name === name && String((e as { version?: unknown }).version) === String(version))) {
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
  await requireRegisteredModel(input.name, "EDIT", tx);
  validateLength("description", input.description, 5000);
  const { id } = await modelVersionIdOrThrow(input.name, input.version, tx);
  await tx.modelVersion.update({ where: { id }, data: { description: input.description ?? null, lastUpdatedTimestamp: nowMs() } });
  return (await getModelVersionById(id, tx))!;
}

/** model-versions/delete: removes the version, its tags, aliases, prompt row and links. */
export async function deleteModelVersion(name: string, version: string | number, tx: Tx = db): Promise<void> {
  await requireRegisteredModel(name, "MANAGE", tx);
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
  await requireRegisteredModel(input.name, "EDIT", tx);
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
  await requireRegisteredModel(name, "EDIT", tx);
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

/** model-versions/delete-tag (a missing tag is fine, as in MLflow). */
export async function deleteModelVersionTag(name: string, version: string | number, key: string, tx: Tx = db): Promise<void> {
  await requireRegisteredModel(name, "MANAGE", tx); // MLflow's asymmetry: deleting a version tag needs MANAGE
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
  await requireRegisteredModel(name, "READ", tx);
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
