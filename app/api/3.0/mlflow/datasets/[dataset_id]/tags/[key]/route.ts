import { mlflowRoute } from "@/lib/mlflow/route";
import { anyQuery } from "@/lib/mlflow/eval-datasets";
import { deleteEvalDatasetTag } from "@/lib/domain/traces/eval-datasets";

export const DELETE = mlflowRoute(anyQuery, async (_b, _req, params) => {
  await deleteEvalDatasetTag(String(params.dataset_id), String(params.key));
  return {};
});
