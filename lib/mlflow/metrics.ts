import "server-only";
import { z } from "zod";
import { MISSING, list, num, optInt32, optInt64, optString, reqString, wireDouble } from "@/lib/mlflow/wire";
import type { MetricPoint } from "@/lib/domain/metrics";

// Wire shapes of the metric-history endpoints (docs/mlflow-compatibility.md#metrics).

export const getMetricHistoryRequest = z
  .object({ run_id: optString(), run_uuid: optString(), metric_key: reqString(), max_results: optInt32(), page_token: optString() })
  .transform((o, ctx) => {
    const runId = o.run_id || o.run_uuid;
    if (!runId) {
      ctx.addIssue({ code: "custom", message: MISSING, path: ["run_id"] });
      return z.NEVER;
    }
    return { ...o, runId };
  });

export const getMetricHistoryBulkIntervalRequest = z.object({
  run_ids: list(z.string()),
  metric_key: reqString(),
  start_step: optInt64(),
  end_step: optInt64(),
  max_results: optInt32(),
});

export const getMetricHistoryBulkRequest = z.object({
  run_id: list(z.string()),
  metric_key: optString(),
  max_results: optInt32(),
});

/** Metric as in get-history: key, value, timestamp, step (+ model / dataset when set). */
export const toMlflowHistoryMetric = (m: MetricPoint) => ({
  key: m.key,
  value: wireDouble(m.value),
  timestamp: num(m.timestamp),
  step: num(m.step),
  dataset_name: m.datasetName,
  dataset_digest: m.datasetDigest,
  model_id: m.modelId,
  run_id: m.runId,
});

/** MetricWithRunId (bulk endpoints). */
export const toMlflowMetricWithRunId = (m: MetricPoint) => ({
  key: m.key,
  value: wireDouble(m.value),
  timestamp: num(m.timestamp),
  step: num(m.step),
  run_id: m.runId,
});
