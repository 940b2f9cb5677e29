import { mlflowRoute } from "@/lib/mlflow/route";
import { createRunRequest, fromMlflowCreateRun, toMlflowRun } from "@/lib/mlflow/runs";
import { createRun } from "@/lib/domain/runs/lifecycle";

export const POST = mlflowRoute(createRunRequest, async (body) => {
  return { run: toMlflowRun(await createRun(fromMlflowCreateRun(body))) };
});
