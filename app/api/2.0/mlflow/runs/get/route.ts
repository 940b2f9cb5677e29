import { mlflowRoute } from "@/lib/mlflow/route";
import { runIdRequest, toMlflowRun } from "@/lib/mlflow/runs";
import { getRunOrThrow } from "@/lib/domain/runs/read";

export const GET = mlflowRoute(runIdRequest, async (q) => {
  return { run: toMlflowRun(await getRunOrThrow(q.runId)) };
});
