import { mlflowRoute } from "@/lib/mlflow/route";
import { updateExperimentRequest } from "@/lib/mlflow/experiments";
import { updateExperiment } from "@/lib/domain/experiments";

export const POST = mlflowRoute(updateExperimentRequest, async (body) => {
  await updateExperiment({ experimentId: body.experiment_id, newName: body.new_name });
  return {};
});
