import { mlflowRoute } from "@/lib/mlflow/route";
import { experimentIdRequest, toMlflowExperiment } from "@/lib/mlflow/experiments";
import { getExperimentOrThrow } from "@/lib/domain/experiments";

export const GET = mlflowRoute(experimentIdRequest, async (q) => {
  return { experiment: toMlflowExperiment(await getExperimentOrThrow(q.experiment_id)) };
});
