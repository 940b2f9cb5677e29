import { deleteGrant } from "@/lib/domain/auth/grants";
import { experimentGranteeRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// DELETE experiments/permissions/delete {experiment_id, username | group_name} — MANAGE on it.
export const DELETE = mlflowRoute(experimentGranteeRequest, async (b) => {
  await deleteGrant("experiment", b.experiment_id, toGrantee(b));
  return {};
});
