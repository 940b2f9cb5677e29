import { getGrant } from "@/lib/domain/auth/grants";
import { toMlflowModelPermission, modelGranteeRequest, toGrantee } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET registered-models/permissions/get?name=&username= (or group_name=) — MANAGE on it; no explicit grant → RESOURCE_DOES_NOT_EXIST.
export const GET = mlflowRoute(modelGranteeRequest, async (q) => ({ registered_model_permission: toMlflowModelPermission(q.name, await getGrant("registered_model", q.name, toGrantee(q))) }));
