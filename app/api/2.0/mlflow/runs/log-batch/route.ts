import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowLogBatch, logBatchRequest } from "@/lib/mlflow/runs";
import { logBatch } from "@/lib/domain/runs/log-batch";

export const POST = mlflowRoute(logBatchRequest, async (body) => {
  await logBatch(fromMlflowLogBatch(body));
  return {};
});
