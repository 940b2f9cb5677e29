import { mlflowRoute } from "@/lib/mlflow/route";
import { registerScorerRequest } from "@/lib/mlflow/eval-datasets";
import { num } from "@/lib/mlflow/wire";
import { registerScorer } from "@/lib/domain/traces/scorers";

export const POST = mlflowRoute(registerScorerRequest, async (b) => {
  const s = await registerScorer(b.experiment_id, b.name, b.serialized_scorer);
  return { version: s.version, scorer_id: s.scorerId, experiment_id: s.experimentId, name: s.name, serialized_scorer: s.serializedScorer, creation_time: num(s.creationTime) };
});
