import { mlflowRoute } from "@/lib/mlflow/route";
import { runIdOnlyRequest } from "@/lib/mlflow/runs";
import { deleteRun } from "@/lib/domain/runs/lifecycle";

export const POST = mlflowRoute(runIdOnlyRequest, async (body) => {
  await deleteRun(body.run_id);
  return {};
});
