import { updateGrant } from "@/lib/domain/auth/grants";
import { parsePermission } from "@/lib/domain/auth/permissions";
import { modelPermissionRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// PATCH registered-models/permissions/update {name, username | group_name, permission} — MANAGE on it.
export const PATCH = mlflowRoute(modelPermissionRequest, async (b) => {
  await updateGrant("registered_model", b.name, toGrantee(b), parsePermission(b.permission));
  return {};
});
