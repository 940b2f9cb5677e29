import "server-only";
import { z } from "zod";
import { MISSING, PATH, keyValue, list, num, optEnum, optId, optInt32, optInt64, optString, parseDouble, reqDouble, reqInt64, reqRunId, reqString, wireDouble, wrongType } from "@/lib/mlflow/wire";
import { optViewType } from "@/lib/mlflow/experiments";
import { RUN_ID, invalidValueMessage } from "@/lib/domain/validation";
import type { FullRun, MetricRecord, RunInfoRecord } from "@/lib/domain/runs/records";
import type { DatasetInputRecord } from "@/lib/domain/datasets";
import type { RunSearchStream } from "@/lib/domain/runs/read";
import { jsonStreamResponse } from "@/lib/mlflow/json-stream";
import type { ViewType } from "@/lib/schemas/experiment";
import type { CreateRunInput, LogBatchInput, LogInputsInput, MetricInput, RunStatusName, SearchRunsInput } from "@/lib/schemas/run";

// Wire shapes of the run endpoints and the Run JSON (docs/mlflow-compatibility.md#runs).

export const RUN_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;
export const optRunStatus = () => optEnum(RUN_STATUSES, { 1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED" });

/** `run_id`, or the legacy `run_uuid` the client also sends; one of them is required. */
function withRunId<S extends z.ZodRawShape>(shape: S) {
  return z
    .object({ run_id: optString(), run_uuid: optString(), ...shape })
    .transform((o, ctx) => {
      // Generic over `shape`, so TypeScript cannot see the two fields without help.
      const ids = o as { run_id?: string; run_uuid?: string };
      const runId = ids.run_id || ids.run_uuid;
      if (!runId) {
        ctx.addIssue({ code: "custom", message: MISSING, path: ["run_id"] });
        return z.NEVER;
      }
      // MLflow's run-id shape (as log-batch checks it), on every single-run endpoint.
      if (!RUN_ID.test(runId)) {
        ctx.addIssue({ code: "custom", message: invalidValueMessage(ids.run_id ? "run_id" : "run_uuid", runId) });
        return z.NEVER;
      }
      return { ...o, runId };
    });
}

export const runIdRequest = withRunId({});
export const runIdOnlyRequest = z.object({ run_id: reqRunId() });

export const createRunRequest = z.object({
  experiment_id: optId(),
  user_id: optString(),
  run_name: optString(),
  start_time: optInt64(),
  tags: list(keyValue()),
});

export const fromMlflowCreateRun = (b: z.output<typeof createRunRequest>): CreateRunInput => ({
  experimentId: b.experiment_id,
  userId: b.user_id,
  runName: b.run_name || undefined,
  startTime: b.start_time,
  tags: b.tags.map((t) => ({ key: t.key, value: t.value ?? "" })),
});

export const updateRunRequest = withRunId({ status: optRunStatus(), end_time: optInt64(), run_name: optString() });

const metricFields = {
  key: reqString(),
  value: reqDouble(),
  timestamp: reqInt64(),
  step: optInt64(),
  model_id: optString(),
  dataset_name: optString(),
  dataset_digest: optString(),
};
type WireMetric = { key: string; value: number; timestamp: bigint; step?: bigint; model_id?: string; dataset_name?: string; dataset_digest?: string };
const fromMlflowMetric = (m: WireMetric): MetricInput => ({
  key: m.key,
  value: m.value,
  timestamp: m.timestamp,
  step: m.step ?? 0n,
  modelId: m.model_id || undefined,
  datasetName: m.dataset_name || undefined,
  datasetDigest: m.dataset_digest || undefined,
});

export const logMetricRequest = withRunId(metricFields);
export const fromMlflowLogMetric = (b: z.output<typeof logMetricRequest>) => ({ runId: b.runId, ...fromMlflowMetric(b) });

export const logParamRequest = withRunId({ key: reqString(), value: optString() });
export const setTagRequest = withRunId({ key: reqString(), value: optString() });
export const deleteTagRequest = z.object({ run_id: reqRunId(), key: reqString() });

const typeHint = (v: unknown) => wrongType(v);

function int64(v: unknown): bigint | undefined | null {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : null;
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) {
    const b = BigInt(v.trim());
    return b >= -(2n ** 63n) && b < 2n ** 63n ? b : null;
  }
  return null;
}

/**
 * `metrics` of log-batch: the same rules and messages as `list(metricItem)`, hand-rolled
 * because this is the hot path (1,000 points per request; zod's generic machinery costs
 * ~10 ms there, this loop well under 1 ms).
 */
const metricList = () =>
  z.unknown().transform((raw, ctx): WireMetric[] => {
    const fail = (path: (string | number)[], message: string) => {
      ctx.addIssue({ code: "custom", message, path });
      return z.NEVER;
    };
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) return fail([], typeHint(raw));
    const items: unknown[] = raw ?? [];
    const out: WireMetric[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const m = items[i] as Record<string, unknown>;
      if (typeof m !== "object" || m === null || Array.isArray(m)) return fail([i], typeHint(m));
      const key = m.key;
      if (key === undefined || key === null || key === "") return fail([i, "key"], MISSING);
      if (typeof key !== "string") return fail([i, "key"], typeHint(key));
      const value = parseDouble(m.value);
      if (value === undefined) return fail([i, "value"], MISSING);
      if (typeof value !== "number") return fail([i, "value"], typeHint(m.value));
      const timestamp = int64(m.timestamp);
      if (timestamp === undefined) return fail([i, "timestamp"], MISSING);
      if (timestamp === null) return fail([i, "timestamp"], typeHint(m.timestamp));
      const step = int64(m.step);
      if (step === null) return fail([i, "step"], typeHint(m.step));
      const item: WireMetric = { key, value, timestamp, step };
      for (const f of ["model_id", "dataset_name", "dataset_digest", "run_id"] as const) {
        const v = m[f];
        if (v === undefined || v === null) continue;
        if (typeof v !== "string") return fail([i, f], typeHint(v));
        if (f !== "run_id") item[f] = v;
      }
      out[i] = item;
    }
    return out;
  })
    // an absent key must parse (zod 4 treats a bare transform as a required key)
    .optional();

export const logBatchRequest = z.object({
  run_id: reqRunId(),
  metrics: metricList(),
  params: list(keyValue()),
  tags: list(keyValue()),
});

export const fromMlflowLogBatch = (b: z.output<typeof logBatchRequest>): LogBatchInput => ({
  runId: b.run_id,
  metrics: (b.metrics ?? []).map(fromMlflowMetric),
  params: b.params.map((p) => ({ key: p.key, value: p.value ?? "" })),
  tags: b.tags.map((t) => ({ key: t.key, value: t.value ?? "" })),
});

export const logInputsRequest = z.object({
  run_id: reqRunId(),
  datasets: list(
    z.object({
      tags: list(z.object({ key: reqString(), value: optString() })),
      dataset: z.object({
        name: reqString(),
        digest: reqString(),
        source_type: reqString(),
        source: reqString(),
        schema: optString(),
        profile: optString(),
      }),
    }),
  ),
  models: list(z.object({ model_id: reqString() })),
});

export const fromMlflowLogInputs = (b: z.output<typeof logInputsRequest>): LogInputsInput => ({
  runId: b.run_id,
  datasets: b.datasets.map((d) => ({
    tags: d.tags.map((t) => ({ key: t.key, value: t.value ?? "" })),
    dataset: {
      name: d.dataset.name,
      digest: d.dataset.digest,
      sourceType: d.dataset.source_type,
      source: d.dataset.source,
      schema: d.dataset.schema,
      profile: d.dataset.profile,
    },
  })),
  models: b.models.map((m) => ({ modelId: m.model_id })),
});

export const logOutputsRequest = z.object({
  run_id: reqRunId(),
  models: z.preprocess(
    (v) => (v === undefined || v === null || (Array.isArray(v) && v.length === 0) ? undefined : Array.isArray(v) ? v : [v]),
    z.array(z.object({ model_id: reqString(), step: reqInt64() }), { error: MISSING }),
  ),
});

export const logModelRequest = z.object({ run_id: reqRunId(), model_json: reqString() });

export const SEARCH_RUNS_MAX_RESULTS = 50000;
export const searchRunsRequest = z.object({
  experiment_ids: list(z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string())),
  filter: optString(),
  run_view_type: optViewType(),
  max_results: optInt32().transform((v, ctx) => {
    if (v !== undefined && (v > SEARCH_RUNS_MAX_RESULTS || v < 0)) {
      ctx.addIssue({ code: "custom", message: `Invalid value ${v} for parameter '${PATH}' supplied. It must be between 0 and ${SEARCH_RUNS_MAX_RESULTS}.` });
      return z.NEVER;
    }
    return v;
  }),
  order_by: list(z.string()),
  page_token: optString(),
});

export const fromMlflowSearchRuns = (b: z.output<typeof searchRunsRequest>): SearchRunsInput => ({
  experimentIds: b.experiment_ids,
  filter: b.filter || undefined,
  runViewType: b.run_view_type as ViewType | undefined,
  maxResults: b.max_results || undefined,
  orderBy: b.order_by.length ? b.order_by : undefined,
  pageToken: b.page_token || undefined,
});

// ─── output ───

const nonEmpty = <T>(a: T[]) => (a.length ? a : undefined);

export function toMlflowRunInfo(i: RunInfoRecord) {
  return {
    run_id: i.runId,
    run_uuid: i.runId,
    run_name: i.runName,
    experiment_id: i.experimentId,
    user_id: i.userId,
    status: i.status as RunStatusName,
    start_time: num(i.startTime),
    end_time: num(i.endTime),
    artifact_uri: i.artifactUri,
    lifecycle_stage: i.lifecycleStage,
  };
}

export const toMlflowMetric = (m: MetricRecord) => ({ key: m.key, value: wireDouble(m.value), timestamp: num(m.timestamp), step: num(m.step) });

export function toMlflowDatasetInput(d: DatasetInputRecord) {
  return {
    tags: nonEmpty(d.tags),
    dataset: {
      name: d.dataset.name,
      digest: d.dataset.digest,
      source_type: d.dataset.sourceType,
      source: d.dataset.source,
      schema: d.dataset.schema ?? undefined,
      profile: d.dataset.profile ?? undefined,
    },
  };
}

export function toMlflowRun(r: FullRun) {
  return {
    info: toMlflowRunInfo(r.info),
    data: {
      metrics: nonEmpty(r.data.metrics.map(toMlflowMetric)),
      params: nonEmpty(r.data.params),
      tags: nonEmpty(r.data.tags),
    },
    inputs: {
      dataset_inputs: nonEmpty(r.inputs.datasets.map(toMlflowDatasetInput)),
      model_inputs: nonEmpty(r.inputs.models.map((m) => ({ model_id: m.modelId }))),
    },
    outputs: {
      model_outputs: nonEmpty(r.outputs.models.map((m) => ({ model_id: m.modelId, step: num(m.step) }))),
    },
  };
}

/**
 * The runs/search answer, byte for byte `Response.json({ runs, next_page_token })`. A page of
 * more than one chunk is written out chunk by chunk as the client reads it (jsonStreamResponse),
 * so memory stays that of one chunk; errors of the search itself and of the first chunk are
 * thrown before anything is written, and answer as usual.
 */
export async function searchRunsResponse(search: RunSearchStream): Promise<Response> {
  const token = search.nextPageToken;
  const close = async () => {
    await search.chunks.return(undefined);
  };
  let first: FullRun[] = [];
  try {
    // The first chunk with a run in it (all of a chunk's runs may have been deleted meanwhile).
    for (let r = await search.chunks.next(); !r.done; r = await search.chunks.next()) {
      if (r.value.length) {
        first = r.value;
        break;
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  const tail = token ? `],"next_page_token":${JSON.stringify(token)}}` : "]}";
  if (!first.length || search.size <= first.length) {
    await close();
    return Response.json({ runs: first.length ? first.map(toMlflowRun) : undefined, next_page_token: token });
  }
  const runsJson = (runs: FullRun[]) => runs.map((r) => JSON.stringify(toMlflowRun(r))).join(",");
  async function* pieces(): AsyncGenerator<string, void, undefined> {
    yield `{"runs":[${runsJson(first)}`;
    for await (const chunk of search.chunks) if (chunk.length) yield `,${runsJson(chunk)}`;
    yield tail;
  }
  return jsonStreamResponse(pieces(), close);
}
