import { mlflowRoute } from "@/lib/mlflow/route";
import { logOutputsRequest } from "@/lib/mlflow/runs";
import { logOutputs } from "@/lib/domain/runs/inputs";

export const POST = mlflowRoute(logOutputsRequest, async (body) => {
  await logOutputs({ runId: body.run_id, models: body.models.map((m) => ({ modelId: m.model_id, step: m.step })) });
  return {};
});
