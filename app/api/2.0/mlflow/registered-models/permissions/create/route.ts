import { createGrant } from "@/lib/domain/auth/grants";
import { parsePermission } from "@/lib/domain/auth/permissions";
import { toMlflowModelPermission, modelPermissionRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST registered-models/permissions/create {name, username | group_name, permission} — MANAGE on it.
export const POST = mlflowRoute(modelPermissionRequest, async (b) => ({
  registered_model_permission: toMlflowModelPermission(b.name, await createGrant("registered_model", b.name, toGrantee(b), parsePermission(b.permission))),
}));
