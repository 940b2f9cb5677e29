import "server-only";
import { readableExperimentsSql, requireLoggedModel, requireRuns } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { LoggedModelStatus } from "@/lib/generated/prisma/enums";

// MLflow 3 logged models (docs/mlflow-compatibility.md#logged-models): create → upload artifacts → finalize, plus tags,
// params, soft delete and search. A model's metrics are the rows runs/log-metric and
// runs/log-batch wrote to logged_model_metrics with its model_id; "latest" per (key, dataset)
// is the highest step, then the latest timestamp, then the max value (as for run metrics).
//
// This file: the record and its loaders (and which models each run produced); writes are in
// write.ts, logged-models/search in search.ts, MLmodel details in lib/domain/mlmodel/.

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

export const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
export const modelNotFound = (id: string) => notFound(`Logged model with ID '${id}' not found.`);

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
  await requireLoggedModel(modelId, "READ", tx);
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

export /** Existence check used by the writers (MLflow lets them touch soft-deleted models too). */
async function assertModelExists(tx: Tx, modelId: string): Promise<void> {
  const row = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { id: true } });
  if (!row) throw modelNotFound(modelId);
}

// ───────────────────────────── Runs ↔ models (UI) ─────────────────────────────

/**
 * The (non-deleted) logged models each run produced: outputs (runs/outputs) and models whose
 * source_run_id is the run. Keyed by run id; every requested run has an entry (maybe []).
 * Models are ordered by creation time.
 */
export async function listLoggedModelsForRuns(runIds: string[], tx: Tx = db): Promise<Record<string, LoggedModelRecord[]>> {
  await requireRuns(runIds, "READ", tx);
  const out: Record<string, LoggedModelRecord[]> = Object.fromEntries(runIds.map((id) => [id, []]));
  if (runIds.length === 0) return out;
  const pairs = await tx.$queryRaw<{ run_id: string; model_id: string }[]>`
    SELECT DISTINCT x.run_id, x.model_id, m.creation_timestamp_ms FROM (
      SELECT source_run_id AS run_id, id AS model_id FROM logged_models WHERE source_run_id = ANY(${runIds}::text[])
      UNION
      SELECT run_id, model_id FROM run_model_outputs WHERE run_id = ANY(${runIds}::text[])
    ) x JOIN logged_models m ON m.id = x.model_id AND m.lifecycle_stage = 'active' AND ${await readableExperimentsSql(Prisma.sql`m.experiment_id`)}
    ORDER BY m.creation_timestamp_ms, x.model_id`;
  const models = await loadLoggedModels([...new Set(pairs.map((p) => p.model_id))], tx);
  const byId = new Map(models.map((m) => [m.modelId, m]));
  for (const p of pairs) {
    const m = byId.get(p.model_id);
    if (m) out[p.run_id]?.push(m);
  }
  return out;
}
