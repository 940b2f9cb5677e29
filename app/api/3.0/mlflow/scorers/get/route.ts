import { mlflowRoute } from "@/lib/mlflow/route";
import { getScorerRequest, toMlflowScorer } from "@/lib/mlflow/eval-datasets";
import { getScorer } from "@/lib/domain/traces/scorers";

export const GET = mlflowRoute(getScorerRequest, async (q) => ({ scorer: toMlflowScorer(await getScorer(q.experiment_id, q.name, q.version ?? undefined)) }));
