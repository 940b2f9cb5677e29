import { listGrants } from "@/lib/domain/auth/grants";
import { toMlflowExperimentPermission, experimentIdOnlyRequest } from "@/lib/mlflow/auth";
import { mlflowRoute } from "@/lib/mlflow/route";

// GET experiments/permissions/list?experiment_id= — every explicit grant (users and groups); MANAGE on it. Runboard only.
export const GET = mlflowRoute(experimentIdOnlyRequest, async (q) => ({ experiment_permissions: (await listGrants("experiment", q.experiment_id)).map((g) => toMlflowExperimentPermission(q.experiment_id, g)) }));
