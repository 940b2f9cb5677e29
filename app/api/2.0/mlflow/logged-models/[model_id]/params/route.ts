import { logLoggedModelParams } from "@/lib/domain/logged-models/write";
import { logLoggedModelParamsRequest } from "@/lib/mlflow/logged-models";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST logged-models/{model_id}/params (docs/mlflow-compatibility.md#logged-models).
export const POST = mlflowRoute(logLoggedModelParamsRequest, async (body, _req, params) => {
  await logLoggedModelParams(String(params.model_id), body.params);
  return {};
});
