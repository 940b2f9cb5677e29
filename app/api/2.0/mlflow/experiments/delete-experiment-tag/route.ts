import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteExperimentTagRequest } from "@/lib/mlflow/experiments";
import { deleteExperimentTag } from "@/lib/domain/experiments";

export const POST = mlflowRoute(deleteExperimentTagRequest, async (body) => {
  await deleteExperimentTag({ experimentId: body.experiment_id, key: body.key });
  return {};
});
