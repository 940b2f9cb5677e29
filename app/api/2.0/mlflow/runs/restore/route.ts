import { mlflowRoute } from "@/lib/mlflow/route";
import { runIdOnlyRequest } from "@/lib/mlflow/runs";
import { restoreRun } from "@/lib/domain/runs/lifecycle";

export const POST = mlflowRoute(runIdOnlyRequest, async (body) => {
  await restoreRun(body.run_id);
  return {};
});
