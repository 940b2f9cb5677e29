import "server-only";
import { requireExperiment, requireLoggedModel } from "@/lib/domain/auth/authorize";
import { randomInt, randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { assertExperimentActive, getExperimentOrThrow } from "@/lib/domain/experiments";
import { LINKED_PROMPTS_TAG, syncLoggedModelPromptLinks } from "@/lib/domain/prompts/links";
import { inTransaction } from "@/lib/domain/tx";
import { validateLength, validateParam, validateRunTag } from "@/lib/domain/validation";
import {
  assertModelExists,
  getLoggedModelOrThrow,
  modelNotFound,
  type CreateLoggedModelInput,
  type KeyValue,
  type LoggedModelRecord,
  type LoggedModelStatus,
} from "@/lib/domain/logged-models/records";

// Logged-model writes: create (PENDING, artifacts under the experiment's location), finalize,
// soft delete, tags (`mlflow.linkedPrompts` re-links prompt versions) and immutable params.

const now = () => BigInt(Date.now());

// ───────────────────────────── Validation ─────────────────────────────

const BAD_NAME_CHARS = ["/", ":", ".", "%", '"', "'"];

/** MLflow's `_validate_logged_model_name`: non-empty, none of / : . % " ' . */
export function validateLoggedModelName(name: string | undefined): void {
  if (name === undefined) return;
  if (name === "" || BAD_NAME_CHARS.some((c) => name.includes(c))) {
    throw invalidParam(
      `Invalid model name ('${name}') provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '"', "'")`,
    );
  }
  validateLength("name", name, 500);
}

/** Validates and de-duplicates params (same key twice with different values is refused). */
function checkParams(params: { key: string; value?: string | null }[], path = "params"): KeyValue[] {
  const out = new Map<string, string>();
  params.forEach((p, i) => {
    const v = validateParam(`${path}[${i}]`, p.key, p.value);
    const prev = out.get(v.key);
    if (prev !== undefined && prev !== v.value) {
      throw invalidParam(`Duplicate parameter keys have been submitted: ['${v.key}']. Please ensure the request contains only one param value per param key.`);
    }
    out.set(v.key, v.value);
  });
  return [...out].map(([key, value]) => ({ key, value }));
}

/** Validates tags; a key repeated in one request keeps its last value. */
function checkTags(tags: { key: string; value?: string | null }[], path = "tags"): KeyValue[] {
  const out = new Map<string, string>();
  tags.forEach((t, i) => {
    const v = validateRunTag(`${path}[${i}]`, t.key, t.value);
    out.set(v.key, v.value);
  });
  return [...out].map(([key, value]) => ({ key, value }));
}

// MLflow names unnamed models "<adjective>-<noun>-<0..999>".
const ADJECTIVES = "able bold brave bright calm clever crisp dapper eager fair fancy gentle glad grand honest jolly keen kind lively lucky merry mighty nimble noble polite proud quick quiet rare royal sassy sharp shiny silent smart sunny swift tidy upbeat vivid wise witty zealous".split(" ");
const NOUNS = "ant ape bass bat bear bee bird boar calf carp cat colt crab crow deer doe dog dove duck eel elk finch fish flea fox frog gnat goat hare hawk hen horse jay koi lamb lark lion lynx mole moth mouse newt owl ox panda pig pug ram rat robin seal shark sheep skunk slug snail snake squid stag swan toad trout whale wolf worm wren yak".split(" ");
export const generateModelName = () =>
  `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;

/** `<base>/models/<id>/artifacts` (MLflow's append_to_uri_path). */
function modelArtifactUri(experimentLocation: string, modelId: string): string {
  return `${experimentLocation.replace(/\/+$/, "")}/models/${modelId}/artifacts`;
}

// ───────────────────────────── Writes ─────────────────────────────

async function upsertTags(tx: Tx, modelId: string, tags: KeyValue[]): Promise<void> {
  if (tags.length === 0) return;
  await tx.$executeRaw`INSERT INTO logged_model_tags (model_id, key, value)
    SELECT ${modelId}, k, v FROM unnest(${tags.map((t) => t.key)}::text[], ${tags.map((t) => t.value)}::text[]) AS t(k, v)
    ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value`;
  const linked = tags.find((t) => t.key === LINKED_PROMPTS_TAG);
  if (linked) await syncLoggedModelPromptLinks(tx, modelId, linked.value);
}

async function insertParams(tx: Tx, modelId: string, params: KeyValue[]): Promise<void> {
  if (params.length === 0) return;
  const keys = params.map((p) => p.key);
  const values = params.map((p) => p.value);
  // Params are immutable: re-logging the same value is a no-op, a different value is refused.
  const conflicts = await tx.$queryRaw<{ key: string; old: string; new: string }[]>`
    SELECT p.key, p.value AS old, t.v AS new FROM logged_model_params p
    JOIN unnest(${keys}::text[], ${values}::text[]) AS t(k, v) ON t.k = p.key
    WHERE p.model_id = ${modelId} AND p.value <> t.v`;
  if (conflicts.length) {
    const c = conflicts[0];
    throw invalidParam(
      `Changing param values is not allowed. Param with key='${c.key}' was already logged with value='${c.old}' for logged model ID='${modelId}'. Attempted logging new value '${c.new}'.`,
    );
  }
  await tx.$executeRaw`INSERT INTO logged_model_params (model_id, key, value)
    SELECT ${modelId}, k, v FROM unnest(${keys}::text[], ${values}::text[]) AS t(k, v)
    ON CONFLICT (model_id, key) DO NOTHING`;
}

/** POST logged-models: a PENDING model whose artifacts live under the experiment's location. */
export async function createLoggedModel(input: CreateLoggedModelInput, tx: Tx = db): Promise<LoggedModelRecord> {
  await requireExperiment(input.experimentId, "EDIT");
  validateLoggedModelName(input.name);
  if (input.modelType !== undefined) validateLength("model_type", input.modelType, 500);
  if (input.sourceRunId !== undefined && input.sourceRunId.length > 32) {
    throw invalidParam(`Invalid value '${input.sourceRunId}' for parameter 'source_run_id' supplied: not a run ID.`);
  }
  const params = checkParams(input.params ?? []);
  const tags = checkTags(input.tags ?? []);
  const experiment = await getExperimentOrThrow(input.experimentId, tx);
  assertExperimentActive(experiment);
  const modelId = `m-${randomUUID().replaceAll("-", "")}`;
  const time = now();
  await inTransaction(tx, async (t) => {
    await t.loggedModel.create({
      data: {
        id: modelId,
        experimentId: Number(experiment.experimentId),
        name: input.name || generateModelName(),
        artifactUri: modelArtifactUri(experiment.artifactLocation, modelId),
        creationTimestampMs: time,
        lastUpdatedTimestampMs: time,
        status: "LOGGED_MODEL_PENDING",
        modelType: input.modelType || null,
        sourceRunId: input.sourceRunId || null,
      },
    });
    await insertParams(t, modelId, params);
    await upsertTags(t, modelId, tags);
  });
  return getLoggedModelOrThrow(modelId, {}, tx);
}

/** PATCH logged-models/{id}: sets the final status (READY or UPLOAD_FAILED) and last-updated. */
export async function finalizeLoggedModel(modelId: string, status: LoggedModelStatus, tx: Tx = db): Promise<LoggedModelRecord> {
  await requireLoggedModel(modelId, "EDIT", tx);
  if (status === "LOGGED_MODEL_STATUS_UNSPECIFIED") {
    throw invalidParam(`Invalid value 'LOGGED_MODEL_STATUS_UNSPECIFIED' for parameter 'status' supplied. Use LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED.`);
  }
  const n = await tx.$executeRaw`UPDATE logged_models SET status = ${status}::logged_model_status, last_updated_timestamp_ms = ${now()} WHERE id = ${modelId}`;
  if (n === 0) throw modelNotFound(modelId);
  return getLoggedModelOrThrow(modelId, { allowDeleted: true }, tx);
}

/** DELETE logged-models/{id}: soft delete. */
export async function deleteLoggedModel(modelId: string, tx: Tx = db): Promise<void> {
  await requireLoggedModel(modelId, "MANAGE", tx);
  const n = await tx.$executeRaw`UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ${now()} WHERE id = ${modelId}`;
  if (n === 0) throw modelNotFound(modelId);
}

/** PATCH logged-models/{id}/tags: upsert; `mlflow.linkedPrompts` re-links prompt versions. */
export async function setLoggedModelTags(modelId: string, tags: { key: string; value?: string | null }[], tx: Tx = db): Promise<void> {
  await requireLoggedModel(modelId, "EDIT", tx);
  const checked = checkTags(tags);
  await inTransaction(tx, async (t) => {
    await assertModelExists(t, modelId);
    await upsertTags(t, modelId, checked);
  });
}

/** DELETE logged-models/{id}/tags/{key}. */
export async function deleteLoggedModelTag(modelId: string, key: string, tx: Tx = db): Promise<void> {
  await requireLoggedModel(modelId, "MANAGE", tx);
  await inTransaction(tx, async (t) => {
    await assertModelExists(t, modelId);
    const n = await t.$executeRaw`DELETE FROM logged_model_tags WHERE model_id = ${modelId} AND key = ${key}`;
    if (n === 0) throw notFound(`No tag with key '${key}' found for model with ID '${modelId}'.`);
    if (key === LINKED_PROMPTS_TAG) await syncLoggedModelPromptLinks(t, modelId, null);
  });
}

/** POST logged-models/{id}/params. */
export async function logLoggedModelParams(modelId: string, params: { key: string; value?: string | null }[], tx: Tx = db): Promise<void> {
  await requireLoggedModel(modelId, "EDIT", tx);
  const checked = checkParams(params);
  await inTransaction(tx, async (t) => {
    await assertModelExists(t, modelId);
    await insertParams(t, modelId, checked);
  });
}
