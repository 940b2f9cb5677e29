import "server-only";
import { z } from "zod";
import { MISSING, list, num, optInt32, optInt64, optString, reqString, wireDouble } from "@/lib/mlflow/wire";
import type { HistoryPoint, MetricHistoryStream, MetricPoint } from "@/lib/domain/metrics";
import { jsonStreamResponse } from "@/lib/mlflow/json-stream";

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

/** An int64 as JSON the way `num()` writes it: exact up to 15 digits, else through a double. */
const int64Json = (text: string) => (text.length <= 15 ? text : String(Number(text)));

/**
 * The get-history answer, streamed chunk by chunk: byte for byte what
 * `JSON.stringify({ metrics: points.map(toMlflowHistoryMetric), next_page_token })` would be
 * (`{}` for no points), without ever holding more than one chunk of it.
 */
export async function metricHistoryResponse(history: MetricHistoryStream): Promise<Response> {
  let head: IteratorResult<HistoryPoint[], void>;
  try {
    head = await history.chunks.next();
  } catch (e) {
    await history.close();
    throw e;
  }
  if (head.done) {
    await history.close();
    const token = history.nextPageToken();
    return Response.json(token ? { next_page_token: token } : {});
  }
  const open = `{"key":${JSON.stringify(history.key)},"value":`;
  const end = `,"run_id":${JSON.stringify(history.runId)}}`;
  const point = (p: HistoryPoint) => {
    let s = `${open}${Number.isFinite(p.value) ? String(p.value) : JSON.stringify(wireDouble(p.value))},"timestamp":${int64Json(p.timestamp)},"step":${int64Json(p.step)}`;
    if (p.datasetName) s += `,"dataset_name":${JSON.stringify(p.datasetName)}`;
    if (p.datasetDigest) s += `,"dataset_digest":${JSON.stringify(p.datasetDigest)}`;
    if (p.modelId) s += `,"model_id":${JSON.stringify(p.modelId)}`;
    return s + end;
  };
  const first = head.value;
  async function* pieces(): AsyncGenerator<string, void, undefined> {
    yield `{"metrics":[${first.map(point).join(",")}`;
    for await (const chunk of history.chunks) yield `,${chunk.map(point).join(",")}`;
    const token = history.nextPageToken();
    yield token ? `],"next_page_token":${JSON.stringify(token)}}` : "]}";
  }
  return jsonStreamResponse(pieces(), history.close);
}
