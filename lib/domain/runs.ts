import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { db, getDb, getPool, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { assertExperimentActive, getExperiment, inTransaction } from "@/lib/domain/experiments";
import { loadDatasetInputs, logDatasetInputs, validateDatasetInputs, type DatasetInputRecord } from "@/lib/domain/datasets";
import { LINKED_PROMPTS_TAG, syncRunPromptLinks } from "@/lib/domain/prompt-links";
import { searchRunIds } from "@/lib/domain/search/run-query";
import {
  join,
  pyRepr,
  validateBatchLimits,
  validateEntityKey,
  validateMetric,
  validateParamKeysUnique,
  validateLength,
  validateParamValue,
  validateRunIdFormat,
  validateRunName,
  validateRunTag,
} from "@/lib/domain/validation";
import type {
  CreateRunInput,
  LogBatchInput,
  LogInputsInput,
  LogOutputsInput,
  MetricInput,
  RunStatusName,
  SearchRunsInput,
  UpdateRunInput,
} from "@/lib/schemas/run";

// Runs and everything logged to them (spec §4.1). log-batch is THE write path: log-metric,
// log-parameter and set-tag are batches of one. A batch is one transaction made of a constant
// number of set-based statements (unnest arrays), whatever its size:
//   params   INSERT … ON CONFLICT DO NOTHING, then one SELECT for values that differ
//   metrics  INSERT … ON CONFLICT DO NOTHING (the primary key de-duplicates identical points)
//   latest   INSERT … DISTINCT ON (key) … ON CONFLICT DO UPDATE … WHERE (step, ts, value) is
//            newer — the row lock taken by ON CONFLICT keeps it right under concurrent writers
//   model    metrics carrying model_id also go to logged_model_metrics (existing models only)
//   tags     INSERT … ON CONFLICT DO UPDATE (last value in the request wins)
//   keys     experiment_keys INSERT … ON CONFLICT DO NOTHING
// Special tags: mlflow.runName ↔ runs.name, mlflow.parentRunId ↔ runs.parent_run_id,
// mlflow.linkedPrompts ↔ prompt_run_links (same transaction).

export const RUN_NAME_TAG = "mlflow.runName";
export const PARENT_RUN_ID_TAG = "mlflow.parentRunId";
export const LOG_MODEL_HISTORY_TAG = "mlflow.log-model.history";

export interface KeyValue {
  key: string;
  value: string;
}

export interface RunInfoRecord {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatusName;
  startTime: bigint;
  endTime: bigint | null;
  artifactUri: string;
  lifecycleStage: "active" | "deleted";
  parentRunId: string | null;
}

export interface MetricRecord {
  key: string;
  value: number;
  timestamp: bigint;
  step: bigint;
}

export interface FullRun {
  info: RunInfoRecord;
  /** metrics: the latest value per key (highest step, then latest timestamp, then max value). */
  data: { metrics: MetricRecord[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { datasets: DatasetInputRecord[]; models: { modelId: string }[] };
  outputs: { models: { modelId: string; step: bigint }[] };
}

type RunRow = Prisma.RunGetPayload<object>;

function toInfo(r: RunRow): RunInfoRecord {
  return {
    runId: r.id,
    runName: r.name,
    experimentId: String(r.experimentId),
    userId: r.userId,
    status: r.status,
    startTime: r.startTime,
    endTime: r.endTime,
    artifactUri: r.artifactUri,
    lifecycleStage: r.lifecycleStage,
    parentRunId: r.parentRunId,
  };
}

const isRootClient = (tx: Tx) => tx === db || tx === getDb();
const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const now = () => BigInt(Date.now());
const noSuchRun = (runId: string) => notFound(`Run with id=${runId} not found`);

function assertRunActive(run: { id: string; lifecycleStage: string }): void {
  if (run.lifecycleStage !== "active") {
    throw invalidParam(`The run ${run.id} must be in the 'active' state. Current state is ${run.lifecycleStage}.`);
  }
}

async function findRunRow(tx: Tx, runId: string) {
  const rows = await tx.$queryRaw<{ id: string; experimentId: number; lifecycleStage: string; name: string }[]>`
    SELECT id, experiment_id AS "experimentId", lifecycle_stage::text AS "lifecycleStage", name FROM runs WHERE id = ${runId}`;
  return rows[0] ?? null;
}

async function activeRunOrThrow(tx: Tx, runId: string) {
  const run = await findRunRow(tx, runId);
  if (!run) throw noSuchRun(runId);
  assertRunActive(run);
  return run;
}

// ───────────────────────────── reads ─────────────────────────────

/** Full runs (info, params, tags, latest metrics, inputs, outputs) in the given order; unknown ids are skipped. */
export async function loadRuns(runIds: string[], tx: Tx = db): Promise<FullRun[]> {
  const ids = [...new Set(runIds)];
  if (!ids.length) return [];
  const where = { runId: { in: ids } };
  const [runs, params, tags, metrics, datasets, modelInputs, modelOutputs] = await Promise.all([
    tx.run.findMany({ where: { id: { in: ids } } }),
    tx.param.findMany({ where, orderBy: [{ runId: "asc" }, { key: "asc" }] }),
    tx.runTag.findMany({ where, orderBy: [{ runId: "asc" }, { key: "asc" }] }),
    tx.latestMetric.findMany({ where, orderBy: [{ runId: "asc" }, { key: "asc" }] }),
    loadDatasetInputs(ids, tx),
    tx.runModelInput.findMany({ where, orderBy: [{ runId: "asc" }, { modelId: "asc" }] }),
    tx.runModelOutput.findMany({ where, orderBy: [{ runId: "asc" }, { step: "asc" }, { modelId: "asc" }] }),
  ]);
  const group = <T extends { runId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.runId);
      if (list) list.push(r);
      else m.set(r.runId, [r]);
    }
    return m;
  };
  const [p, t, m, mi, mo] = [group(params), group(tags), group(metrics), group(modelInputs), group(modelOutputs)];
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: FullRun[] = [];
  for (const id of runIds) {
    const r = byId.get(id);
    if (!r) continue;
    byId.delete(id); // a repeated id appears once
    out.push({
      info: toInfo(r),
      data: {
        metrics: (m.get(id) ?? []).map((x) => ({ key: x.key, value: x.value, timestamp: x.timestamp, step: x.step })),
        params: (p.get(id) ?? []).map((x) => ({ key: x.key, value: x.value })),
        tags: (t.get(id) ?? []).map((x) => ({ key: x.key, value: x.value })),
      },
      inputs: { datasets: datasets.get(id) ?? [], models: (mi.get(id) ?? []).map((x) => ({ modelId: x.modelId })) },
      outputs: { models: (mo.get(id) ?? []).map((x) => ({ modelId: x.modelId, step: x.step })) },
    });
  }
  return out;
}

/** The full run (deleted runs too), or null. */
export async function getRun(runId: string, tx: Tx = db): Promise<FullRun | null> {
  const [run] = await loadRuns([runId], tx);
  return run ?? null;
}

export async function getRunOrThrow(runId: string, tx: Tx = db): Promise<FullRun> {
  const run = await getRun(runId, tx);
  if (!run) throw noSuchRun(runId);
  return run;
}

/** Just the run info, or null. */
export async function getRunInfo(runId: string, tx: Tx = db): Promise<RunInfoRecord | null> {
  const row = await tx.run.findUnique({ where: { id: runId } });
  return row ? toInfo(row) : null;
}

export interface RunPage {
  runs: FullRun[];
  nextPageToken?: string;
}

/** MLflow's runs/search: filter and order_by grammar of §4.3/§4.4, opaque page tokens. */
export async function searchRuns(input: SearchRunsInput, tx: Tx = db): Promise<RunPage> {
  const page = await searchRunIds(
    {
      experimentIds: input.experimentIds,
      filter: input.filter,
      runViewType: input.runViewType ?? "ACTIVE_ONLY",
      orderBy: input.orderBy,
      maxResults: input.maxResults,
      pageToken: input.pageToken,
    },
    tx,
  );
  const runs = await loadRuns(page.runIds, tx);
  return page.nextPageToken ? { runs, nextPageToken: page.nextPageToken } : { runs };
}

// ───────────────────────────── run names ─────────────────────────────

const ADJECTIVES = [
  "amber", "bold", "brave", "bright", "calm", "clever", "cosmic", "crisp", "curious", "daring", "eager", "fancy",
  "gentle", "glowing", "golden", "grand", "happy", "humble", "jolly", "keen", "kind", "lively", "lucky", "mellow",
  "merry", "misty", "nimble", "noble", "polite", "proud", "quick", "quiet", "rapid", "rare", "silent", "silver",
  "smooth", "snappy", "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty",
];
const NOUNS = [
  "badger", "bass", "bear", "bee", "bird", "cat", "crane", "deer", "dolphin", "dove", "eagle", "falcon", "finch",
  "fox", "frog", "gull", "hare", "hawk", "heron", "horse", "koala", "lark", "lion", "lynx", "mole", "moose", "moth",
  "newt", "otter", "owl", "panda", "robin", "seal", "shark", "sloth", "snail", "sparrow", "squid", "stork", "swan",
  "tiger", "toad", "trout", "whale", "wolf", "wren",
];

/** A readable random run name, "adjective-noun-NNN". */
export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}

// ───────────────────────────── writes ─────────────────────────────

function artifactUriFor(location: string, runId: string): string {
  return `${location.replace(/\/+$/, "")}/${runId}/artifacts`;
}

/** Validates and de-duplicates tags (last value wins, first position kept). */
function prepareTags(tags: { key: string; value?: string | null }[], pathOf: (i: number) => string): KeyValue[] {
  const out = new Map<string, string>();
  tags.forEach((t, i) => {
    const v = validateRunTag(pathOf(i), t.key, t.value);
    if (v.key === RUN_NAME_TAG && v.value) validateRunName(join(pathOf(i), "value"), v.value);
    out.set(v.key, v.value);
  });
  return [...out].map(([key, value]) => ({ key, value }));
}

/** A mlflow.parentRunId value the runs.parent_run_id column can hold (else null; the tag keeps it). */
const parentColumn = (value: string) => (value.length > 0 && value.length <= 32 ? value : null);

/** Upserts tags (already validated) and mirrors the special ones onto their columns / links. */
async function writeTags(tx: Tx, run: { id: string; experimentId: number }, tags: KeyValue[]): Promise<void> {
  // An empty mlflow.runName is ignored, as MLflow ignores renaming a run to "".
  const list = tags.filter((t) => !(t.key === RUN_NAME_TAG && t.value === "")).sort(byKey);
  if (!list.length) return;
  const json = JSON.stringify(list.map((t) => ({ k: t.key, v: t.value })));
  await tx.$executeRaw`INSERT INTO run_tags (run_id, key, value)
    SELECT ${run.id}, x.k, x.v FROM json_to_recordset(${json}::json) AS x(k text, v text)
    ORDER BY x.k
    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`;
  const name = list.find((t) => t.key === RUN_NAME_TAG);
  if (name) await tx.$executeRaw`UPDATE runs SET name = ${name.value} WHERE id = ${run.id}`;
  const parent = list.find((t) => t.key === PARENT_RUN_ID_TAG);
  if (parent) await tx.$executeRaw`UPDATE runs SET parent_run_id = ${parentColumn(parent.value)} WHERE id = ${run.id}`;
  const linked = list.find((t) => t.key === LINKED_PROMPTS_TAG);
  if (linked) await syncRunPromptLinks(tx, run.id, linked.value);
}

/** Records keys in experiment_keys (one statement; duplicates ignored). */
async function recordKeys(tx: Tx, experimentId: number, kinds: string[], keys: string[]): Promise<void> {
  if (!keys.length) return;
  await tx.$executeRaw`INSERT INTO experiment_keys (experiment_id, kind, key)
    SELECT ${experimentId}, x.kd::key_kind, x.k FROM unnest(${kinds}::text[], ${keys}::text[]) AS x(kd, k)
    ORDER BY 2, 3
    ON CONFLICT DO NOTHING`;
}

export async function createRun(input: CreateRunInput, tx: Tx = db): Promise<FullRun> {
  const experimentId = input.experimentId || "0";
  const experiment = await getExperiment(experimentId, tx);
  if (!experiment) throw notFound(`No Experiment with id=${experimentId} exists`);
  assertExperimentActive(experiment);
  const tags = prepareTags(input.tags ?? [], (i) => `tags[${i}]`);
  const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value || undefined;
  const argName = input.runName || undefined;
  if (argName && tagName && argName !== tagName) {
    throw invalidParam(
      `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${argName}', mlflow.runName='${tagName}').`,
    );
  }
  const runName = validateRunName("run_name", argName ?? tagName ?? generateRunName());
  validateLength("user_id", input.userId, 256);
  if (!tagName) {
    const i = tags.findIndex((t) => t.key === RUN_NAME_TAG);
    if (i >= 0) tags.splice(i, 1);
    tags.push({ key: RUN_NAME_TAG, value: runName });
  }
  const runId = randomUUID().replaceAll("-", "");
  const expId = Number(experiment.experimentId);
  const parent = tags.find((t) => t.key === PARENT_RUN_ID_TAG);
  await inTransaction(tx, async (t) => {
    await t.run.create({
      data: {
        id: runId,
        experimentId: expId,
        name: runName,
        userId: input.userId ?? "",
        status: "RUNNING",
        startTime: input.startTime !== undefined ? BigInt(input.startTime) : now(),
        artifactUri: artifactUriFor(experiment.artifactLocation, runId),
        parentRunId: parent ? parentColumn(parent.value) : null,
      },
    });
    await writeTags(t, { id: runId, experimentId: expId }, tags);
    await recordKeys(t, expId, tags.map(() => "tag"), tags.map((x) => x.key));
  });
  return getRunOrThrow(runId, tx);
}

/** runs/update: status, end time and/or name (the name also rewrites the mlflow.runName tag). */
export async function updateRun(input: UpdateRunInput, tx: Tx = db): Promise<RunInfoRecord> {
  const runName = input.runName ? validateRunName("run_name", input.runName) : undefined;
  return inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    const data: Prisma.RunUpdateInput = {};
    if (input.status !== undefined) data.status = input.status;
    if (input.endTime !== undefined) data.endTime = BigInt(input.endTime);
    if (Object.keys(data).length) await t.run.update({ where: { id: run.id }, data });
    if (runName) await writeTags(t, run, [{ key: RUN_NAME_TAG, value: runName }]);
    return toInfo((await t.run.findUnique({ where: { id: run.id } }))!);
  });
}

/** Soft delete (deleted runs can still be read). */
export async function deleteRun(runId: string, tx: Tx = db): Promise<void> {
  const n = await tx.$executeRaw`UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ${now()} WHERE id = ${runId}`;
  if (n === 0) throw noSuchRun(runId);
}

export async function restoreRun(runId: string, tx: Tx = db): Promise<void> {
  const n = await tx.$executeRaw`UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE id = ${runId}`;
  if (n === 0) throw noSuchRun(runId);
}

type Single = "metric" | "param" | "tag" | undefined;

interface PreparedMetric {
  key: string;
  value: number;
  timestamp: bigint;
  step: bigint;
  modelId: string | null;
  datasetName: string | null;
  datasetDigest: string | null;
}

function toBigInt(v: bigint | number | undefined | null, fallback: bigint): bigint {
  if (v === undefined || v === null) return fallback;
  return typeof v === "bigint" ? v : BigInt(Math.trunc(v));
}

function prepareMetrics(metrics: MetricInput[], single: Single): PreparedMetric[] {
  const seenKeys = new Set<string>();
  return metrics.map((m, i) => {
    const path = single === "metric" ? "" : `metrics[${i}]`;
    // A key already seen in this batch passed the key checks; only the per-point rules remain.
    validateMetric(path, m, { keyChecked: seenKeys.has(m.key) });
    seenKeys.add(m.key);
    if (m.modelId) validateLength(join(path, "model_id"), m.modelId, 36);
    if (m.datasetName) validateLength(join(path, "dataset_name"), m.datasetName, 500);
    if (m.datasetDigest) validateLength(join(path, "dataset_digest"), m.datasetDigest, 36);
    return {
      key: m.key,
      value: m.value,
      timestamp: toBigInt(m.timestamp, 0n),
      step: toBigInt(m.step, 0n),
      modelId: m.modelId || null,
      datasetName: m.datasetName || null,
      datasetDigest: m.datasetDigest || null,
    };
  });
}

/** An int64 as a JSON number when exact, else as a string (both cast to bigint in SQL). */
const compactInt = (v: bigint) => (v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : String(v));

/** A float for a text[] parameter that PostgreSQL casts to float8[] ("NaN", "Infinity" survive). */
const floatText = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v));

/**
 * The metric half of a batch as ONE statement (data-modifying CTEs over one JSON recordset):
 * metrics, latest_metrics, logged_model_metrics and the experiment's metric keys. The run is
 * checked inside the statement: nothing is written unless it exists and is active, and its
 * state comes back so the caller can answer MLflow's error. `extraKeys` adds param/tag keys
 * to the same experiment_keys insert.
 */
function metricsStatement(runId: string, metrics: PreparedMetric[], extraKeys: { kind: string; key: string }[]): Prisma.Sql {
  // Compact on the wire (it is most of the statement's bytes): absent optional fields are left
  // out (json_to_recordset reads them as NULL), safe integers and finite floats go as JSON
  // numbers; only NaN/±Infinity and huge int64s need strings.
  const rows = JSON.stringify(
    metrics.map((m) => ({
      k: m.key,
      s: compactInt(m.step),
      t: compactInt(m.timestamp),
      v: Number.isFinite(m.value) ? m.value : floatText(m.value),
      mi: m.modelId ?? undefined,
      dn: m.datasetName ?? undefined,
      dd: m.datasetDigest ?? undefined,
    })),
  );
  const hasModel = metrics.some((m) => m.modelId);
  const modelMetrics = hasModel
    ? Prisma.sql`, mm AS (
        INSERT INTO logged_model_metrics (model_id, key, step, timestamp, value, run_id, dataset_name, dataset_digest)
        SELECT m.mi, m.k, m.s, m.ts, m.v, ${runId}, COALESCE(m.dn, ''), COALESCE(m.dd, '')
        FROM m JOIN logged_models lm ON lm.id = m.mi
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT DO NOTHING)`
    : Prisma.empty;
  return Prisma.sql`
    WITH r AS (SELECT experiment_id, lifecycle_stage FROM runs WHERE id = ${runId}),
    ok AS (SELECT experiment_id FROM r WHERE lifecycle_stage = 'active'),
    m AS MATERIALIZED (
      SELECT x.k, x.s::bigint AS s, x.t::bigint AS ts, x.v::float8 AS v, x.mi, x.dn, x.dd
      FROM json_to_recordset(${rows}::json) AS x(k text, s text, t text, v text, mi text, dn text, dd text)
      WHERE EXISTS (SELECT 1 FROM ok)),
    ins AS (
      INSERT INTO metrics (run_id, key, step, timestamp, value, model_id, dataset_name, dataset_digest)
      SELECT ${runId}, k, s, ts, v, mi, dn, dd FROM m
      ORDER BY k, s, ts, v
      ON CONFLICT DO NOTHING),
    lat AS (
      INSERT INTO latest_metrics (run_id, key, experiment_id, step, timestamp, value)
      SELECT DISTINCT ON (k) ${runId}, k, (SELECT experiment_id FROM ok), s, ts, v FROM m
      ORDER BY k, s DESC, ts DESC, v DESC
      ON CONFLICT (run_id, key) DO UPDATE
        SET step = excluded.step, timestamp = excluded.timestamp, value = excluded.value
        WHERE (excluded.step, excluded.timestamp, excluded.value)
            > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value))
    ${modelMetrics},
    keys AS (
      INSERT INTO experiment_keys (experiment_id, kind, key)
      SELECT (SELECT experiment_id FROM ok), kd::key_kind, k FROM (
        SELECT DISTINCT 'metric' AS kd, k FROM m
        UNION
        SELECT x.kd, x.k FROM json_to_recordset(${JSON.stringify(extraKeys.map((e) => ({ kd: e.kind, k: e.key })))}::json) AS x(kd text, k text)
        WHERE EXISTS (SELECT 1 FROM ok)
      ) AS all_keys
      ORDER BY 2, 3
      ON CONFLICT DO NOTHING)
    SELECT experiment_id AS "experimentId", lifecycle_stage::text AS "lifecycleStage" FROM r`;
}

/**
 * runs/log-batch: params, metrics and tags of one run, all or nothing, in a constant number of
 * statements. A metrics-only batch (the hot path) is a single statement, hence its own
 * transaction; otherwise one transaction runs: run check, params insert + conflict check, tags
 * upsert (+ special-tag mirrors), and the metrics statement. The batch-of-one endpoints call it
 * with `single` for MLflow's single-item messages.
 */
export async function logBatch(input: LogBatchInput, tx: Tx = db, single?: Single): Promise<void> {
  const runId = input.runId;
  if (!single) validateRunIdFormat(runId);
  const metrics = prepareMetrics(input.metrics ?? [], single);
  const params = (input.params ?? []).map((p, i) => {
    const path = single === "param" ? "" : `params[${i}]`;
    return { key: validateEntityKey(join(path, "key"), p.key), value: validateParamValue(join(path, "value"), p.value) };
  });
  const tags = prepareTags(input.tags ?? [], (i) => (single === "tag" ? "" : `tags[${i}]`));
  validateBatchLimits(metrics.length, params.length, (input.tags ?? []).length);
  validateParamKeysUnique(params);

  const checkRun = (rows: { lifecycleStage: string }[]) => {
    if (!rows.length) throw noSuchRun(runId);
    assertRunActive({ id: runId, lifecycleStage: rows[0].lifecycleStage });
  };

  if (!params.length && !tags.length) {
    const stmt = metricsStatement(runId, metrics, []);
    // Hot path: one statement, so it needs no transaction of its own. On the root client it
    // goes straight to the pg pool under Prisma (Prisma adds tens of ms for a ~100 KB
    // parameter); inside a caller's transaction it must use that transaction.
    const rows = isRootClient(tx)
      ? (await getPool().query<{ experimentId: number; lifecycleStage: string }>(stmt.text, stmt.values)).rows
      : await tx.$queryRaw<{ experimentId: number; lifecycleStage: string }[]>(stmt);
    checkRun(rows);
    return;
  }

  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, runId);
    if (params.length) {
      const json = JSON.stringify(params.map((p, n) => ({ k: p.key, v: p.value, n })));
      await t.$executeRaw`INSERT INTO params (run_id, key, value)
        SELECT ${runId}, x.k, x.v FROM json_to_recordset(${json}::json) AS x(k text, v text, n int)
        ORDER BY x.k
        ON CONFLICT (run_id, key) DO NOTHING`;
      const conflicts = await t.$queryRaw<{ key: string; old: string; new: string }[]>`
        SELECT p.key, p.value AS old, x.v AS new
        FROM json_to_recordset(${json}::json) AS x(k text, v text, n int)
        JOIN params p ON p.run_id = ${runId} AND p.key = x.k
        WHERE p.value <> x.v ORDER BY x.n`;
      if (conflicts.length) throw paramConflict(runId, conflicts, single === "param");
    }
    if (tags.length) await writeTags(t, run, tags);
    const extraKeys = [
      ...params.map((p) => ({ kind: "param", key: p.key })),
      ...tags.map((x) => ({ kind: "tag", key: x.key })),
    ];
    checkRun(await t.$queryRaw<{ experimentId: number; lifecycleStage: string }[]>(metricsStatement(runId, metrics, extraKeys)));
  });
}

function paramConflict(runId: string, conflicts: { key: string; old: string; new: string }[], single: boolean) {
  if (single) {
    const c = conflicts[0];
    return invalidParam(
      `Changing param values is not allowed. Param with key='${c.key}' was already logged with value='${c.old}' for run ID='${runId}'. Attempted logging new value '${c.new}'.`,
    );
  }
  const list = conflicts.map((c) => `{'key': ${pyRepr(c.key)}, 'old_value': ${pyRepr(c.old)}, 'new_value': ${pyRepr(c.new)}}`).join(", ");
  return invalidParam(`Changing param values is not allowed. Params were already logged='[${list}]' for run ID='${runId}'.`);
}

export async function logMetric(input: { runId: string } & MetricInput, tx: Tx = db): Promise<void> {
  const { runId, ...metric } = input;
  await logBatch({ runId, metrics: [metric] }, tx, "metric");
}

/** Params are immutable: re-logging the same value is fine, a different one is refused. */
export async function logParam(input: { runId: string; key: string; value?: string }, tx: Tx = db): Promise<void> {
  await logBatch({ runId: input.runId, params: [{ key: input.key, value: input.value }] }, tx, "param");
}

/** Upserts a run tag (mlflow.runName renames the run). */
export async function setTag(input: { runId: string; key: string; value?: string }, tx: Tx = db): Promise<void> {
  await logBatch({ runId: input.runId, tags: [{ key: input.key, value: input.value }] }, tx, "tag");
}

export async function deleteTag(input: { runId: string; key: string }, tx: Tx = db): Promise<void> {
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    const n = await t.$executeRaw`DELETE FROM run_tags WHERE run_id = ${run.id} AND key = ${input.key}`;
    if (n === 0) throw notFound(`No tag with name: ${input.key} in run with id ${run.id}`);
    if (input.key === PARENT_RUN_ID_TAG) await t.$executeRaw`UPDATE runs SET parent_run_id = NULL WHERE id = ${run.id}`;
    if (input.key === LINKED_PROMPTS_TAG) await syncRunPromptLinks(t, run.id, null);
  });
}

/** runs/log-inputs: datasets (de-duplicated per experiment) and logged models used by the run. */
export async function logInputs(input: LogInputsInput, tx: Tx = db): Promise<void> {
  validateRunIdFormat(input.runId);
  const datasets = input.datasets ?? [];
  validateDatasetInputs(datasets);
  const models = [...new Set((input.models ?? []).map((m) => m.modelId))];
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    await logDatasetInputs(t, { runId: run.id, experimentId: run.experimentId }, datasets);
    if (models.length) {
      await assertModelsExist(t, models);
      await t.$executeRaw`INSERT INTO run_model_inputs (run_id, model_id)
        SELECT ${run.id}, unnest(${models}::text[]) ON CONFLICT DO NOTHING`;
    }
  });
}

/** runs/outputs: the run produced these logged models (at these steps). */
export async function logOutputs(input: LogOutputsInput, tx: Tx = db): Promise<void> {
  const models = input.models.map((m) => ({ modelId: m.modelId, step: String(toBigInt(m.step, 0n)) }));
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    if (!models.length) return;
    await assertModelsExist(t, [...new Set(models.map((m) => m.modelId))]);
    await t.$executeRaw`INSERT INTO run_model_outputs (run_id, model_id, step)
      SELECT ${run.id}, m, s FROM unnest(${models.map((m) => m.modelId)}::text[], ${models.map((m) => m.step)}::bigint[]) AS x(m, s)
      ON CONFLICT DO NOTHING`;
  });
}

async function assertModelsExist(tx: Tx, modelIds: string[]): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM logged_models WHERE id = ANY(${modelIds}::text[])`;
  const found = new Set(rows.map((r) => r.id));
  const missing = modelIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(`Logged model with ID '${missing}' not found.`);
}

/** Legacy runs/log-model: appends the MLmodel dict to the run tag mlflow.log-model.history. */
export async function logModel(input: { runId: string; modelJson: string }, tx: Tx = db): Promise<void> {
  let model: unknown;
  try {
    model = JSON.parse(input.modelJson);
  } catch {
    throw invalidParam(`Malformed model info. \n ${input.modelJson} \n is not a valid JSON.`);
  }
  if (typeof model !== "object" || model === null || Array.isArray(model)) {
    throw invalidParam(`Malformed model info. \n ${input.modelJson} \n is not a valid JSON.`);
  }
  const required = ["artifact_path", "flavors", "utc_time_created", "run_id"];
  const missing = required.filter((k) => !(k in model));
  if (missing.length) throw invalidParam(`Model json is missing mandatory fields: {${missing.map(pyRepr).join(", ")}}`);
  await inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    const rows = await t.$queryRaw<{ value: string }[]>`
      SELECT value FROM run_tags WHERE run_id = ${run.id} AND key = ${LOG_MODEL_HISTORY_TAG} FOR UPDATE`;
    let history: unknown[] = [];
    try {
      const prev = rows[0] ? JSON.parse(rows[0].value) : [];
      if (Array.isArray(prev)) history = prev;
    } catch {
      history = [];
    }
    const value = JSON.stringify([...history, model]);
    if (value.length > 8000) throw invalidParam(`'${LOG_MODEL_HISTORY_TAG}' exceeds the maximum length of 8000 characters`);
    await writeTags(t, run, [{ key: LOG_MODEL_HISTORY_TAG, value }]);
    await recordKeys(t, run.experimentId, ["tag"], [LOG_MODEL_HISTORY_TAG]);
  });
}

/** The experiment id (integer) of a run, or null when the run does not exist. */
export async function getRunExperimentId(runId: string, tx: Tx = db): Promise<number | null> {
  const run = await findRunRow(tx, runId);
  return run ? run.experimentId : null;
}

