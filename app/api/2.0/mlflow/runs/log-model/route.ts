import { mlflowRoute } from "@/lib/mlflow/route";
import { logModelRequest } from "@/lib/mlflow/runs";
import { logModel } from "@/lib/domain/runs/inputs";

export const POST = mlflowRoute(logModelRequest, async (body) => {
  await logModel({ runId: body.run_id, modelJson: body.model_json });
  return {};
});
