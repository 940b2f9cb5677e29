import "server-only";
import { getPool, Prisma, type Tx } from "@/lib/db";
import { DomainError, invalidParam } from "@/lib/errors";
import { logDatasetInputs, validateDatasetInputs } from "@/lib/domain/datasets";
import { assertCanImport } from "@/lib/domain/import/access";
import { writeInlineArtifacts, type InlineArtifact } from "@/lib/domain/import/artifacts";
import { inPgTransaction } from "@/lib/domain/import/pg-tx";
import { experimentMapping, experimentNotImported } from "@/lib/domain/import/experiments";
import { findImportedEntity, notOurs, recordEntity, runningJob } from "@/lib/domain/import/jobs";
import { LINKED_PROMPTS_TAG, syncRunPromptLinks } from "@/lib/domain/prompts/links";
import { compactInt, floatText } from "@/lib/domain/runs/log-batch";
import { PARENT_RUN_ID_TAG } from "@/lib/domain/runs/records";
import { parentColumn } from "@/lib/domain/runs/tags";
import { MAX_ENTITY_KEY_LENGTH, MAX_RUN_NAME_LENGTH, MAX_TAG_VAL_LENGTH, validateLength } from "@/lib/domain/validation";
import type { DatasetInputInput, RunStatusName } from "@/lib/schemas/run";

// One run of an import (issue 14), written whole in ONE transaction with a constant number of
// statements, keeping its id: the run row, params, tags, its full metric history (with
// latest_metrics, logged-model metrics and experiment keys, as log-batch maintains them),
// dataset and model inputs, model outputs and prompt links, then its import-state row. A run
// imported before from the same source is replaced whole; a run with the same id that did
// not come from this source is refused.
//
// Metric histories too large for one request are uploaded first in chunks (`stageRunMetrics`,
// one statement each, straight to the pg pool) and moved into `metrics` by the commit; a commit
// whose staged point count does not match what the importer sent is refused, so a run never
// lands with part of its history.

export interface ImportMetricPoint {
  key: string;
  step: bigint;
  timestamp: bigint;
  value: number;
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

export interface ImportRunInput {
  jobId: number;
  fingerprint: string;
  run: {
    runId: string;
    /** The experiment id at the source (mapped through the experiments already imported). */
    experimentId: string;
    runName: string;
    userId: string;
    status: RunStatusName;
    startTime: bigint;
    endTime: bigint | null;
    lifecycleStage: "active" | "deleted";
  };
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
  /** Metric points sent with the commit. */
  metrics: ImportMetricPoint[];
  /** Points uploaded beforehand with stageRunMetrics under this batch (all chunks). */
  staged?: { batch: string; points: number };
  datasets: DatasetInputInput[];
  modelInputs: string[];
  modelOutputs: { modelId: string; step: bigint }[];
  /** The artifact files copied for the run ({path: size}); kept so a re-import copies only changes. */
  artifacts?: Record<string, number>;
  /** Small artifact files sent with the commit (stored before it). */
  files?: InlineArtifact[];
}

export interface ImportRunOutcome {
  runId: string;
  experimentId: string;
  artifactUri: string;
  result: "created" | "updated";
  metrics: number;
  /** Parts of the run left out, e.g. links to logged models that were not imported. */
  warnings: string[];
}

/** Points per stageRunMetrics chunk and per commit (requests stay a few MB). */
export const IMPORT_METRICS_PER_REQUEST = 25_000;

const now = () => BigInt(Date.now());

/** `<experiment location>/<run id>/artifacts`, as runs/create builds it. */
export const runArtifactUri = (experimentLocation: string, runId: string) => `${experimentLocation.replace(/\/+$/, "")}/${runId}/artifacts`;

/** The compact rows the metrics statement reads (absent optional fields omitted). */
function compactPoints(points: ImportMetricPoint[]): string {
  return JSON.stringify(
    points.map((m) => ({
      k: m.key,
      s: compactInt(m.step),
      t: compactInt(m.timestamp),
      v: Number.isFinite(m.value) ? m.value : floatText(m.value),
      mi: m.modelId || undefined,
      dn: m.datasetName || undefined,
      dd: m.datasetDigest || undefined,
    })),
  );
}

function validatePoints(points: ImportMetricPoint[], path = "metrics"): void {
  const seen = new Set<string>();
  points.forEach((m, i) => {
    if (!seen.has(m.key)) {
      if (!m.key) throw invalidParam(`'${path}[${i}].key' must not be empty`);
      validateLength(`${path}[${i}].key`, m.key, MAX_ENTITY_KEY_LENGTH);
      seen.add(m.key);
    }
    if (m.modelId) validateLength(`${path}[${i}].model_id`, m.modelId, 36);
    if (m.datasetName) validateLength(`${path}[${i}].dataset_name`, m.datasetName, 500);
    if (m.datasetDigest) validateLength(`${path}[${i}].dataset_digest`, m.datasetDigest, 36);
  });
}

function validateRun(input: ImportRunInput): void {
  const r = input.run;
  if (!/^[a-zA-Z0-9][\w-]{0,31}$/.test(r.runId)) throw invalidParam(`Run id '${r.runId}' cannot be kept here (at most 32 letters, digits, '_' or '-').`);
  validateLength("run.run_name", r.runName, MAX_RUN_NAME_LENGTH);
  validateLength("run.user_id", r.userId, 256);
  input.params.forEach((p, i) => {
    validateLength(`params[${i}].key`, p.key, MAX_ENTITY_KEY_LENGTH);
    validateLength(`params[${i}].value`, p.value, 8000);
  });
  input.tags.forEach((t, i) => {
    validateLength(`tags[${i}].key`, t.key, MAX_ENTITY_KEY_LENGTH);
    validateLength(`tags[${i}].value`, t.value, MAX_TAG_VAL_LENGTH);
  });
  const dup = firstDuplicate(input.params.map((p) => p.key));
  if (dup !== undefined) throw invalidParam(`Param '${dup}' is given twice.`);
  validatePoints(input.metrics);
  validateDatasetInputs(input.datasets);
  for (const id of [...input.modelInputs, ...input.modelOutputs.map((m) => m.modelId)]) validateLength("model_id", id, 36);
}

function firstDuplicate(keys: string[]): string | undefined {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

/**
 * Uploads one chunk of a run's history ahead of its commit (one statement on the pg pool;
 * Prisma's per-parameter cost is large for a multi-MB parameter). Re-sending a chunk replaces it.
 */
export async function stageRunMetrics(input: { jobId: number; runId: string; batch: string; seq: number; points: ImportMetricPoint[] }): Promise<{ staged: number }> {
  await assertCanImport();
  validateLength("run_id", input.runId, 32);
  validateLength("batch", input.batch, 64);
  if (input.points.length > IMPORT_METRICS_PER_REQUEST) throw invalidParam(`At most ${IMPORT_METRICS_PER_REQUEST} points per chunk; got ${input.points.length}.`);
  validatePoints(input.points, "points");
  const stmt = Prisma.sql`
    WITH job AS (UPDATE import_jobs SET heartbeat_at = GREATEST(heartbeat_at, ${now()}) WHERE id = ${input.jobId} RETURNING id, status),
    ins AS (
      INSERT INTO import_staged_metrics (job_id, run_id, batch, seq, points, data, created_at)
      SELECT id, ${input.runId}, ${input.batch}, ${input.seq}, ${input.points.length}, ${compactPoints(input.points)}, ${now()}
      FROM job WHERE status = 'running'
      ON CONFLICT (job_id, run_id, batch, seq) DO UPDATE SET points = excluded.points, data = excluded.data
      RETURNING 1)
    SELECT job.status::text AS status, (SELECT count(*) FROM ins)::int AS n FROM job`;
  const { rows } = await getPool().query<{ status: string; n: number }>(stmt.text, stmt.values);
  if (!rows.length) throw new DomainError("RESOURCE_DOES_NOT_EXIST", `Import job ${input.jobId} not found.`);
  if (rows[0].n !== 1) throw new DomainError("ABORTED", `Import job ${input.jobId} is ${rows[0].status}; start a new import to continue.`);
  return { staged: input.points.length };
}

/**
 * The metric half of the commit as ONE statement: every point (sent inline and staged) into
 * metrics, latest_metrics, logged_model_metrics (points with a model that exists) and the
 * experiment's keys (with the param and tag keys), then the staged chunks are dropped.
 */
function metricsStatement(input: { jobId: number; runId: string; experimentId: number; inline: string; batch: string | null; extraKeys: { kd: string; k: string }[] }): Prisma.Sql {
  const { jobId, runId, experimentId, batch } = input;
  return Prisma.sql`
    WITH src AS (
      SELECT ${input.inline}::text AS data
      UNION ALL
      SELECT data FROM import_staged_metrics WHERE job_id = ${jobId} AND run_id = ${runId} AND batch = ${batch}),
    m AS MATERIALIZED (
      SELECT x.k, x.s::bigint AS s, x.t::bigint AS ts, x.v::float8 AS v, x.mi, x.dn, x.dd
      FROM src, json_to_recordset(src.data::json) AS x(k text, s text, t text, v text, mi text, dn text, dd text)),
    ins AS (
      INSERT INTO metrics (run_id, key, step, timestamp, value, model_id, dataset_name, dataset_digest)
      SELECT ${runId}, k, s, ts, v, mi, dn, dd FROM m
      ORDER BY k, s, ts, v
      ON CONFLICT DO NOTHING),
    lat AS (
      INSERT INTO latest_metrics (run_id, key, experiment_id, step, timestamp, value)
      SELECT DISTINCT ON (k) ${runId}, k, ${experimentId}, s, ts, v FROM m
      ORDER BY k, s DESC, ts DESC, v DESC),
    mm AS (
      INSERT INTO logged_model_metrics (model_id, key, step, timestamp, value, run_id, dataset_name, dataset_digest)
      SELECT m.mi, m.k, m.s, m.ts, m.v, ${runId}, COALESCE(m.dn, ''), COALESCE(m.dd, '')
      FROM m JOIN logged_models lm ON lm.id = m.mi
      ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT DO NOTHING),
    keys AS (
      INSERT INTO experiment_keys (experiment_id, kind, key)
      SELECT ${experimentId}, kd::key_kind, k FROM (
        SELECT DISTINCT 'metric' AS kd, k FROM m
        UNION
        SELECT x.kd, x.k FROM json_to_recordset(${JSON.stringify(input.extraKeys)}::json) AS x(kd text, k text)
      ) AS all_keys
      ORDER BY 2, 3
      ON CONFLICT DO NOTHING),
    staged AS (
      DELETE FROM import_staged_metrics WHERE job_id = ${jobId} AND run_id = ${runId} AND batch = ${batch}
      RETURNING points)
    SELECT (SELECT count(*) FROM m)::int AS points, (SELECT COALESCE(sum(points), 0) FROM staged)::int AS staged`;
}

/** Inserts the run's model inputs/outputs for models that exist here; returns the ids left out. */
async function writeModelLinks(tx: Tx, runId: string, inputs: string[], outputs: { modelId: string; step: bigint }[]): Promise<string[]> {
  const wanted = [...new Set([...inputs, ...outputs.map((o) => o.modelId)])];
  if (!wanted.length) return [];
  const found = new Set(
    (await tx.$queryRaw<{ id: string }[]>`SELECT id FROM logged_models WHERE id = ANY(${wanted}::text[])`).map((r) => r.id),
  );
  const ins = [...new Set(inputs)].filter((id) => found.has(id));
  if (ins.length) await tx.$executeRaw`INSERT INTO run_model_inputs (run_id, model_id) SELECT ${runId}, unnest(${ins}::text[]) ON CONFLICT DO NOTHING`;
  const outs = outputs.filter((o) => found.has(o.modelId));
  if (outs.length) {
    await tx.$executeRaw`INSERT INTO run_model_outputs (run_id, model_id, step)
      SELECT ${runId}, m, s FROM unnest(${outs.map((o) => o.modelId)}::text[], ${outs.map((o) => String(o.step))}::bigint[]) AS x(m, s)
      ON CONFLICT DO NOTHING`;
  }
  return wanted.filter((id) => !found.has(id));
}

/** Writes one run whole (see the file comment). */
export async function importRun(input: ImportRunInput): Promise<ImportRunOutcome> {
  await assertCanImport();
  validateRun(input);
  const r = input.run;
  const tags = new Map(input.tags.map((t) => [t.key, t.value]));
  const parent = tags.get(PARENT_RUN_ID_TAG);
  const extraKeys = [
    ...input.params.map((p) => ({ kd: "param", k: p.key })),
    ...[...tags.keys()].map((k) => ({ kd: "tag", k })),
  ];

  return inPgTransaction(async (tx) => {
    const job = await runningJob(tx, input.jobId);
    const exp = (await experimentMapping(tx, job.sourceId, [r.experimentId])).get(r.experimentId);
    if (!exp) throw experimentNotImported(r.experimentId);
    const existing = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM runs WHERE id = ${r.runId} FOR UPDATE`;
    const known = await findImportedEntity(tx, job.sourceId, "run", r.runId);
    if (existing.length && !known) throw notOurs(`Run ${r.runId}`);
    const artifactUri = runArtifactUri(exp.artifactLocation, r.runId);
    // Its small artifact files first: a run that lands has all of them.
    await writeInlineArtifacts(artifactUri, input.files ?? []);
    if (existing.length) {
      // Replaced whole: its history first (metrics has no foreign key), then the row, whose
      // children (params, tags, latest metrics, inputs, outputs, prompt links) cascade.
      await tx.$executeRaw`WITH d AS (DELETE FROM metrics WHERE run_id = ${r.runId}) DELETE FROM runs WHERE id = ${r.runId}`;
    }
    const deletedTime = r.lifecycleStage === "deleted" ? now() : null;
    await tx.$executeRaw`
      WITH run AS (
        INSERT INTO runs (id, experiment_id, name, user_id, status, start_time, end_time, deleted_time, artifact_uri, lifecycle_stage, parent_run_id)
        VALUES (${r.runId}, ${exp.id}, ${r.runName}, ${r.userId}, ${r.status}::run_status, ${r.startTime}, ${r.endTime}, ${deletedTime},
                ${artifactUri}, ${r.lifecycleStage}::lifecycle_stage, ${parent === undefined ? null : parentColumn(parent)})
        RETURNING id),
      p AS (
        INSERT INTO params (run_id, key, value)
        SELECT run.id, k, v FROM run, unnest(${input.params.map((p) => p.key)}::text[], ${input.params.map((p) => p.value)}::text[]) AS x(k, v))
      INSERT INTO run_tags (run_id, key, value)
      SELECT run.id, k, v FROM run, unnest(${[...tags.keys()]}::text[], ${[...tags.values()]}::text[]) AS x(k, v)`;
    const [counts] = await tx.$queryRaw<{ points: number; staged: number }[]>(
      metricsStatement({ jobId: job.id, runId: r.runId, experimentId: exp.id, inline: compactPoints(input.metrics), batch: input.staged?.batch ?? null, extraKeys }),
    );
    const expected = input.metrics.length + (input.staged?.points ?? 0);
    if (counts.staged !== (input.staged?.points ?? 0)) {
      throw invalidParam(`Run ${r.runId}: ${input.staged?.points ?? 0} staged metric points were announced, ${counts.staged} arrived; upload the history again.`);
    }
    if (counts.points !== expected) throw invalidParam(`Run ${r.runId}: expected ${expected} metric points, found ${counts.points}.`);
    await logDatasetInputs(tx, { runId: r.runId, experimentId: exp.id }, input.datasets);
    const missing = await writeModelLinks(tx, r.runId, input.modelInputs, input.modelOutputs);
    if (tags.has(LINKED_PROMPTS_TAG)) await syncRunPromptLinks(tx, r.runId, tags.get(LINKED_PROMPTS_TAG)!);
    await recordEntity(tx, job, { kind: "run", sourceKey: r.runId, targetKey: r.runId, fingerprint: input.fingerprint, detail: { artifacts: input.artifacts ?? {} } });
    const warnings = missing.map((id) => `links to logged model ${id}, which was not imported; the link is left out`);
    return { runId: r.runId, experimentId: String(exp.id), artifactUri, result: existing.length ? "updated" : "created", metrics: expected, warnings };
  });
}
