import { mlflowRoute } from "@/lib/mlflow/route";
import { experimentIdRequest } from "@/lib/mlflow/experiments";
import { deleteExperiment } from "@/lib/domain/experiments";

export const POST = mlflowRoute(experimentIdRequest, async (body) => {
  await deleteExperiment(body.experiment_id);
  return {};
});
