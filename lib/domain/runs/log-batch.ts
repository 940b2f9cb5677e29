import "server-only";
import { requireRun } from "@/lib/domain/auth/authorize";
import { db, getPool, Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { inTransaction, isRootClient } from "@/lib/domain/tx";
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
} from "@/lib/domain/validation";
import type { LogBatchInput, MetricInput } from "@/lib/schemas/run";
import { activeRunOrThrow, assertRunActive, noSuchRun, toBigInt } from "@/lib/domain/runs/records";
import { prepareTags, writeTags } from "@/lib/domain/runs/tags";

// The run write path (docs/mlflow-compatibility.md#log-batch). log-batch is THE write path: log-metric,
// log-parameter and set-tag are batches of one. A batch is one transaction made of a constant
// number of set-based statements (rows from one json_to_recordset), whatever its size:
//   params   INSERT … ON CONFLICT DO NOTHING, then one SELECT for values that differ
//   metrics  INSERT … ON CONFLICT DO NOTHING (the primary key de-duplicates identical points)
//   latest   INSERT … DISTINCT ON (key) … ON CONFLICT DO UPDATE … WHERE (step, ts, value) is
//            newer — the row lock taken by ON CONFLICT keeps it right under concurrent writers
//   model    metrics carrying model_id also go to logged_model_metrics (existing models only)
//   tags     INSERT … ON CONFLICT DO UPDATE (last value in the request wins)
//   keys     experiment_keys INSERT … ON CONFLICT DO NOTHING
// Special tags: mlflow.runName ↔ runs.name, mlflow.parentRunId ↔ runs.parent_run_id,
// mlflow.linkedPrompts ↔ prompt_run_links (same transaction).

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
export const compactInt = (v: bigint) => (v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : String(v));

/** A float for a text[] parameter that PostgreSQL casts to float8[] ("NaN", "Infinity" survive). */
export const floatText = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v));

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
  const runId = validateRunIdFormat(input.runId);
  await requireRun(runId, "EDIT", tx);
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
