import { mlflowRoute } from "@/lib/mlflow/route";
import { getMetricHistoryBulkIntervalRequest, toMlflowMetricWithRunId } from "@/lib/mlflow/metrics";
import { getMetricHistoryBulkInterval } from "@/lib/domain/metrics";

export const GET = mlflowRoute(getMetricHistoryBulkIntervalRequest, async (q) => {
  const metrics = await getMetricHistoryBulkInterval({
    runIds: q.run_ids,
    metricKey: q.metric_key,
    startStep: q.start_step,
    endStep: q.end_step,
    maxResults: q.max_results,
  });
  return { metrics: metrics.length ? metrics.map(toMlflowMetricWithRunId) : undefined };
});
