import { updateGrant } from "@/lib/domain/auth/grants";
import { parsePermission } from "@/lib/domain/auth/permissions";
import { experimentPermissionRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// PATCH experiments/permissions/update {experiment_id, username | group_name, permission} — MANAGE on it.
export const PATCH = mlflowRoute(experimentPermissionRequest, async (b) => {
  await updateGrant("experiment", b.experiment_id, toGrantee(b), parsePermission(b.permission));
  return {};
});
