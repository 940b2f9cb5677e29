import { mlflowRoute } from "@/lib/mlflow/route";
import { getMetricHistoryRequest, toMlflowHistoryMetric } from "@/lib/mlflow/metrics";
import { getMetricHistory } from "@/lib/domain/metrics";

export const GET = mlflowRoute(getMetricHistoryRequest, async (q) => {
  const page = await getMetricHistory({ runId: q.runId, metricKey: q.metric_key, maxResults: q.max_results, pageToken: q.page_token || undefined });
  return { metrics: page.metrics.length ? page.metrics.map(toMlflowHistoryMetric) : undefined, next_page_token: page.nextPageToken };
});
