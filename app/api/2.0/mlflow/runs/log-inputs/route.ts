import { mlflowRoute } from "@/lib/mlflow/route";
import { fromMlflowLogInputs, logInputsRequest } from "@/lib/mlflow/runs";
import { logInputs } from "@/lib/domain/runs/inputs";

export const POST = mlflowRoute(logInputsRequest, async (body) => {
  await logInputs(fromMlflowLogInputs(body));
  return {};
});
