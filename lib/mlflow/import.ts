import "server-only";
import { z } from "zod";
import type { ImportExperimentOutcome } from "@/lib/domain/import/experiments";
import type { ImportEntityRecord, ImportJobRecord, StartImportResult } from "@/lib/domain/import/jobs";
import type { ImportLoggedModelInput, ImportModelVersionInput, ImportRegisteredModelInput } from "@/lib/domain/import/models";
import type { ImportMetricPoint, ImportRunInput } from "@/lib/domain/import/runs";
import { LOGGED_MODEL_STATUS_NAMES, LOGGED_MODEL_STATUS_NUMBERS } from "@/lib/mlflow/logged-models";
import { fromMlflowLogInputs, logInputsRequest, optRunStatus } from "@/lib/mlflow/runs";
import { list, MISSING, num, optEnum, optInt32, optInt64, optString, parseDouble, PATH, reqId, reqInt64, reqString } from "@/lib/mlflow/wire";

// Wire shapes of Runboard's import endpoints (/api/2.0/runboard/import/*, used by
// `npm run import`). Entities travel in MLflow's own JSON (a Run as runs/get returns it, an
// Experiment, a LoggedModel, a RegisteredModel with its ModelVersions), so the importer passes
// through what the source answered; metric histories travel compactly, grouped by key:
// `metrics: [{key, points: [[step, timestamp, value, model_id?, dataset_name?, dataset_digest?], …]}]`
// with values as numbers or "NaN" / "Infinity" / "-Infinity".

const jobId = () => optInt32().transform((v, ctx) => {
  if (v === undefined || v < 1) {
    ctx.addIssue({ code: "custom", message: v === undefined ? MISSING : `Invalid value ${v} for parameter '${PATH}' supplied.` });
    return z.NEVER;
  }
  return v;
});
const fingerprint = () => z.string({ error: MISSING }).min(1).max(64);
const kvList = () => list(z.object({ key: reqString(), value: optString() })).transform((l) => l.map((t) => ({ key: t.key, value: t.value ?? "" })));
const lifecycle = () => z.enum(["active", "deleted"]).optional();
/** {path: size} of the artifact files copied. */
const manifest = () => z.record(z.string(), z.number().int().nonnegative()).optional();
/** Small artifact files sent inline: [{path, data (base64)}]. */
const inlineFiles = () =>
  z
    .array(z.object({ path: reqString(), data: z.string({ error: MISSING }) }))
    .max(10_000)
    .optional()
    .transform((l) => (l ?? []).map((f) => ({ path: f.path, data: new Uint8Array(Buffer.from(f.data, "base64")) })));
const ENTITY_KINDS = ["experiment", "run", "logged_model", "registered_model"] as const;

// ───────────────────────────── jobs ─────────────────────────────

export const startImportRequest = z.object({ source_url: reqString(), options: z.record(z.string(), z.unknown()).optional() });
export const importStateRequest = z.object({ job_id: jobId(), kind: z.enum(ENTITY_KINDS), page_token: optString(), max_results: optInt32() });
export const importProgressRequest = z.object({ job_id: jobId(), progress: z.record(z.string(), z.unknown()) });
export const finishImportRequest = z.object({
  job_id: jobId(),
  status: z.enum(["finished", "failed", "interrupted"]),
  report: z.record(z.string(), z.unknown()),
});
export const listImportJobsRequest = z.object({ limit: optInt32() });

export function toWireJob(j: ImportJobRecord) {
  return {
    job_id: j.id,
    source_url: j.sourceUrl,
    status: j.status,
    started_at: num(j.startedAt),
    heartbeat_at: num(j.heartbeatAt),
    finished_at: num(j.finishedAt),
    options: j.options,
    progress: j.progress ?? undefined,
    report: j.report ?? undefined,
  };
}

export const toStartImportResponse = (r: StartImportResult) => ({
  job: toWireJob(r.job),
  previous: r.previous ? toWireJob(r.previous) : undefined,
  known: r.known,
});

export const toWireEntity = (e: ImportEntityRecord) => ({
  source_key: e.sourceKey,
  target_key: e.targetKey,
  fingerprint: e.fingerprint,
  detail: e.detail ?? undefined,
});

// ───────────────────────────── experiments ─────────────────────────────

const wireExperiment = z.object({
  experiment_id: reqId(),
  name: reqString(),
  artifact_location: optString(),
  lifecycle_stage: lifecycle(),
  creation_time: optInt64(),
  last_update_time: optInt64(),
  tags: kvList(),
});

export const importExperimentsRequest = z
  .object({ job_id: jobId(), experiments: z.array(z.object({ fingerprint: fingerprint(), experiment: wireExperiment })).max(1000) })
  .transform((b) => ({
    jobId: b.job_id,
    experiments: b.experiments.map(({ fingerprint, experiment: e }) => ({
      experimentId: e.experiment_id,
      name: e.name,
      artifactLocation: e.artifact_location ?? "",
      lifecycleStage: e.lifecycle_stage ?? "active",
      creationTime: e.creation_time,
      lastUpdateTime: e.last_update_time,
      tags: e.tags,
      fingerprint,
    })),
  }));

export const toWireExperimentOutcome = (o: ImportExperimentOutcome) => ({
  source_experiment_id: o.sourceExperimentId,
  name: o.name,
  result: o.result,
  experiment_id: o.experimentId,
  id_kept: o.idKept,
  artifact_location: o.artifactLocation,
  source_artifact_location: o.sourceArtifactLocation,
  reason: o.reason,
});

// ───────────────────────────── metric points ─────────────────────────────

const typeHint = (v: unknown) => `Invalid value ${JSON.stringify(v)} for parameter '${PATH}' supplied.`;

function int64(v: unknown): bigint | null {
  if (typeof v === "number") return Number.isSafeInteger(v) ? BigInt(v) : null;
  if (typeof v === "string" && /^-?\d{1,19}$/.test(v)) {
    const b = BigInt(v);
    return b >= -(2n ** 63n) && b < 2n ** 63n ? b : null;
  }
  return null;
}

/**
 * `[{key, points: [[step, timestamp, value, model_id?, dataset_name?, dataset_digest?]]}]` →
 * flat points. Hand-rolled (tens of thousands of points per request; zod's generic machinery
 * would cost more than the database write), with the same error shape as zod's.
 */
export const metricGroups = () =>
  z
    .unknown()
    .transform((raw, ctx): ImportMetricPoint[] => {
      const fail = (path: (string | number)[], v: unknown) => {
        ctx.addIssue({ code: "custom", message: typeHint(v), path });
        return z.NEVER;
      };
      if (raw === undefined || raw === null) return [];
      if (!Array.isArray(raw)) return fail([], raw);
      const out: ImportMetricPoint[] = [];
      for (let g = 0; g < raw.length; g++) {
        const group = raw[g] as { key?: unknown; points?: unknown };
        if (typeof group !== "object" || group === null) return fail([g], group);
        const key = group.key;
        if (typeof key !== "string" || key === "") return fail([g, "key"], key);
        if (!Array.isArray(group.points)) return fail([g, "points"], group.points);
        for (let i = 0; i < group.points.length; i++) {
          const p = group.points[i] as unknown[];
          if (!Array.isArray(p) || p.length < 3 || p.length > 6) return fail([g, "points", i], p);
          const step = int64(p[0]);
          const timestamp = int64(p[1]);
          const value = parseDouble(p[2]);
          if (step === null) return fail([g, "points", i, 0], p[0]);
          if (timestamp === null) return fail([g, "points", i, 1], p[1]);
          if (typeof value !== "number") return fail([g, "points", i, 2], p[2]);
          const point: ImportMetricPoint = { key, step, timestamp, value };
          for (const [n, f] of [[3, "modelId"], [4, "datasetName"], [5, "datasetDigest"]] as const) {
            const v = p[n];
            if (v === undefined || v === null || v === "") continue;
            if (typeof v !== "string") return fail([g, "points", i, n], v);
            point[f] = v;
          }
          out.push(point);
        }
      }
      return out;
    })
    .optional();

export const stageRunMetricsRequest = z
  .object({ job_id: jobId(), run_id: reqString(), batch: reqString(), seq: optInt32(), metrics: metricGroups() })
  .transform((b) => ({ jobId: b.job_id, runId: b.run_id, batch: b.batch, seq: b.seq ?? 0, points: b.metrics ?? [] }));

// ───────────────────────────── runs ─────────────────────────────

const wireRun = z.object({
  info: z.object({
    run_id: optString(),
    run_uuid: optString(),
    experiment_id: reqId(),
    run_name: optString(),
    user_id: optString(),
    status: optRunStatus(),
    start_time: optInt64(),
    end_time: optInt64(),
    lifecycle_stage: lifecycle(),
  }),
  data: z.object({ params: kvList(), tags: kvList() }).optional(),
  inputs: z
    .object({
      dataset_inputs: logInputsRequest.shape.datasets,
      model_inputs: list(z.object({ model_id: reqString() })),
    })
    .optional(),
  outputs: z.object({ model_outputs: list(z.object({ model_id: reqString(), step: optInt64() })) }).optional(),
});

export const importRunRequest = z
  .object({
    job_id: jobId(),
    fingerprint: fingerprint(),
    run: wireRun,
    metrics: metricGroups(),
    staged: z.object({ batch: reqString(), points: z.number().int().nonnegative() }).optional(),
    artifacts: manifest(),
    artifact_files: inlineFiles(),
  })
  .transform((b, ctx): ImportRunInput => {
    const i = b.run.info;
    const runId = i.run_id || i.run_uuid;
    if (!runId) {
      ctx.addIssue({ code: "custom", message: MISSING, path: ["run", "info", "run_id"] });
      return z.NEVER;
    }
    const tags = b.run.data?.tags ?? [];
    const inputs = fromMlflowLogInputs({ run_id: runId, datasets: b.run.inputs?.dataset_inputs ?? [], models: [] });
    return {
      jobId: b.job_id,
      fingerprint: b.fingerprint,
      run: {
        runId,
        experimentId: i.experiment_id,
        runName: i.run_name ?? tags.find((t) => t.key === "mlflow.runName")?.value ?? "",
        userId: i.user_id ?? "",
        status: i.status ?? "FINISHED",
        startTime: i.start_time ?? 0n,
        endTime: i.end_time ?? null,
        lifecycleStage: i.lifecycle_stage ?? "active",
      },
      params: b.run.data?.params ?? [],
      tags,
      metrics: b.metrics ?? [],
      staged: b.staged,
      datasets: inputs.datasets ?? [],
      modelInputs: (b.run.inputs?.model_inputs ?? []).map((m) => m.model_id),
      modelOutputs: (b.run.outputs?.model_outputs ?? []).map((m) => ({ modelId: m.model_id, step: m.step ?? 0n })),
      artifacts: b.artifacts,
      files: b.artifact_files,
    };
  });

// ───────────────────────────── logged models ─────────────────────────────

const wireLoggedModel = z.object({
  info: z.object({
    model_id: reqString(),
    experiment_id: reqId(),
    name: optString(),
    creation_timestamp_ms: optInt64(),
    last_updated_timestamp_ms: optInt64(),
    status: optEnum(LOGGED_MODEL_STATUS_NAMES, LOGGED_MODEL_STATUS_NUMBERS).optional(),
    status_message: optString(),
    model_type: optString(),
    source_run_id: optString(),
    tags: kvList(),
  }),
  data: z
    .object({
      params: kvList(),
      metrics: list(
        z.object({
          key: reqString(),
          value: z.unknown().transform((v, ctx) => {
            const d = parseDouble(v);
            if (typeof d !== "number") {
              ctx.addIssue({ code: "custom", message: typeHint(v) });
              return z.NEVER;
            }
            return d;
          }),
          timestamp: reqInt64(),
          step: optInt64(),
          run_id: optString(),
          dataset_name: optString(),
          dataset_digest: optString(),
        }),
      ),
    })
    .optional(),
});

export const importLoggedModelRequest = z
  .object({ job_id: jobId(), fingerprint: fingerprint(), model: wireLoggedModel, lifecycle_stage: lifecycle(), artifacts: manifest(), artifact_files: inlineFiles() })
  .transform((b): ImportLoggedModelInput => {
    const i = b.model.info;
    const created = i.creation_timestamp_ms ?? 0n;
    return {
      jobId: b.job_id,
      fingerprint: b.fingerprint,
      model: {
        modelId: i.model_id,
        experimentId: i.experiment_id,
        name: i.name ?? i.model_id,
        creationTimestampMs: created,
        lastUpdatedTimestampMs: i.last_updated_timestamp_ms ?? created,
        status: i.status ?? "LOGGED_MODEL_STATUS_UNSPECIFIED",
        statusMessage: i.status_message || null,
        modelType: i.model_type || null,
        sourceRunId: i.source_run_id || null,
        lifecycleStage: b.lifecycle_stage ?? "active",
      },
      tags: i.tags,
      params: b.model.data?.params ?? [],
      metrics: (b.model.data?.metrics ?? []).map((m) => ({
        key: m.key,
        value: m.value,
        timestamp: m.timestamp,
        step: m.step ?? 0n,
        runId: m.run_id || null,
        datasetName: m.dataset_name ?? "",
        datasetDigest: m.dataset_digest ?? "",
      })),
      artifacts: b.artifacts,
      files: b.artifact_files,
    };
  });

// ───────────────────────────── registered models ─────────────────────────────

const version = () =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) {
      ctx.addIssue({ code: "custom", message: typeHint(v) });
      return z.NEVER;
    }
    return n;
  });

const MODEL_VERSION_STATUSES = ["PENDING_REGISTRATION", "FAILED_REGISTRATION", "READY"] as const;

const wireModelVersion = z.object({
  version: version(),
  creation_timestamp: optInt64(),
  last_updated_timestamp: optInt64(),
  user_id: optString(),
  current_stage: optString(),
  description: optString(),
  source: optString(),
  run_id: optString(),
  run_link: optString(),
  model_id: optString(),
  status: optEnum(MODEL_VERSION_STATUSES, { 1: "PENDING_REGISTRATION", 2: "FAILED_REGISTRATION", 3: "READY" }).optional(),
  status_message: optString(),
  tags: kvList(),
});

export const importRegisteredModelRequest = z
  .object({
    job_id: jobId(),
    fingerprint: fingerprint(),
    registered_model: z.object({
      name: reqString(),
      creation_timestamp: optInt64(),
      last_updated_timestamp: optInt64(),
      user_id: optString(),
      description: optString(),
      tags: kvList(),
      aliases: list(z.object({ alias: reqString(), version: version() })),
    }),
    model_versions: list(wireModelVersion),
  })
  .transform((b): ImportRegisteredModelInput => {
    const m = b.registered_model;
    const created = m.creation_timestamp ?? 0n;
    return {
      jobId: b.job_id,
      fingerprint: b.fingerprint,
      model: { name: m.name, creationTimestamp: created, lastUpdatedTimestamp: m.last_updated_timestamp ?? created, userId: m.user_id ?? null, description: m.description ?? null },
      tags: m.tags,
      aliases: m.aliases,
      versions: b.model_versions.map(
        (v): ImportModelVersionInput => ({
          version: v.version,
          creationTimestamp: v.creation_timestamp ?? created,
          lastUpdatedTimestamp: v.last_updated_timestamp ?? v.creation_timestamp ?? created,
          userId: v.user_id ?? null,
          currentStage: v.current_stage || "None",
          description: v.description ?? null,
          source: v.source ?? null,
          runId: v.run_id || null,
          runLink: v.run_link || null,
          modelId: v.model_id || null,
          status: v.status ?? "READY",
          statusMessage: v.status_message ?? null,
          tags: v.tags,
        }),
      ),
    };
  });
