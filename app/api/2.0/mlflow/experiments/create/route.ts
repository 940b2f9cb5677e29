import { mlflowRoute } from "@/lib/mlflow/route";
import { createExperimentRequest, fromMlflowCreateExperiment } from "@/lib/mlflow/experiments";
import { createExperiment } from "@/lib/domain/experiments";

export const POST = mlflowRoute(createExperimentRequest, async (body) => {
  const experiment = await createExperiment(fromMlflowCreateExperiment(body));
  return { experiment_id: experiment.experimentId };
});
