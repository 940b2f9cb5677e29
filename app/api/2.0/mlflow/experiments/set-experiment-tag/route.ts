import { mlflowRoute } from "@/lib/mlflow/route";
import { setExperimentTagRequest } from "@/lib/mlflow/experiments";
import { setExperimentTag } from "@/lib/domain/experiments";

export const POST = mlflowRoute(setExperimentTagRequest, async (body) => {
  await setExperimentTag({ experimentId: body.experiment_id, key: body.key, value: body.value ?? "" });
  return {};
});
