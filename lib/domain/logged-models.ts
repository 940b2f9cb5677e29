import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import type { LoggedModelStatus } from "@/lib/generated/prisma/enums";
import { assertExperimentActive, getExperimentOrThrow, inTransaction, parseExperimentId } from "@/lib/domain/experiments";
import { LINKED_PROMPTS_TAG, syncLoggedModelPromptLinks } from "@/lib/domain/prompt-links";
import { LOGGED_MODEL_GRAMMAR, parseFilter, parseOrderBy, type Clause } from "@/lib/domain/search/filter";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { andAll, compileNumericComparison, compileStringComparison, orderTerms } from "@/lib/domain/search/sql";
import { validateLength, validateParam, validateRunTag } from "@/lib/domain/validation";

// MLflow 3 logged models (spec §2.4, §5): create → upload artifacts → finalize, plus tags,
// params, soft delete and search. A model's metrics are the rows runs/log-metric and
// runs/log-batch wrote to logged_model_metrics with its model_id; "latest" per (key, dataset)
// is the highest step, then the latest timestamp, then the max value (as for run metrics).

export type { LoggedModelStatus };

export interface KeyValue {
  key: string;
  value: string;
}

export interface LoggedModelMetric {
  key: string;
  value: number;
  timestamp: bigint;
  step: bigint;
  runId: string | null;
  /** "" when the metric has no dataset. */
  datasetName: string;
  datasetDigest: string;
}

export interface LoggedModelRecord {
  modelId: string;
  experimentId: string;
  name: string;
  artifactUri: string;
  creationTimestampMs: bigint;
  lastUpdatedTimestampMs: bigint;
  status: LoggedModelStatus;
  statusMessage: string | null;
  lifecycleStage: "active" | "deleted";
  modelType: string | null;
  sourceRunId: string | null;
  tags: KeyValue[];
  params: KeyValue[];
  /** Latest value per (key, dataset). */
  metrics: LoggedModelMetric[];
  /** Registered model versions built from this model. */
  registrations: { name: string; version: string }[];
}

export interface CreateLoggedModelInput {
  experimentId: string;
  name?: string;
  modelType?: string;
  sourceRunId?: string;
  params?: { key: string; value?: string | null }[];
  tags?: { key: string; value?: string | null }[];
}

const now = () => BigInt(Date.now());
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const modelNotFound = (id: string) => notFound(`Logged model with ID '${id}' not found.`);

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

// ───────────────────────────── Loading ─────────────────────────────

type MetricRow = {
  model_id: string;
  key: string;
  value: number;
  timestamp: bigint;
  step: bigint;
  run_id: string | null;
  dataset_name: string;
  dataset_digest: string;
};

/** Full records for the given ids, in that order (unknown ids skipped). A constant 5 queries. */
export async function loadLoggedModels(ids: string[], tx: Tx = db): Promise<LoggedModelRecord[]> {
  if (ids.length === 0) return [];
  const [rows, metrics, registrations] = await Promise.all([
    tx.loggedModel.findMany({ where: { id: { in: ids } }, include: { tags: true, params: true } }),
    tx.$queryRaw<MetricRow[]>`
      SELECT DISTINCT ON (model_id, key, dataset_name, dataset_digest)
             model_id, key, value, timestamp, step, run_id, dataset_name, dataset_digest
      FROM logged_model_metrics WHERE model_id = ANY(${ids}::text[])
      ORDER BY model_id, key, dataset_name, dataset_digest, step DESC, timestamp DESC, value DESC`,
    tx.$queryRaw<{ model_id: string; name: string; version: number }[]>`
      SELECT mv.model_id, rm.name, mv.version FROM model_versions mv
      JOIN registered_models rm ON rm.id = mv.registered_model_id
      WHERE mv.model_id = ANY(${ids}::text[]) ORDER BY rm.name, mv.version`,
  ]);
  const metricsBy = new Map<string, LoggedModelMetric[]>();
  for (const m of metrics) {
    const list = metricsBy.get(m.model_id) ?? [];
    list.push({
      key: m.key,
      value: Number(m.value),
      timestamp: BigInt(m.timestamp),
      step: BigInt(m.step),
      runId: m.run_id,
      datasetName: m.dataset_name,
      datasetDigest: m.dataset_digest,
    });
    metricsBy.set(m.model_id, list);
  }
  const regsBy = new Map<string, { name: string; version: string }[]>();
  for (const r of registrations) {
    const list = regsBy.get(r.model_id) ?? [];
    list.push({ name: r.name, version: String(r.version) });
    regsBy.set(r.model_id, list);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: LoggedModelRecord[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    out.push({
      modelId: r.id,
      experimentId: String(r.experimentId),
      name: r.name,
      artifactUri: r.artifactUri,
      creationTimestampMs: r.creationTimestampMs,
      lastUpdatedTimestampMs: r.lastUpdatedTimestampMs,
      status: r.status,
      statusMessage: r.statusMessage,
      lifecycleStage: r.lifecycleStage,
      modelType: r.modelType,
      sourceRunId: r.sourceRunId,
      tags: r.tags.map((t) => ({ key: t.key, value: t.value })).sort(byKey),
      params: r.params.map((p) => ({ key: p.key, value: p.value })).sort(byKey),
      metrics: metricsBy.get(id) ?? [],
      registrations: regsBy.get(id) ?? [],
    });
  }
  return out;
}

/** The model, or null when unknown (or deleted, unless `allowDeleted`). */
export async function getLoggedModel(modelId: string, opts: { allowDeleted?: boolean } = {}, tx: Tx = db): Promise<LoggedModelRecord | null> {
  const [m] = await loadLoggedModels([modelId], tx);
  if (!m || (m.lifecycleStage === "deleted" && !opts.allowDeleted)) return null;
  return m;
}

/** Like getLoggedModel, but RESOURCE_DOES_NOT_EXIST "Logged model with ID '<id>' not found.". */
export async function getLoggedModelOrThrow(modelId: string, opts: { allowDeleted?: boolean } = {}, tx: Tx = db): Promise<LoggedModelRecord> {
  const m = await getLoggedModel(modelId, opts, tx);
  if (!m) throw modelNotFound(modelId);
  return m;
}

/** Existence check used by the writers (MLflow lets them touch soft-deleted models too). */
async function assertModelExists(tx: Tx, modelId: string): Promise<void> {
  const row = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { id: true } });
  if (!row) throw modelNotFound(modelId);
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
  if (status === "LOGGED_MODEL_STATUS_UNSPECIFIED") {
    throw invalidParam(`Invalid value 'LOGGED_MODEL_STATUS_UNSPECIFIED' for parameter 'status' supplied. Use LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED.`);
  }
  const n = await tx.$executeRaw`UPDATE logged_models SET status = ${status}::logged_model_status, last_updated_timestamp_ms = ${now()} WHERE id = ${modelId}`;
  if (n === 0) throw modelNotFound(modelId);
  return getLoggedModelOrThrow(modelId, { allowDeleted: true }, tx);
}

/** DELETE logged-models/{id}: soft delete. */
export async function deleteLoggedModel(modelId: string, tx: Tx = db): Promise<void> {
  const n = await tx.$executeRaw`UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ${now()} WHERE id = ${modelId}`;
  if (n === 0) throw modelNotFound(modelId);
}

/** PATCH logged-models/{id}/tags: upsert; `mlflow.linkedPrompts` re-links prompt versions. */
export async function setLoggedModelTags(modelId: string, tags: { key: string; value?: string | null }[], tx: Tx = db): Promise<void> {
  const checked = checkTags(tags);
  await inTransaction(tx, async (t) => {
    await assertModelExists(t, modelId);
    await upsertTags(t, modelId, checked);
  });
}

/** DELETE logged-models/{id}/tags/{key}. */
export async function deleteLoggedModelTag(modelId: string, key: string, tx: Tx = db): Promise<void> {
  await inTransaction(tx, async (t) => {
    await assertModelExists(t, modelId);
    const n = await t.$executeRaw`DELETE FROM logged_model_tags WHERE model_id = ${modelId} AND key = ${key}`;
    if (n === 0) throw notFound(`No tag with key '${key}' found for model with ID '${modelId}'.`);
    if (key === LINKED_PROMPTS_TAG) await syncLoggedModelPromptLinks(t, modelId, null);
  });
}

/** POST logged-models/{id}/params. */
export async function logLoggedModelParams(modelId: string, params: { key: string; value?: string | null }[], tx: Tx = db): Promise<void> {
  const checked = checkParams(params);
  await inTransaction(tx, async (t) => {
    await assertModelExists(t, modelId);
    await insertParams(t, modelId, checked);
  });
}

// ───────────────────────────── Search ─────────────────────────────

export interface LoggedModelOrderBy {
  fieldName: string;
  ascending?: boolean;
  datasetName?: string;
  datasetDigest?: string;
}

export interface SearchLoggedModelsInput {
  experimentIds: string[];
  filter?: string;
  datasets?: { datasetName?: string; datasetDigest?: string }[];
  maxResults?: number;
  orderBy?: LoggedModelOrderBy[];
  pageToken?: string;
}

export const SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS = 50;
export const SEARCH_LOGGED_MODELS_MAX_RESULTS = 50_000;

const STATUSES = ["LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED"];
/** `READY` and `ready` also name `LOGGED_MODEL_READY`. */
function normalizeStatus(v: string): string {
  const u = v.toUpperCase();
  if (STATUSES.includes(u)) return u;
  return STATUSES.includes(`LOGGED_MODEL_${u}`) ? `LOGGED_MODEL_${u}` : v;
}

const ATTRIBUTE_COLUMNS: Record<string, { sql: Prisma.Sql; kind: "string" | "number"; nullable: boolean }> = {
  name: { sql: Prisma.sql`m.name`, kind: "string", nullable: false },
  model_id: { sql: Prisma.sql`m.id`, kind: "string", nullable: false },
  model_type: { sql: Prisma.sql`m.model_type`, kind: "string", nullable: true },
  status: { sql: Prisma.sql`m.status::text`, kind: "string", nullable: false },
  source_run_id: { sql: Prisma.sql`m.source_run_id`, kind: "string", nullable: true },
  creation_timestamp: { sql: Prisma.sql`m.creation_timestamp_ms`, kind: "number", nullable: false },
  last_updated_timestamp: { sql: Prisma.sql`m.last_updated_timestamp_ms`, kind: "number", nullable: false },
};

type DatasetFilter = { name: string; digest?: string };

function datasetCondition(alias: Prisma.Sql, datasets: DatasetFilter[]): Prisma.Sql | null {
  if (datasets.length === 0) return null;
  const ors = datasets.map((d) =>
    d.digest !== undefined
      ? Prisma.sql`(${alias}.dataset_name = ${d.name} AND ${alias}.dataset_digest = ${d.digest})`
      : Prisma.sql`${alias}.dataset_name = ${d.name}`,
  );
  return Prisma.sql`(${Prisma.join(ors, " OR ")})`;
}

function compileClause(c: Clause, datasets: DatasetFilter[]): Prisma.Sql {
  switch (c.type) {
    case "attribute": {
      const col = ATTRIBUTE_COLUMNS[c.key];
      if (!col) throw invalidParam(`Invalid attribute key '${c.key}' for a logged model search.`);
      if (col.kind === "number") return compileNumericComparison(col.sql, c.comparator, c.value as number, "bigint");
      const value = c.key === "status" ? (Array.isArray(c.value) ? c.value.map(normalizeStatus) : normalizeStatus(c.value as string)) : (c.value as string | string[]);
      return compileStringComparison(col.sql, c.comparator, value);
    }
    case "param":
      return Prisma.sql`EXISTS (SELECT 1 FROM logged_model_params p WHERE p.model_id = m.id AND p.key = ${c.key}
        AND ${compileStringComparison(Prisma.sql`p.value`, c.comparator, c.value as string)})`;
    case "tag":
      return Prisma.sql`EXISTS (SELECT 1 FROM logged_model_tags t WHERE t.model_id = m.id AND t.key = ${c.key}
        AND ${compileStringComparison(Prisma.sql`t.value`, c.comparator, c.value as string)})`;
    case "metric": {
      // The latest value of the metric per dataset (restricted to `datasets` when given).
      const ds = datasetCondition(Prisma.sql`x`, datasets);
      return Prisma.sql`EXISTS (
        SELECT 1 FROM (
          SELECT DISTINCT ON (x.dataset_name, x.dataset_digest) x.value FROM logged_model_metrics x
          WHERE x.model_id = m.id AND x.key = ${c.key} ${ds ? Prisma.sql`AND ${ds}` : Prisma.empty}
          ORDER BY x.dataset_name, x.dataset_digest, x.step DESC, x.timestamp DESC, x.value DESC
        ) lm WHERE ${compileNumericComparison(Prisma.sql`lm.value`, c.comparator, c.value as number)})`;
    }
    default:
      throw invalidParam(`Invalid filter on '${c.type}.${c.key}' for a logged model search.`);
  }
}

/** POST logged-models/search. */
export async function searchLoggedModels(
  input: SearchLoggedModelsInput,
  tx: Tx = db,
): Promise<{ models: LoggedModelRecord[]; nextPageToken?: string }> {
  const datasets: DatasetFilter[] = (input.datasets ?? []).map((d) => {
    if (!d.datasetName) throw invalidParam("`dataset_name` in the `datasets` clause must be specified.");
    return { name: d.datasetName, digest: d.datasetDigest || undefined };
  });
  const maxResults = input.maxResults || SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS;
  if (maxResults < 1 || maxResults > SEARCH_LOGGED_MODELS_MAX_RESULTS) {
    throw invalidParam(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer at most ${SEARCH_LOGGED_MODELS_MAX_RESULTS}.`,
    );
  }
  const clauses = parseFilter(input.filter, LOGGED_MODEL_GRAMMAR);
  const orderBy = input.orderBy ?? [];

  const joins: Prisma.Sql[] = [];
  const order: Prisma.Sql[] = [];
  let hasCreation = false;
  orderBy.forEach((ob, i) => {
    if (!ob.fieldName) throw invalidParam(`Missing value for required parameter 'order_by[${i}].field_name'.`);
    const parsed = parseOrderBy(ob.fieldName, LOGGED_MODEL_GRAMMAR);
    const ascending = ob.ascending ?? true;
    if (parsed.type === "attribute") {
      const col = ATTRIBUTE_COLUMNS[parsed.key];
      if (!col) throw invalidParam(`Invalid order by field name: ${ob.fieldName}`);
      if (parsed.key === "creation_timestamp") hasCreation = true;
      order.push(...orderTerms(col.sql, ascending, { nullable: col.nullable }));
    } else if (parsed.type === "metric") {
      const alias = Prisma.raw(`o${i}`);
      const conds = [Prisma.sql`x.model_id = m.id`, Prisma.sql`x.key = ${parsed.key}`];
      if (ob.datasetName) conds.push(Prisma.sql`x.dataset_name = ${ob.datasetName}`);
      if (ob.datasetDigest) conds.push(Prisma.sql`x.dataset_digest = ${ob.datasetDigest}`);
      joins.push(Prisma.sql`LEFT JOIN LATERAL (SELECT x.value FROM logged_model_metrics x WHERE ${andAll(conds)}
        ORDER BY x.step DESC, x.timestamp DESC, x.value DESC LIMIT 1) ${alias} ON TRUE`);
      order.push(...orderTerms(Prisma.sql`${alias}.value`, ascending, { nullable: true, nan: true }));
    } else {
      throw invalidParam(`Invalid order by field name: ${ob.fieldName}. Only attributes and metrics are supported.`);
    }
  });
  if (!hasCreation) order.push(Prisma.sql`m.creation_timestamp_ms DESC`);
  order.push(Prisma.sql`m.id ASC`);

  const experimentIds = input.experimentIds.map(parseExperimentId).filter((x): x is number => x !== null);
  const where: Prisma.Sql[] = [Prisma.sql`m.experiment_id = ANY(${experimentIds}::int[])`, Prisma.sql`m.lifecycle_stage = 'active'`];
  for (const c of clauses) where.push(compileClause(c, datasets));
  if (datasets.length && !clauses.some((c) => c.type === "metric")) {
    // Datasets without a metric filter: models with any metric on those datasets.
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.id AND ${datasetCondition(Prisma.sql`x`, datasets)!})`);
  }

  const queryKey = pageQueryKey({ experimentIds: input.experimentIds, filter: input.filter ?? "", datasets, orderBy });
  const offset = decodePageToken(input.pageToken, queryKey);
  if (experimentIds.length === 0) return { models: [] };
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM logged_models m ${joins.length ? Prisma.join(joins, " ") : Prisma.empty}
    WHERE ${andAll(where)}
    ORDER BY ${Prisma.join(order, ", ")}
    OFFSET ${offset} LIMIT ${maxResults + 1}`;
  const ids = rows.slice(0, maxResults).map((r) => r.id);
  const models = await loadLoggedModels(ids, tx);
  return rows.length > maxResults ? { models, nextPageToken: encodePageToken(offset + maxResults, queryKey) } : { models };
}

// ───────────────────────────── Runs ↔ models (UI) ─────────────────────────────

/**
 * The (non-deleted) logged models each run produced: outputs (runs/outputs) and models whose
 * source_run_id is the run. Keyed by run id; every requested run has an entry (maybe []).
 * Models are ordered by creation time.
 */
export async function listLoggedModelsForRuns(runIds: string[], tx: Tx = db): Promise<Record<string, LoggedModelRecord[]>> {
  const out: Record<string, LoggedModelRecord[]> = Object.fromEntries(runIds.map((id) => [id, []]));
  if (runIds.length === 0) return out;
  const pairs = await tx.$queryRaw<{ run_id: string; model_id: string }[]>`
    SELECT DISTINCT x.run_id, x.model_id, m.creation_timestamp_ms FROM (
      SELECT source_run_id AS run_id, id AS model_id FROM logged_models WHERE source_run_id = ANY(${runIds}::text[])
      UNION
      SELECT run_id, model_id FROM run_model_outputs WHERE run_id = ANY(${runIds}::text[])
    ) x JOIN logged_models m ON m.id = x.model_id AND m.lifecycle_stage = 'active'
    ORDER BY m.creation_timestamp_ms, x.model_id`;
  const models = await loadLoggedModels([...new Set(pairs.map((p) => p.model_id))], tx);
  const byId = new Map(models.map((m) => [m.modelId, m]));
  for (const p of pairs) {
    const m = byId.get(p.model_id);
    if (m) out[p.run_id]?.push(m);
  }
  return out;
}
