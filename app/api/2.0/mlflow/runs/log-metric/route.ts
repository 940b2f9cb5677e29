import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowLogMetric, logMetricRequest } from "@/lib/mlflow/runs";
import { logMetric } from "@/lib/domain/runs/log-batch";

export const POST = mlflowRoute(logMetricRequest, async (body) => {
  await logMetric(fromMlflowLogMetric(body));
  return {};
});
