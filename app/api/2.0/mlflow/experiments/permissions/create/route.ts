import { createGrant } from "@/lib/domain/auth/grants";
import { parsePermission } from "@/lib/domain/auth/permissions";
import { toMlflowExperimentPermission, experimentPermissionRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// POST experiments/permissions/create {experiment_id, username | group_name, permission} — MANAGE on it.
export const POST = mlflowRoute(experimentPermissionRequest, async (b) => ({
  experiment_permission: toMlflowExperimentPermission(b.experiment_id, await createGrant("experiment", b.experiment_id, toGrantee(b), parsePermission(b.permission))),
}));
