import { listGrants } from "@/lib/domain/auth/grants";
import { toMlflowModelPermission, modelNameOnlyRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET registered-models/permissions/list?name= — every explicit grant (users and groups); MANAGE on it. Runboard only.
export const GET = mlflowRoute(modelNameOnlyRequest, async (q) => ({ registered_model_permissions: (await listGrants("registered_model", q.name)).map((g) => toMlflowModelPermission(q.name, g)) }));
