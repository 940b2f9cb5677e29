import { mlflowRoute } from "@/lib/mlflow/route";
import { anyQuery, toMlflowDataset } from "@/lib/mlflow/eval-datasets";
import { deleteEvalDataset, getEvalDataset } from "@/lib/domain/traces/eval-datasets";

export const GET = mlflowRoute(anyQuery, async (_q, _req, params) => ({ dataset: toMlflowDataset(await getEvalDataset(String(params.dataset_id))) }));
export const DELETE = mlflowRoute(anyQuery, async (_b, _req, params) => {
  await deleteEvalDataset(String(params.dataset_id));
  return {};
});

// Other methods on this dynamic segment are no MLflow endpoint: ENDPOINT_NOT_FOUND, as JSON.
export { POST, PUT, PATCH } from "@/app/api/[...path]/route";
