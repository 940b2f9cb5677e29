import { mlflowRoute } from "@/lib/mlflow/route";
import { logParamRequest } from "@/lib/mlflow/runs";
import { logParam } from "@/lib/domain/runs/log-batch";

export const POST = mlflowRoute(logParamRequest, async (body) => {
  await logParam({ runId: body.runId, key: body.key, value: body.value ?? "" });
  return {};
});
