import { mlflowRoute } from "@/lib/mlflow/route";
import { getMetricHistoryRequest, metricHistoryResponse } from "@/lib/mlflow/metrics";
import { openMetricHistory } from "@/lib/domain/metrics";

// Streamed: a million-point history is written out chunk by chunk, never built whole.
export const GET = mlflowRoute(getMetricHistoryRequest, async (q) =>
  metricHistoryResponse(await openMetricHistory({ runId: q.runId, metricKey: q.metric_key, maxResults: q.max_results, pageToken: q.page_token || undefined })),
);
