import { mlflowRoute } from "@/lib/mlflow/route";
import { experimentIdRequest } from "@/lib/mlflow/experiments";
import { restoreExperiment } from "@/lib/domain/experiments";

export const POST = mlflowRoute(experimentIdRequest, async (body) => {
  await restoreExperiment(body.experiment_id);
  return {};
});
