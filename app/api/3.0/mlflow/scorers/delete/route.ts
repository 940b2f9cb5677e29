import { mlflowRoute } from "@/lib/mlflow/route";
import { getScorerRequest } from "@/lib/mlflow/eval-datasets";
import { deleteScorer } from "@/lib/domain/traces/scorers";

// Without a version every version goes (and the scorer with them).
export const DELETE = mlflowRoute(getScorerRequest, async (b) => {
  await deleteScorer(b.experiment_id, b.name, b.version ?? undefined);
  return {};
});
