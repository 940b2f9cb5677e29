import { deleteGrant } from "@/lib/domain/auth/grants";
import { modelGranteeRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// DELETE registered-models/permissions/delete {name, username | group_name} — MANAGE on it.
export const DELETE = mlflowRoute(modelGranteeRequest, async (b) => {
  await deleteGrant("registered_model", b.name, toGrantee(b));
  return {};
});
