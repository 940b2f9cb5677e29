import { mlflowRoute } from "@/lib/mlflow/route";
import { getExperimentByNameRequest, toMlflowExperiment } from "@/lib/mlflow/experiments";
import { getExperimentByName } from "@/lib/domain/experiments";
import { notFound } from "@/lib/errors";

export const GET = mlflowRoute(getExperimentByNameRequest, async (q) => {
  const experiment = await getExperimentByName(q.experiment_name);
  if (!experiment) throw notFound(`Could not find experiment with name '${q.experiment_name}'`);
  return { experiment: toMlflowExperiment(experiment) };
});
