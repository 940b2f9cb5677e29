import { getGrant } from "@/lib/domain/auth/grants";
import { toMlflowExperimentPermission, experimentGranteeRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET experiments/permissions/get?experiment_id=&username= (or group_name=) — MANAGE on it; no explicit grant → RESOURCE_DOES_NOT_EXIST.
export const GET = mlflowRoute(experimentGranteeRequest, async (q) => ({ experiment_permission: toMlflowExperimentPermission(q.experiment_id, await getGrant("experiment", q.experiment_id, toGrantee(q))) }));
