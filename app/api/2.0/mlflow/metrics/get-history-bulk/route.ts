import { mlflowRoute } from "@/lib/mlflow/route";
import { getMetricHistoryBulkRequest, toMlflowMetricWithRunId } from "@/lib/mlflow/metrics";
import { getMetricHistoryBulk } from "@/lib/domain/metrics";

// Legacy, UI-only (not in MLflow's proto): full histories of up to 100 runs, capped at 25 000 points.
export const GET = mlflowRoute(getMetricHistoryBulkRequest, async (q) => {
  const metrics = await getMetricHistoryBulk({ runIds: q.run_id, metricKey: q.metric_key, maxResults: q.max_results });
  return { metrics: metrics.map(toMlflowMetricWithRunId) };
});
